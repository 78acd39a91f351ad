import { sql } from 'kysely';
import { type Account, type AccountRow, accountColumns, accountFromRow } from './Account.js';
import type { LedgerContext } from './LedgerContext.js';
import { toLedgerError } from './toLedgerError.js';

/** The accounts with these ids that exist, from the cache or else in one query; missing ids are absent from the map. */
export async function loadAccounts(context: LedgerContext, ids: readonly string[]): Promise<Map<string, Account>> {
  const found = new Map<string, Account>();
  const missing: string[] = [];
  for (const id of ids) {
    const cached = context.accountCache.get(id);
    if (cached) found.set(id, cached);
    else if (!missing.includes(id)) missing.push(id);
  }
  if (missing.length === 0) return found;
  let rows: AccountRow[];
  try {
    ({ rows } = await sql<AccountRow>`
      select ${sql.raw(accountColumns())} from ledger_accounts where id = any(${missing}::uuid[])`.execute(context.db));
  } catch (error) {
    throw toLedgerError(error);
  }
  for (const row of rows) {
    const account = accountFromRow(row);
    context.accountCache.set(account.id, account);
    found.set(account.id, account);
  }
  return found;
}
