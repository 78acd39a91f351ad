import { sql } from 'kysely';
import { type Account, type AccountRow, accountColumns, accountFromRow } from './Account.js';
import type { LedgerContext } from './LedgerContext.js';
import { assertText } from './ledgerInput.js';
import { toLedgerError } from './toLedgerError.js';

export type ListAccountsParameters = { companyId: string };

/** A company's chart of accounts, ordered by code. */
export async function listAccounts(context: LedgerContext, parameters: ListAccountsParameters): Promise<Account[]> {
  assertText(parameters.companyId, 'companyId', 200);
  try {
    const { rows } = await sql<AccountRow>`
      select ${sql.raw(accountColumns())} from ledger_accounts where company_id = ${parameters.companyId}
      order by code`.execute(context.db);
    return rows.map(accountFromRow);
  } catch (error) {
    throw toLedgerError(error);
  }
}
