import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ConflictError, ValidationError } from '../errors/BaseError.js';
import {
  type Account,
  type AccountRow,
  type AccountType,
  accountColumns,
  accountFromRow,
  accountTypes,
} from './Account.js';
import type { LedgerContext } from './LedgerContext.js';
import { assertText } from './ledgerInput.js';
import { toLedgerError } from './toLedgerError.js';

export type CreateAccountParameters = {
  companyId: string;
  /** Unique per company: `1000`, `assets:bank:EUR`. */
  code: string;
  name: string;
  type: AccountType;
  /** ISO 4217 code or token symbol; within a company one currency has one `decimals`. */
  currency: string;
  /** Minor-unit exponent: 2 for EUR, 6 for USDC, 18 for ETH. */
  decimals: number;
  /** For an asset account that mirrors an on-chain holding: the EVM chain id … */
  chainId?: number | undefined;
  /** … and the holder's address. */
  address?: string | undefined;
};

const currencyPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/;

/**
 * Adds an account to a company's chart of accounts. A code the company already uses is a ConflictError.
 * @example await ledger.createAccount({ companyId, code: '1010', name: 'Vault USDC', type: 'asset', currency: 'USDC', decimals: 6, chainId: 1, address: '0x…' })
 */
export async function createAccount(context: LedgerContext, parameters: CreateAccountParameters): Promise<Account> {
  const account = validateAccount(parameters);
  const id = randomUUID();
  let rows: AccountRow[];
  try {
    // The currency's scale is registered by the same statement, so the foreign key on (currency, decimals) is what
    // refuses a second scale for one currency, even between concurrent writers.
    ({ rows } = await sql<AccountRow>`
      with currency as (
        insert into ledger_currencies (company_id, code, decimals)
        values (${account.companyId}, ${account.currency}, ${account.decimals})
        on conflict do nothing
      )
      insert into ledger_accounts (id, company_id, code, name, type, currency, decimals, chain_id, address)
      values (${id}, ${account.companyId}, ${account.code}, ${account.name}, ${account.type}, ${account.currency},
        ${account.decimals}, ${account.chainId}, ${account.address})
      returning ${sql.raw(accountColumns())}`.execute(context.db));
  } catch (error) {
    if ((error as { constraint?: unknown }).constraint === 'ledger_account_currency')
      throw await currencyScaleError(context, account, error);
    throw toLedgerError(error);
  }
  const created = accountFromRow(rows[0]!);
  context.accountCache.set(created.id, created);
  return created;
}

type ValidAccount = Omit<Account, 'id' | 'createdAt' | 'chainId'> & { chainId: bigint | null };

export function validateAccount(parameters: CreateAccountParameters): ValidAccount {
  const { companyId, code, name, type, currency, decimals, chainId, address } = parameters;
  assertText(companyId, 'companyId', 200);
  assertText(code, 'code', 200);
  assertText(name, 'name', 500);
  if (!accountTypes.includes(type))
    throw new ValidationError(`type must be one of ${accountTypes.join(', ')}.`, { field: 'type' });
  if (typeof currency !== 'string' || !currencyPattern.test(currency))
    throw new ValidationError('currency must be an ISO 4217 code or a token symbol of letters, digits, . _ or -.', {
      field: 'currency',
      details: `Got ${JSON.stringify(currency)}.`,
    });
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 36)
    throw new ValidationError('decimals must be a whole number from 0 to 36.', { field: 'decimals' });
  if ((chainId === undefined) !== (address === undefined))
    throw new ValidationError('chainId and address go together: give both for an on-chain holding, or neither.', {
      field: chainId === undefined ? 'chainId' : 'address',
    });
  if (chainId !== undefined) {
    if (!Number.isSafeInteger(chainId) || chainId <= 0)
      throw new ValidationError('chainId must be a positive whole number.', { field: 'chainId' });
    if (typeof address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(address))
      throw new ValidationError('address must be a 0x-prefixed 20-byte hex address.', { field: 'address' });
    if (type !== 'asset')
      throw new ValidationError('Only asset accounts can mirror an on-chain holding.', { field: 'type' });
  }
  return {
    companyId,
    code,
    name,
    type,
    currency,
    decimals,
    chainId: chainId === undefined ? null : BigInt(chainId),
    address: address === undefined ? null : address.toLowerCase(),
  };
}

async function currencyScaleError(context: LedgerContext, account: ValidAccount, cause: unknown) {
  const { rows } = await sql<{ decimals: number }>`
    select decimals from ledger_currencies where company_id = ${account.companyId} and code = ${account.currency}`
    .execute(context.db)
    .catch(() => ({ rows: [] }));
  return new ConflictError(
    `The company already books ${account.currency} with ${rows[0]?.decimals ?? 'other'} decimals, not ${account.decimals}.`,
    {
      cause,
      field: 'decimals',
      details:
        'Within a company one currency has one scale; use another symbol (e.g. USDC.bsc) for a token with another.',
    },
  );
}
