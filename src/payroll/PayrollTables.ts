import type { ColumnType } from 'kysely';

/** An approver of pay runs, as stored in `companies.approvers`. */
export type ApproverRow = { name: string; email: string; address: string };

/** A share of net pay, as stored in `employees.split`. */
export type SplitShareRow = { asset: string; percent: string };

export type CompaniesTable = {
  id: ColumnType<string, string, never>;
  legal_name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** ISO 17442 Legal Entity Identifier. */
  lei: string | null;
  /** The company's bank account, which pays the fiat leg (electronic IBAN form). */
  iban: string;
  bic: string;
  /** ISO 4217; the currency of salaries and of the bank leg. `EUR`. */
  base_currency: ColumnType<string, string | undefined, never>;
  vault_chain_id: ColumnType<bigint | null, bigint | null | undefined, bigint | null>;
  /** EIP-55 checksummed; null until the vault contract is deployed. */
  vault_address: ColumnType<string | null, string | null | undefined, string | null>;
  tax_profile_id: string;
  /** JSON array of ApproverRow; write it as JSON text. */
  approvers: ColumnType<ApproverRow[], string, string>;
  approval_threshold: number;
  /** JSON array of crypto asset symbols the company pays in; write it as JSON text. */
  crypto_assets: ColumnType<string[], string, string>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
};

export type EmployeesTable = {
  company_id: ColumnType<string, string, never>;
  /** The company's own id for the employee, unique within the company. */
  employee_id: ColumnType<string, string, never>;
  /** As written, in any script. */
  full_name: string;
  email: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  iban: string | null;
  bic: string | null;
  /** EIP-55 checksummed. */
  wallet: string | null;
  /** Minor units of `currency`. */
  gross_monthly: bigint;
  currency: string;
  /** JSON array of SplitShareRow; write it as JSON text. */
  split: ColumnType<SplitShareRow[], string, string>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
};

export type PayrollTables = { companies: CompaniesTable; employees: EmployeesTable };
