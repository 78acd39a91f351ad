import type { LedgerContext } from './LedgerContext.js';
import { type PostEntryParameters, type PostEntryReturnType, writeEntry } from './writeEntry.js';

export type { PostEntryParameters, PostEntryReturnType, PostingInput } from './writeEntry.js';

/**
 * Posts a balanced journal entry. Idempotent: the same key and content return the entry already posted
 * (`created: false`); the same key with other content is a ConflictError. Bad input is a ValidationError naming the
 * field (`postings[1].amount`) before anything is written.
 * @example
 * await ledger.postEntry({
 *   companyId, idempotencyKey: 'payrun:42:alice', date: '2025-01-31', description: 'Salary January, Alice',
 *   postings: [{ accountId: salaries.id, amount: 250_000n }, { accountId: bank.id, amount: -250_000n }],
 *   metadata: { payRunId: '42' },
 * })
 */
export function postEntry(context: LedgerContext, parameters: PostEntryParameters): Promise<PostEntryReturnType> {
  const { reversesEntryId: _ignored, ...entry } = parameters as PostEntryParameters & { reversesEntryId?: unknown };
  return writeEntry(context, entry);
}
