import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ValidationError } from '../errors/BaseError.js';
import type { LedgerContext } from './LedgerContext.js';
import { loadAccounts } from './loadAccounts.js';
import type { PostEntryParameters, PostEntryReturnType } from './postEntry.js';
import { checkEntryInput, type PreparedEntry, prepareEntry } from './prepareEntry.js';
import { replayEntry } from './replayEntry.js';
import { toLedgerError } from './toLedgerError.js';

// Bounds that keep one batch's statement and its arrays well inside what either database takes in one message.
const maxEntries = 10_000;
const maxPostings = 100_000;

type WrittenRow = { id: string; seq: string; created_at: Date };

/**
 * Posts many balanced entries at once: all of them or none. Each is validated as postEntry would (errors name
 * `entries[3].postings[1].amount`), then they are written by one statement in one transaction — the caller's, if the
 * ledger runs in one — and judged by the same commit-time checks. Each entry keeps its own idempotency: an entry whose
 * key is already posted with the same content comes back with `created: false`; other content under a taken key is a
 * ConflictError and nothing of the batch is written. The answer is in the order of `entries`.
 * @example const results = await ledger.postEntries(payouts.map((payout) => payoutEntry(payout)))
 */
export async function postEntries(
  context: LedgerContext,
  entries: readonly PostEntryParameters[],
): Promise<PostEntryReturnType[]> {
  if (!Array.isArray(entries) || entries.length === 0)
    throw new ValidationError('entries must be a non-empty array of entries.', { field: 'entries' });
  if (entries.length > maxEntries)
    throw new ValidationError(`entries: at most ${maxEntries.toLocaleString('en-US')} entries in one batch.`, {
      field: 'entries',
      details: `Got ${entries.length.toLocaleString('en-US')}; post them in several batches.`,
    });

  // Plain entries only: a reversal goes through reverseEntry, which checks it mirrors the entry it reverses.
  const plain = entries.map((entry) => {
    const { reversesEntryId: _ignored, ...rest } = (entry ?? {}) as PostEntryParameters & { reversesEntryId?: unknown };
    return rest;
  });
  const accountIds = new Set<string>();
  const firstByKey = new Map<string, number>();
  let postingCount = 0;
  plain.forEach((entry, index) => {
    for (const accountId of checkEntryInput(entry, `entries[${index}].`)) accountIds.add(accountId);
    postingCount += entry.postings.length;
    const key = `${entry.companyId}\u0000${entry.idempotencyKey}`;
    const first = firstByKey.get(key);
    if (first !== undefined)
      throw new ValidationError(`entries[${index}].idempotencyKey is also the key of entries[${first}].`, {
        field: `entries[${index}].idempotencyKey`,
        details: 'Each entry of a batch needs its own idempotency key.',
      });
    firstByKey.set(key, index);
  });
  if (postingCount > maxPostings)
    throw new ValidationError(`entries: at most ${maxPostings.toLocaleString('en-US')} postings in one batch.`, {
      field: 'entries',
      details: `Got ${postingCount.toLocaleString('en-US')}; post the entries in several batches.`,
    });
  const accounts = await loadAccounts(context, [...accountIds]);
  const prepared = plain.map((entry, index) => prepareEntry(entry, accounts, `entries[${index}].`));

  if (context.db.isTransaction) return writeEntries(context, prepared);
  return context.db.transaction().execute((trx) => writeEntries({ ...context, db: trx }, prepared));
}

/** One statement writes every entry whose key is free and its postings; the others are replayed (same or conflict). */
async function writeEntries(
  context: LedgerContext,
  prepared: readonly PreparedEntry[],
): Promise<PostEntryReturnType[]> {
  const ids = prepared.map(() => randomUUID());
  const posting = {
    entryIds: [] as string[],
    lineNos: [] as number[],
    counts: [] as number[],
    companyIds: [] as string[],
    accountIds: [] as string[],
    currencies: [] as string[],
    amounts: [] as string[],
  };
  prepared.forEach(({ parameters, lines }, index) => {
    lines.forEach((line, lineNo) => {
      posting.entryIds.push(ids[index]!);
      posting.lineNos.push(lineNo);
      posting.counts.push(lines.length);
      posting.companyIds.push(parameters.companyId);
      posting.accountIds.push(line.accountId);
      posting.currencies.push(line.currency);
      posting.amounts.push(line.amount.toString());
    });
  });
  const column = <T>(pick: (entry: PreparedEntry) => T) => prepared.map(pick);
  let written: WrittenRow[];
  try {
    ({ rows: written } = await sql<WrittenRow>`
      with entries as (
        insert into ledger_entries as e
          (id, company_id, idempotency_key, effective_date, description, metadata, posting_count)
        select * from unnest(${ids}::uuid[], ${column((entry) => entry.parameters.companyId)}::text[],
          ${column((entry) => entry.parameters.idempotencyKey)}::text[],
          ${column((entry) => entry.parameters.date)}::date[],
          ${column((entry) => entry.parameters.description)}::text[],
          ${column((entry) => entry.metadataJson)}::jsonb[], ${column((entry) => entry.lines.length)}::smallint[])
        on conflict (company_id, idempotency_key) do nothing
        returning e.id, e.seq, e.created_at
      ), postings as (
        insert into ledger_postings (entry_id, line_no, posting_count, company_id, account_id, currency, amount)
        select line.* from unnest(${posting.entryIds}::uuid[], ${posting.lineNos}::smallint[],
          ${posting.counts}::smallint[], ${posting.companyIds}::text[], ${posting.accountIds}::uuid[],
          ${posting.currencies}::text[], ${posting.amounts}::numeric[])
          as line (entry_id, line_no, posting_count, company_id, account_id, currency, amount)
        where line.entry_id in (select id from entries)
      )
      select id, seq::text as seq, created_at from entries`.execute(context.db));
  } catch (error) {
    // The database knows an account otherwise than our cache (say, one created in a transaction that was rolled back).
    if ((error as { constraint?: unknown }).constraint === 'ledger_posting_account') context.accountCache.clear();
    throw toLedgerError(error);
  }
  const byId = new Map(written.map((row) => [row.id, row]));
  const results: PostEntryReturnType[] = [];
  for (const [index, entry] of prepared.entries()) {
    const row = byId.get(ids[index]!);
    if (!row) {
      results.push(await replayEntry(context, entry, `entries[${index}].`));
      continue;
    }
    const { companyId, idempotencyKey, date, description } = entry.parameters;
    results.push({
      created: true,
      entry: {
        id: row.id,
        sequence: BigInt(row.seq),
        companyId,
        idempotencyKey,
        date,
        description,
        metadata: JSON.parse(entry.metadataJson),
        reversesEntryId: null,
        createdAt: row.created_at,
        postings: entry.lines,
      },
    });
  }
  return results;
}
