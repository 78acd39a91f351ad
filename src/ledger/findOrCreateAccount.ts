import { sql } from 'kysely';
import { ConflictError } from '../errors/BaseError.js';
import { type Account, type AccountRow, accountColumns, accountFromRow } from './Account.js';
import { type CreateAccountParameters, createAccount, validateAccount } from './createAccount.js';
import type { LedgerContext } from './LedgerContext.js';
import { toLedgerError } from './toLedgerError.js';

export type FindOrCreateAccountParameters = CreateAccountParameters;
export type FindOrCreateAccountReturnType = { account: Account; created: boolean };

/**
 * The company's account with this code, created if missing. An existing account must match in type, currency,
 * decimals and on-chain holding (its name may differ), otherwise a ConflictError names the field that differs.
 */
export async function findOrCreateAccount(
  context: LedgerContext,
  parameters: FindOrCreateAccountParameters,
): Promise<FindOrCreateAccountReturnType> {
  const wanted = validateAccount(parameters);
  for (let attempt = 0; ; attempt++) {
    const existing = await findByCode(context, wanted.companyId, wanted.code);
    if (existing) {
      const chainId = wanted.chainId === null ? null : Number(wanted.chainId);
      for (const [field, want, have] of [
        ['type', wanted.type, existing.type],
        ['currency', wanted.currency, existing.currency],
        ['decimals', wanted.decimals, existing.decimals],
        ['chainId', chainId, existing.chainId],
        ['address', wanted.address, existing.address],
      ] as const) {
        if (want !== have)
          throw new ConflictError(`Account ${wanted.code} exists with another ${field}.`, {
            field,
            details: `It has ${field} ${JSON.stringify(have)}, not ${JSON.stringify(want)}.`,
          });
      }
      context.accountCache.set(existing.id, existing);
      return { account: existing, created: false };
    }
    try {
      return { account: await createAccount(context, parameters), created: true };
    } catch (error) {
      // Another writer created the code between our read and our insert: read theirs.
      if (error instanceof ConflictError && error.field === 'code' && attempt === 0) continue;
      throw error;
    }
  }
}

async function findByCode(context: LedgerContext, companyId: string, code: string): Promise<Account | undefined> {
  try {
    const { rows } = await sql<AccountRow>`
      select ${sql.raw(accountColumns())} from ledger_accounts where company_id = ${companyId} and code = ${code}`.execute(
      context.db,
    );
    return rows[0] && accountFromRow(rows[0]);
  } catch (error) {
    throw toLedgerError(error);
  }
}
