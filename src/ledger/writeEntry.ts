import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ConflictError, RetryableError, ValidationError } from '../errors/BaseError.js';
import type { LedgerContext } from './LedgerContext.js';
import { type EntryRow, entryColumns, type JsonValue, type LedgerEntry, type Posting } from './LedgerEntry.js';
import { assertIsoDate, assertText, assertUuid } from './ledgerInput.js';
import { loadAccounts } from './loadAccounts.js';
import { readEntries } from './readEntries.js';
import { sqlLiteral } from './sqlLiteral.js';
import { toLedgerError } from './toLedgerError.js';

export type PostingInput = {
  accountId: string;
  /** Signed minor units of the account's currency: debit positive, credit negative, never 0. */
  amount: bigint;
};

export type PostEntryParameters = {
  companyId: string;
  /** Unique per company; posting again with the same key and content returns the first entry. */
  idempotencyKey: string;
  /** Effective (booking) date, `YYYY-MM-DD`. */
  date: string;
  description: string;
  postings: readonly PostingInput[];
  metadata?: Record<string, JsonValue> | undefined;
};

export type PostEntryReturnType = {
  entry: LedgerEntry;
  /** False when the idempotency key had already been posted with the same content. */
  created: boolean;
};

export type WriteEntryParameters = PostEntryParameters & { reversesEntryId?: string | undefined };

// numeric(78,0) holds 78 digits: any uint256 and its negative.
const amountLimit = 10n ** 78n;

/**
 * Validates an entry completely, then writes it in one statement (one round trip): the entry row and its postings,
 * judged by the database's commit-time checks. Shared by postEntry and reverseEntry.
 */
export async function writeEntry(
  context: LedgerContext,
  parameters: WriteEntryParameters,
): Promise<PostEntryReturnType> {
  const { companyId, idempotencyKey, date, description, postings, metadata = {}, reversesEntryId } = parameters;
  assertText(companyId, 'companyId', 200);
  assertText(idempotencyKey, 'idempotencyKey', 500);
  assertIsoDate(date, 'date');
  assertText(description, 'description', 2000, { allowEmpty: true });
  if (reversesEntryId !== undefined) assertUuid(reversesEntryId, 'reversesEntryId');
  if (!Array.isArray(postings) || postings.length < 2)
    throw new ValidationError('An entry needs at least 2 postings.', { field: 'postings' });
  if (postings.length > 10_000)
    throw new ValidationError('An entry can have at most 10,000 postings.', { field: 'postings' });
  postings.forEach((posting, index) => {
    assertUuid(posting?.accountId, `postings[${index}].accountId`);
    const field = `postings[${index}].amount`;
    if (typeof posting.amount !== 'bigint')
      throw new ValidationError(`${field} must be a bigint of minor units.`, {
        field,
        details: `Got a ${typeof posting.amount}; money is never a float.`,
      });
    if (posting.amount === 0n) throw new ValidationError(`${field} must not be 0.`, { field });
    if (posting.amount >= amountLimit || -posting.amount >= amountLimit)
      throw new ValidationError(`${field} has more than 78 digits.`, { field });
  });
  const metadataJson = serializeMetadata(metadata);

  const accounts = await loadAccounts(
    context,
    postings.map((posting) => posting.accountId),
  );
  const currencies = new Map<string, { sum: bigint; lines: number[] }>();
  const lines: Posting[] = postings.map((posting, index) => {
    const field = `postings[${index}].accountId`;
    const account = accounts.get(posting.accountId);
    if (!account) throw new ValidationError(`${field}: ledger account ${posting.accountId} does not exist.`, { field });
    if (account.companyId !== companyId)
      throw new ValidationError(`${field}: ledger account ${account.code} belongs to another company.`, { field });
    const total = currencies.get(account.currency) ?? { sum: 0n, lines: [] };
    total.sum += posting.amount;
    total.lines.push(index);
    currencies.set(account.currency, total);
    return { accountId: account.id, currency: account.currency, amount: posting.amount };
  });
  for (const [currency, total] of currencies)
    if (total.sum !== 0n)
      throw new ValidationError(`The postings in ${currency} do not balance: they sum to ${total.sum}, not 0.`, {
        field: 'postings',
        details: `Postings ${total.lines.join(', ')} are in ${currency}; their debits (positive) and credits (negative) must cancel out.`,
      });

  const id = randomUUID();
  // Every value is validated above (uuids, date, currencies from the accounts, bigint digits) or quoted as a literal.
  const statement = `select seq::text as seq, created_at from ledger_post_entry('${id}', ${sqlLiteral(companyId, 'companyId')},
    ${sqlLiteral(idempotencyKey, 'idempotencyKey')}, '${date}', ${sqlLiteral(description, 'description')},
    ${sqlLiteral(metadataJson, 'metadata')}, ${reversesEntryId === undefined ? 'null' : `'${reversesEntryId}'`},
    array[${lines.map((line) => `'${line.accountId}'`).join(',')}]::uuid[],
    array[${lines.map((line) => sqlLiteral(line.currency, 'currency')).join(',')}]::text[],
    array[${lines.map((line) => line.amount.toString()).join(',')}]::numeric[])`;
  let written: { seq: string | null; created_at: Date | null } | undefined;
  try {
    const { rows } = await sql.raw<{ seq: string | null; created_at: Date | null }>(statement).execute(context.db);
    written = rows[0];
  } catch (error) {
    // The database knows an account otherwise than our cache (say, one created in a transaction that was rolled back).
    if ((error as { constraint?: unknown }).constraint === 'ledger_posting_account') context.accountCache.clear();
    throw toLedgerError(error);
  }
  if (written?.seq && written.created_at)
    return {
      created: true,
      entry: {
        id,
        sequence: BigInt(written.seq),
        companyId,
        idempotencyKey,
        date,
        description,
        metadata: JSON.parse(metadataJson) as Record<string, JsonValue>,
        reversesEntryId: reversesEntryId ?? null,
        createdAt: written.created_at,
        postings: lines,
      },
    };
  return replay(context, { ...parameters, metadata }, metadataJson, lines);
}

/** The idempotency key is taken: the same content gets the existing entry back, other content a ConflictError. */
async function replay(
  context: LedgerContext,
  parameters: WriteEntryParameters,
  metadataJson: string,
  lines: Posting[],
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
      field: 'idempotencyKey',
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

function serializeMetadata(metadata: unknown): string {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
    throw new ValidationError('metadata must be a JSON object.', { field: 'metadata' });
  try {
    return JSON.stringify(metadata);
  } catch (cause) {
    throw new ValidationError('metadata must be a JSON object.', {
      field: 'metadata',
      cause,
      details: 'Write bigint values as decimal strings.',
    });
  }
}
