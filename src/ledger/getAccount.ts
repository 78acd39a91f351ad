import { NotFoundError } from '../errors/BaseError.js';
import type { Account } from './Account.js';
import type { LedgerContext } from './LedgerContext.js';
import { assertUuid } from './ledgerInput.js';
import { loadAccounts } from './loadAccounts.js';

/** The account with this id; NotFoundError if there is none. */
export async function getAccount(context: LedgerContext, accountId: string): Promise<Account> {
  assertUuid(accountId, 'accountId');
  const account = (await loadAccounts(context, [accountId])).get(accountId);
  if (!account) throw new NotFoundError(`Ledger account ${accountId} does not exist.`, { field: 'accountId' });
  return account;
}
