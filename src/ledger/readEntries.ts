import { sql } from 'kysely';
import type { LedgerContext } from './LedgerContext.js';
import { type EntryRow, entryFromRow, type LedgerEntry, type Posting } from './LedgerEntry.js';

type PostingRow = { entry_id: string; account_id: string; currency: string; amount: string };

/** Completes entry rows with their postings (one query for all of them), keeping the rows' order. */
export async function readEntries(context: LedgerContext, rows: readonly EntryRow[]): Promise<LedgerEntry[]> {
  if (rows.length === 0) return [];
  const { rows: postingRows } = await sql<PostingRow>`
    select entry_id, account_id, currency, amount::text as amount from ledger_postings
    where entry_id = any(${rows.map((row) => row.id)}::uuid[])
    order by entry_id, line_no`.execute(context.db);
  const postingsByEntry = new Map<string, Posting[]>();
  for (const row of postingRows) {
    let postings = postingsByEntry.get(row.entry_id);
    if (!postings) {
      postings = [];
      postingsByEntry.set(row.entry_id, postings);
    }
    postings.push({ accountId: row.account_id, currency: row.currency, amount: BigInt(row.amount) });
  }
  return rows.map((row) => entryFromRow(row, postingsByEntry.get(row.id) ?? []));
}
