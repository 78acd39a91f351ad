import type { Selectable } from 'kysely';
import type { EmployeesTable } from './PayrollTables.js';
import type { Split } from './Split.js';

/** A person on a company's payroll, with how their net pay is split between the bank account and crypto. */
export type Employee = {
  companyId: string;
  /** The company's own id for the employee, unique within the company. */
  employeeId: string;
  /** As written, in any script. */
  fullName: string;
  email: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Electronic form; required when the split pays into the bank account. */
  iban: string | null;
  bic: string | null;
  /** EIP-55 checksummed; required when the split has a crypto share. */
  wallet: string | null;
  /** Minor units of `currency`. */
  grossMonthly: bigint;
  currency: string;
  split: Split;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export function toEmployee(row: Selectable<EmployeesTable>): Employee {
  return {
    companyId: row.company_id,
    employeeId: row.employee_id,
    fullName: row.full_name,
    email: row.email,
    country: row.country,
    iban: row.iban,
    bic: row.bic,
    wallet: row.wallet,
    grossMonthly: BigInt(row.gross_monthly),
    currency: row.currency,
    split: row.split,
    active: row.active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
