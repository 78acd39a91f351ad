import { sql } from 'kysely';
import { NotFoundError } from '../errors/BaseError.js';
import type { LedgerContext } from './LedgerContext.js';
import { type EntryRow, entryColumns, type LedgerEntry } from './LedgerEntry.js';
import { assertUuid } from './ledgerInput.js';
import { readEntries } from './readEntries.js';
import { toLedgerError } from './toLedgerError.js';

/** The entry with this id and its postings; NotFoundError if there is none. */
export async function getEntry(context: LedgerContext, entryId: string): Promise<LedgerEntry> {
  assertUuid(entryId, 'entryId');
  let entry: LedgerEntry | undefined;
  try {
    const { rows } = await sql<EntryRow>`
      select ${sql.raw(entryColumns)} from ledger_entries e where e.id = ${entryId}`.execute(context.db);
    [entry] = await readEntries(context, rows);
  } catch (error) {
    throw toLedgerError(error);
  }
  if (!entry) throw new NotFoundError(`Ledger entry ${entryId} does not exist.`, { field: 'entryId' });
  return entry;
}
