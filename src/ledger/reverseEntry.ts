import { sql } from 'kysely';
import { ConflictError } from '../errors/BaseError.js';
import { getEntry } from './getEntry.js';
import type { LedgerContext } from './LedgerContext.js';
import { type EntryRow, entryColumns } from './LedgerEntry.js';
import { assertIsoDate, assertText, todayIsoDate } from './ledgerInput.js';
import { readEntries } from './readEntries.js';
import { toLedgerError } from './toLedgerError.js';
import { type PostEntryReturnType, writeEntry } from './writeEntry.js';

export type ReverseEntryParameters = {
  /** Unique per company, like any entry's; retrying with it returns the reversal already posted. */
  idempotencyKey: string;
  reason: string;
  /** Effective date of the reversal, `YYYY-MM-DD`; today (UTC) by default, so that earlier reports stay as they were. */
  date?: string | undefined;
};

/**
 * Cancels an entry by posting its mirror image (every amount negated), linked to it; the only way to correct the
 * append-only ledger. An entry can be reversed once: a second reversal under another key is a ConflictError.
 * @example await ledger.reverseEntry(entry.id, { idempotencyKey: `reverse:${entry.id}`, reason: 'Wrong IBAN' })
 */
export async function reverseEntry(
  context: LedgerContext,
  entryId: string,
  parameters: ReverseEntryParameters,
): Promise<PostEntryReturnType> {
  const { idempotencyKey, reason, date } = parameters;
  assertText(idempotencyKey, 'idempotencyKey', 500);
  assertText(reason, 'reason', 1000);
  if (date !== undefined) assertIsoDate(date, 'date');
  const original = await getEntry(context, entryId);
  const description = `Reversal: ${reason}`;

  // A retry on another day must find the reversal it posted rather than conflict on the default date.
  const earlier = await findByKey(context, original.companyId, idempotencyKey);
  if (earlier) {
    if (
      earlier.reversesEntryId === original.id &&
      earlier.description === description &&
      (date === undefined || date === earlier.date)
    )
      return { entry: earlier, created: false };
    throw new ConflictError(`Idempotency key ${idempotencyKey} was already used for another entry.`, {
      field: 'idempotencyKey',
      details: `Entry ${earlier.id} has the same key but is not this reversal of entry ${original.id}.`,
    });
  }

  return writeEntry(context, {
    companyId: original.companyId,
    idempotencyKey,
    date: date ?? todayIsoDate(),
    description,
    postings: original.postings.map((posting) => ({ accountId: posting.accountId, amount: -posting.amount })),
    metadata: { reason },
    reversesEntryId: original.id,
  });
}

async function findByKey(context: LedgerContext, companyId: string, idempotencyKey: string) {
  try {
    const { rows } = await sql<EntryRow>`
      select ${sql.raw(entryColumns)} from ledger_entries e
      where e.company_id = ${companyId} and e.idempotency_key = ${idempotencyKey}`.execute(context.db);
    return (await readEntries(context, rows))[0];
  } catch (error) {
    throw toLedgerError(error);
  }
}
