import type { ColumnType } from 'kysely';
import type { AccountType } from './Account.js';

/** Per company, the one scale (`decimals`) of each currency or token symbol its accounts use. */
export type LedgerCurrencyTable = {
  company_id: string;
  code: string;
  decimals: number;
};

export type LedgerAccountTable = {
  id: string;
  company_id: string;
  /** Chart-of-accounts code, unique per company: `1000`, `assets:bank:EUR`. */
  code: string;
  name: string;
  type: ColumnType<AccountType, AccountType, never>;
  /** ISO 4217 code or token symbol. */
  currency: ColumnType<string, string, never>;
  /** Minor-unit exponent: 2 for EUR, 6 for USDC, 18 for ETH. */
  decimals: ColumnType<number, number, never>;
  /** EVM chain id of the on-chain holding this account mirrors, if any. */
  chain_id: ColumnType<bigint | null, bigint | number | null | undefined, never>;
  /** Lower-case 0x address of that holding. */
  address: ColumnType<string | null, string | null | undefined, never>;
  created_at: ColumnType<Date, never, never>;
};

/** Append-only: the database refuses UPDATE and DELETE, hence the `never` update types. */
export type LedgerEntryTable = {
  id: ColumnType<string, string, never>;
  seq: ColumnType<bigint, never, never>;
  company_id: ColumnType<string, string, never>;
  idempotency_key: ColumnType<string, string, never>;
  /** A `date`; select it as text (`to_char`) to keep it a calendar day rather than a JS Date at some midnight. */
  effective_date: ColumnType<Date | string, string, never>;
  description: ColumnType<string, string, never>;
  metadata: ColumnType<Record<string, unknown>, string | undefined, never>;
  reverses_entry_id: ColumnType<string | null, string | null | undefined, never>;
  /** The entry's postings are lines 0 … posting_count − 1; the commit-time check counts them. */
  posting_count: ColumnType<number, number, never>;
  created_at: ColumnType<Date, never, never>;
};

/** Append-only. `amount` is numeric(78,0): it comes back as a decimal string; parse it with BigInt. */
export type LedgerPostingTable = {
  entry_id: ColumnType<string, string, never>;
  line_no: ColumnType<number, number, never>;
  /** Copied from the entry (by foreign key) so that a check constraint can bound `line_no`. */
  posting_count: ColumnType<number, number, never>;
  company_id: ColumnType<string, string, never>;
  account_id: ColumnType<string, string, never>;
  currency: ColumnType<string, string, never>;
  amount: ColumnType<string, string, never>;
};

export type LedgerTables = {
  ledger_currencies: LedgerCurrencyTable;
  ledger_accounts: LedgerAccountTable;
  ledger_entries: LedgerEntryTable;
  ledger_postings: LedgerPostingTable;
};
