import { sql } from 'kysely';
import { ConflictError, RetryableError } from '../errors/BaseError.js';
import type { LedgerContext } from './LedgerContext.js';
import { type EntryRow, entryColumns, type LedgerEntry, type Posting } from './LedgerEntry.js';
import type { PostEntryReturnType } from './postEntry.js';
import type { PreparedEntry } from './prepareEntry.js';
import { readEntries } from './readEntries.js';
import { toLedgerError } from './toLedgerError.js';

/**
 * The entry's idempotency key is taken: the same content gets the existing entry back, other content a ConflictError
 * (naming the field behind `prefix`, `entries[3].` in a batch).
 */
export async function replayEntry(
  context: LedgerContext,
  { parameters, metadataJson, lines }: PreparedEntry,
  prefix = '',
): Promise<PostEntryReturnType> {
  let existing: LedgerEntry | undefined;
  let sameMetadata = false;
  try {
    const { rows } = await sql<EntryRow & { same_metadata: boolean }>`
      select ${sql.raw(entryColumns)}, e.metadata = ${metadataJson}::text::jsonb as same_metadata
      from ledger_entries e
      where e.company_id = ${parameters.companyId} and e.idempotency_key = ${parameters.idempotencyKey}`.execute(
      context.db,
    );
    sameMetadata = rows[0]?.same_metadata ?? false;
    [existing] = await readEntries(context, rows);
  } catch (error) {
    throw toLedgerError(error);
  }
  // Only a writer that has not committed yet can hide the key from us; its commit or rollback settles it.
  if (!existing)
    throw new RetryableError(`Idempotency key ${parameters.idempotencyKey} is being written by another writer.`, {
      code: 'ledger-idempotency-race',
    });
  const differences = [
    existing.date !== parameters.date && 'date',
    existing.description !== parameters.description && 'description',
    !sameMetadata && 'metadata',
    existing.reversesEntryId !== (parameters.reversesEntryId ?? null) && 'reversed entry',
    !samePostings(existing.postings, lines) && 'postings',
  ].filter((difference): difference is string => difference !== false);
  if (differences.length > 0)
    throw new ConflictError(`Idempotency key ${parameters.idempotencyKey} was already used for another entry.`, {
      field: `${prefix}idempotencyKey`,
      details: `Entry ${existing.id} has the same key but differs in: ${differences.join(', ')}.`,
    });
  return { entry: existing, created: false };
}

/** The same postings in any order: retries that rebuild the lines from a map need not keep their order. */
function samePostings(a: readonly Posting[], b: readonly Posting[]): boolean {
  if (a.length !== b.length) return false;
  const key = (posting: Posting) => `${posting.accountId} ${posting.amount}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.every((value, index) => value === right[index]);
}
