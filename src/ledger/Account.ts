export const accountTypes = ['asset', 'liability', 'equity', 'income', 'expense'] as const;

/** Assets and expenses grow by debits (positive amounts); liabilities, equity and income grow by credits. */
export type AccountType = (typeof accountTypes)[number];

/** An account of a company's chart of accounts, in one currency or token. */
export type Account = {
  id: string;
  companyId: string;
  /** Unique per company: `1000`, `assets:bank:EUR`. */
  code: string;
  name: string;
  type: AccountType;
  /** ISO 4217 code (`EUR`) or token symbol (`USDC`). */
  currency: string;
  /** Minor-unit exponent: amounts are integers of 10^-decimals units (2 for EUR, 6 for USDC, 18 for ETH). */
  decimals: number;
  /** EVM chain id of the on-chain holding this account mirrors, or null. */
  chainId: number | null;
  /** Lower-case 0x address of that holding, or null. */
  address: string | null;
  createdAt: Date;
};

/** The select list every account query uses, in the shape `accountFromRow` reads; `table` qualifies the columns. */
export function accountColumns(table = 'ledger_accounts'): string {
  return [
    'id',
    'company_id',
    'code',
    'name',
    'type',
    'currency',
    'decimals',
    'chain_id::text as chain_id',
    'address',
    'created_at',
  ]
    .map((column) => `${table}.${column}`)
    .join(', ');
}

export type AccountRow = {
  id: string;
  company_id: string;
  code: string;
  name: string;
  type: AccountType;
  currency: string;
  decimals: number;
  chain_id: string | null;
  address: string | null;
  created_at: Date;
};

export function accountFromRow(row: AccountRow): Account {
  return {
    id: row.id,
    companyId: row.company_id,
    code: row.code,
    name: row.name,
    type: row.type,
    currency: row.currency,
    decimals: row.decimals,
    chainId: row.chain_id === null ? null : Number(row.chain_id),
    address: row.address,
    createdAt: row.created_at,
  };
}
