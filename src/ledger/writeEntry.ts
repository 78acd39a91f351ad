import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { LedgerContext } from './LedgerContext.js';
import type { LedgerEntry } from './LedgerEntry.js';
import { loadAccounts } from './loadAccounts.js';
import { checkEntryInput, prepareEntry, type WriteEntryParameters } from './prepareEntry.js';
import { replayEntry } from './replayEntry.js';
import { sqlLiteral } from './sqlLiteral.js';
import { toLedgerError } from './toLedgerError.js';

export type { PostEntryParameters, PostingInput, WriteEntryParameters } from './prepareEntry.js';

export type PostEntryReturnType = {
  entry: LedgerEntry;
  /** False when the idempotency key had already been posted with the same content. */
  created: boolean;
};

/**
 * Validates an entry completely, then writes it in one statement (one round trip): the entry row and its postings,
 * judged by the database's commit-time checks. Shared by postEntry and reverseEntry.
 */
export async function writeEntry(
  context: LedgerContext,
  parameters: WriteEntryParameters,
): Promise<PostEntryReturnType> {
  const accountIds = checkEntryInput(parameters);
  const prepared = prepareEntry(parameters, await loadAccounts(context, accountIds));
  const { companyId, idempotencyKey, date, description, reversesEntryId, metadata } = prepared.parameters;
  const { metadataJson, lines } = prepared;

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
        metadata: JSON.parse(metadataJson) as typeof metadata,
        reversesEntryId: reversesEntryId ?? null,
        createdAt: written.created_at,
        postings: lines,
      },
    };
  return replayEntry(context, prepared);
}
