import { type Kysely, sql } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import type { JournalCsvEntry } from '../documents/writeJournalCsv.js';

/**
 * The ledger entries a run posted (idempotency keys `payrun:<id>:…`), in posting order, with their accounts spelled
 * out — what writeJournalCsv exports. A crypto payout's reference is its transaction hash and log index.
 */
export async function readPayRunJournal(
  db: Kysely<Tables>,
  companyId: string,
  payRunId: string,
): Promise<JournalCsvEntry[]> {
  const prefix = `payrun:${payRunId}:`;
  const { rows } = await sql<{
    id: string;
    date: string;
    description: string;
    metadata: Record<string, unknown> | string;
    code: string;
    name: string;
    currency: string;
    decimals: number;
    amount: string;
  }>`select e.id, to_char(e.effective_date, 'YYYY-MM-DD') as date, e.description, e.metadata,
      a.code, a.name, p.currency, a.decimals, p.amount::text as amount
    from ledger_entries e
    join ledger_postings p on p.entry_id = e.id
    join ledger_accounts a on a.id = p.account_id
    where e.company_id = ${companyId} and left(e.idempotency_key, ${prefix.length}) = ${prefix}
    order by e.seq, p.line_no`.execute(db);
  const entries = new Map<string, JournalCsvEntry & { lines: JournalCsvEntry['lines'][number][] }>();
  for (const row of rows) {
    let entry = entries.get(row.id);
    if (!entry) {
      const metadata = (typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata) as Record<
        string,
        unknown
      >;
      const reference =
        typeof metadata.txHash === 'string'
          ? `${metadata.txHash}:${String(metadata.logIndex)}`
          : typeof metadata.sepaMessageId === 'string'
            ? metadata.sepaMessageId
            : payRunId;
      entry = { id: row.id, date: row.date, description: row.description, reference, lines: [] };
      entries.set(row.id, entry);
    }
    entry.lines.push({
      accountCode: row.code,
      accountName: row.name,
      currency: row.currency,
      decimals: Number(row.decimals),
      amount: BigInt(row.amount),
    });
  }
  return [...entries.values()];
}
