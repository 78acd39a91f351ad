import type { Kysely, Selectable } from 'kysely';
import type { AuditLog } from '../compliance/createAuditLog.js';
import type { Tables } from '../db/Tables.js';
import { ConflictError, NotFoundError, RetryableError, ValidationError } from '../errors/BaseError.js';
import { formatAmount } from '../money/formatAmount.js';
import { type Company, toCompany } from './Company.js';
import type { ChangeContext } from './createCompanies.js';
import { type Employee, toEmployee } from './Employee.js';
import type { EmployeeImportIssue, EmployeeImportReport } from './EmployeeImportReport.js';
import { isUniqueViolation } from './isUniqueViolation.js';
import type { EmployeesTable } from './PayrollTables.js';
import {
  type EmployeeColumn,
  type EmployeeFields,
  type EmployeeValues,
  parseEmployeeFields,
} from './parseEmployeeFields.js';
import { readEmployeeCsv } from './readEmployeeCsv.js';
import { formatSplit, type Split } from './Split.js';

export type CreateEmployeesParameters = { db: Kysely<Tables>; audit: AuditLog };

/** One employee as the API and the web app send it: text fields as in the CSV, the split as text or as shares. */
export type EmployeeInput = {
  employeeId: string;
  fullName: string;
  email: string;
  country: string;
  iban?: string | null | undefined;
  bic?: string | null | undefined;
  wallet?: string | null | undefined;
  /** Decimal amount in `currency`: "4500.00". */
  grossMonthly: string;
  /** Default: the company's base currency. */
  currency?: string | undefined;
  split: string | Split;
};

export type EmployeePatch = { [K in Exclude<keyof EmployeeInput, 'employeeId'>]?: EmployeeInput[K] | undefined } & {
  active?: boolean | undefined;
};

export type ListEmployeesParameters = {
  /** Part of the name, email or employee id, regardless of case. */
  search?: string | undefined;
  active?: boolean | undefined;
  /** Default 100, at most 1000. */
  limit?: number | undefined;
  /** The last employee id of the previous page. */
  after?: string | undefined;
};

export type ListEmployeesReturnType = { employees: Employee[]; total: number; nextCursor: string | null };

export type ImportEmployeesParameters = {
  /** Import the valid rows and report the rest, instead of writing nothing when any row is invalid. */
  skipInvalid?: boolean | undefined;
  /** Check everything and report what would happen, writing nothing. */
  dryRun?: boolean | undefined;
};

export type Employees = {
  create(companyId: string, input: EmployeeInput, context: ChangeContext): Promise<Employee>;
  get(companyId: string, employeeId: string): Promise<Employee>;
  list(companyId: string, parameters?: ListEmployeesParameters): Promise<ListEmployeesReturnType>;
  /** Every active employee of the company, by employee id: the people a pay run pays. */
  listActive(companyId: string): Promise<Employee[]>;
  update(companyId: string, employeeId: string, patch: EmployeePatch, context: ChangeContext): Promise<Employee>;
  /**
   * Imports a CSV of employees (see readEmployeeCsv for the columns). A row whose employee_id the company has already
   * updates that employee (all ten fields; `active` is left as it is); employees not in the file are left alone. Any
   * invalid row — including an employee_id twice in the file, which marks every such row — makes the import write
   * nothing unless `skipInvalid`; everything written is one transaction.
   */
  importCsv(
    companyId: string,
    csv: string,
    parameters: ImportEmployeesParameters & ChangeContext,
  ): Promise<EmployeeImportReport>;
};

/** The people on companies' payrolls; every change checked in full and recorded in the audit trail with it. */
export function createEmployees({ db, audit }: CreateEmployeesParameters): Employees {
  const loadCompany = async (companyId: string, executor: Kysely<Tables> = db): Promise<Company> => {
    const row = await executor.selectFrom('companies').selectAll().where('id', '=', companyId).executeTakeFirst();
    if (!row) throw new NotFoundError(`No company with id ${companyId}`, { field: 'companyId' });
    return toCompany(row);
  };
  const getRow = async (companyId: string, employeeId: string, executor: Kysely<Tables> = db, lock = false) => {
    let query = executor
      .selectFrom('employees')
      .selectAll()
      .where('company_id', '=', companyId)
      .where('employee_id', '=', employeeId);
    if (lock) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (!row) throw new NotFoundError(`No employee ${employeeId} in company ${companyId}`, { field: 'employeeId' });
    return row;
  };

  return {
    async create(companyId, input, { actor }) {
      const company = await loadCompany(companyId);
      const values = checkedOrThrow(parseEmployeeFields(inputToFields(input, company), company));
      try {
        return await db.transaction().execute(async (trx) => {
          const row = await trx
            .insertInto('employees')
            .values(toInsertRow(companyId, values))
            .returningAll()
            .executeTakeFirstOrThrow();
          await audit.append(createdEvent(actor, companyId, values), trx);
          return toEmployee(row);
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError(`Company ${companyId} has an employee ${values.employeeId} already`, {
            field: 'employeeId',
          });
        throw error;
      }
    },

    async get(companyId, employeeId) {
      return toEmployee(await getRow(companyId, employeeId));
    },

    async list(companyId, { search, active, limit = 100, after } = {}) {
      await loadCompany(companyId);
      let query = db.selectFrom('employees').where('company_id', '=', companyId);
      if (active !== undefined) query = query.where('active', '=', active);
      if (search?.trim()) {
        const pattern = `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where((eb) =>
          eb.or([
            eb('employee_id', 'ilike', pattern),
            eb('full_name', 'ilike', pattern),
            eb('email', 'ilike', pattern),
          ]),
        );
      }
      const pageSize = Math.min(Math.max(limit, 1), 1000);
      let page = query
        .selectAll()
        .orderBy('employee_id')
        .limit(pageSize + 1);
      if (after !== undefined) page = page.where('employee_id', '>', after);
      const [rows, count] = await Promise.all([
        page.execute(),
        query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
      ]);
      const employees = rows.slice(0, pageSize).map(toEmployee);
      return {
        employees,
        total: Number(count.total),
        nextCursor: rows.length > pageSize ? (employees.at(-1)?.employeeId ?? null) : null,
      };
    },

    async listActive(companyId) {
      const rows = await db
        .selectFrom('employees')
        .selectAll()
        .where('company_id', '=', companyId)
        .where('active', '=', true)
        .orderBy('employee_id')
        .execute();
      return rows.map(toEmployee);
    },

    async update(companyId, employeeId, patch, { actor }) {
      const company = await loadCompany(companyId);
      return db.transaction().execute(async (trx) => {
        const current = await getRow(companyId, employeeId, trx, true);
        const merged = { ...rowToFields(current), ...inputToFields({ ...patch } as EmployeeInput, company, true) };
        merged.employee_id = employeeId;
        const values = checkedOrThrow(parseEmployeeFields(merged, company));
        const changes = changesBetween(current, values);
        if (patch.active !== undefined && patch.active !== current.active)
          changes.active = { from: current.active, to: patch.active };
        if (Object.keys(changes).length === 0) return toEmployee(current);
        const row = await trx
          .updateTable('employees')
          .set({
            ...toUpdateRow(values),
            ...(patch.active === undefined ? {} : { active: patch.active }),
            updated_at: new Date(),
          })
          .where('company_id', '=', companyId)
          .where('employee_id', '=', employeeId)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.append(
          { actor, action: 'employee.update', subject: employeeSubject(companyId, employeeId), data: { changes } },
          trx,
        );
        return toEmployee(row);
      });
    },

    async importCsv(companyId, csv, { skipInvalid = false, dryRun = false, actor }) {
      const company = await loadCompany(companyId);
      const report = (counts: Partial<EmployeeImportReport>, invalid: EmployeeImportIssue[], rows: number) => ({
        ok: invalid.length === 0,
        dryRun,
        written: false,
        rows,
        imported: 0,
        updated: 0,
        unchanged: 0,
        ...counts,
        invalid,
      });

      const read = readEmployeeCsv(csv);
      if (!read.ok) return report({}, read.issues, 0);

      const invalid: EmployeeImportIssue[] = [];
      const valid: { line: number; values: EmployeeValues }[] = [];
      const linesById = new Map<string, number[]>();
      for (const row of read.rows) {
        const id = row.fields.employee_id.trim();
        if (id) linesById.set(id, [...(linesById.get(id) ?? []), row.line]);
      }
      for (const row of read.rows) {
        const result = parseEmployeeFields(row.fields, company);
        const id = row.fields.employee_id.trim();
        const rowIssues: EmployeeImportIssue[] = result.ok
          ? []
          : result.issues.map((issue) => ({
              line: row.line,
              column: issue.column,
              employeeId: result.employeeId,
              reason: issue.reason,
            }));
        const others = (linesById.get(id) ?? []).filter((line) => line !== row.line);
        if (id && others.length > 0)
          rowIssues.unshift({
            line: row.line,
            column: 'employee_id',
            employeeId: id,
            reason: `duplicate employee_id ${id} (also on line ${others.join(', ')})`,
          });
        if (rowIssues.length > 0) invalid.push(...rowIssues);
        else if (result.ok) valid.push({ line: row.line, values: result.employee });
      }
      const rows = read.rows.length;
      if (invalid.length > 0 && !skipInvalid) return report({}, invalid, rows);

      const apply = async (executor: Kysely<Tables>, write: boolean) => {
        const ids = valid.map(({ values }) => values.employeeId);
        const existing = new Map<string, Selectable<EmployeesTable>>();
        for (let i = 0; i < ids.length; i += 1000) {
          let query = executor
            .selectFrom('employees')
            .selectAll()
            .where('company_id', '=', companyId)
            .where('employee_id', 'in', ids.slice(i, i + 1000));
          if (write) query = query.forUpdate();
          for (const row of await query.execute()) existing.set(row.employee_id, row);
        }
        const inserts: EmployeeValues[] = [];
        const updates: { values: EmployeeValues; changes: Record<string, { from: unknown; to: unknown }> }[] = [];
        let unchanged = 0;
        for (const { values } of valid) {
          const current = existing.get(values.employeeId);
          if (!current) inserts.push(values);
          else {
            const changes = changesBetween(current, values);
            if (Object.keys(changes).length > 0) updates.push({ values, changes });
            else unchanged++;
          }
        }
        if (write) {
          for (let i = 0; i < inserts.length; i += 500)
            await executor
              .insertInto('employees')
              .values(inserts.slice(i, i + 500).map((values) => toInsertRow(companyId, values)))
              .execute();
          const now = new Date();
          for (const { values } of updates)
            await executor
              .updateTable('employees')
              .set({ ...toUpdateRow(values), updated_at: now })
              .where('company_id', '=', companyId)
              .where('employee_id', '=', values.employeeId)
              .execute();
          for (const values of inserts) await audit.append(createdEvent(actor, companyId, values), executor);
          for (const { values, changes } of updates)
            await audit.append(
              {
                actor,
                action: 'employee.update',
                subject: employeeSubject(companyId, values.employeeId),
                data: { changes, source: 'import' },
              },
              executor,
            );
          await audit.append(
            {
              actor,
              action: 'employees.import',
              subject: `company:${companyId}`,
              data: {
                rows,
                imported: inserts.length,
                updated: updates.length,
                unchanged,
                invalidLines: [...new Set(invalid.map((issue) => issue.line))],
              },
            },
            executor,
          );
        }
        return { imported: inserts.length, updated: updates.length, unchanged };
      };

      if (dryRun) return report(await apply(db, false), invalid, rows);
      let counts: Awaited<ReturnType<typeof apply>>;
      try {
        counts = await db.transaction().execute((trx) => apply(trx, true));
      } catch (error) {
        // Another import added one of these employees between our read and our insert; nothing of ours was written.
        if (isUniqueViolation(error))
          throw new RetryableError('Another change to these employees ran at the same time; nothing was written', {
            code: 'conflict-retry',
            cause: error,
          });
        throw error;
      }
      return report({ ...counts, written: counts.imported + counts.updated > 0 }, invalid, rows);
    },
  };
}

function checkedOrThrow(result: ReturnType<typeof parseEmployeeFields>): EmployeeValues {
  if (result.ok) return result.employee;
  const [first, ...rest] = result.issues;
  const field = first ? apiFieldNames[first.column] : undefined;
  throw new ValidationError(first ? `${field}: ${first.reason}` : 'Invalid employee', {
    field,
    details:
      rest.length > 0
        ? result.issues.map((issue) => `${apiFieldNames[issue.column]}: ${issue.reason}`).join('; ')
        : undefined,
  });
}

/** The API's names for the CSV columns. */
export const apiFieldNames: Record<EmployeeColumn, string> = {
  employee_id: 'employeeId',
  full_name: 'fullName',
  email: 'email',
  country: 'country',
  iban: 'iban',
  bic: 'bic',
  wallet: 'wallet',
  gross_monthly: 'grossMonthly',
  currency: 'currency',
  split: 'split',
};

/** Input as CSV-style text; with `partial`, only the fields the patch sets. */
function inputToFields(input: Partial<EmployeeInput>, company: Company, partial = false): EmployeeFields {
  const fields: Partial<EmployeeFields> = {};
  const set = (column: EmployeeColumn, value: string | null | undefined) => {
    if (value === undefined && partial) return;
    fields[column] = value ?? '';
  };
  set('employee_id', input.employeeId);
  set('full_name', input.fullName);
  set('email', input.email);
  set('country', input.country);
  set('iban', input.iban);
  set('bic', input.bic);
  set('wallet', input.wallet);
  set('gross_monthly', input.grossMonthly);
  set('currency', input.currency ?? (partial ? undefined : company.baseCurrency));
  set(
    'split',
    input.split === undefined ? undefined : typeof input.split === 'string' ? input.split : formatSplit(input.split),
  );
  return fields as EmployeeFields;
}

function rowToFields(row: Selectable<EmployeesTable>): EmployeeFields {
  return {
    employee_id: row.employee_id,
    full_name: row.full_name,
    email: row.email,
    country: row.country,
    iban: row.iban ?? '',
    bic: row.bic ?? '',
    wallet: row.wallet ?? '',
    gross_monthly: formatAmount(BigInt(row.gross_monthly), row.currency),
    currency: row.currency,
    split: formatSplit(row.split),
  };
}

function toInsertRow(companyId: string, values: EmployeeValues) {
  return { company_id: companyId, employee_id: values.employeeId, ...toUpdateRow(values) };
}

function toUpdateRow(values: EmployeeValues) {
  return {
    full_name: values.fullName,
    email: values.email,
    country: values.country,
    iban: values.iban,
    bic: values.bic,
    wallet: values.wallet,
    gross_monthly: values.grossMonthly,
    currency: values.currency,
    split: JSON.stringify(values.split),
  };
}

/** Field by field, what an update would change, in audit form (amounts as strings). */
function changesBetween(row: Selectable<EmployeesTable>, values: EmployeeValues) {
  const before: Record<string, unknown> = {
    fullName: row.full_name,
    email: row.email,
    country: row.country,
    iban: row.iban,
    bic: row.bic,
    wallet: row.wallet,
    grossMonthly: BigInt(row.gross_monthly).toString(),
    currency: row.currency,
    split: formatSplit(row.split),
  };
  const after = auditView(values);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(after))
    if (key !== 'employeeId' && before[key] !== value) changes[key] = { from: before[key], to: value };
  return changes;
}

function auditView(values: EmployeeValues): Record<string, string | null> {
  return {
    employeeId: values.employeeId,
    fullName: values.fullName,
    email: values.email,
    country: values.country,
    iban: values.iban,
    bic: values.bic,
    wallet: values.wallet,
    grossMonthly: values.grossMonthly.toString(),
    currency: values.currency,
    split: formatSplit(values.split),
  };
}

function createdEvent(actor: string, companyId: string, values: EmployeeValues) {
  return {
    actor,
    action: 'employee.create',
    subject: employeeSubject(companyId, values.employeeId),
    data: auditView(values),
  };
}

function employeeSubject(companyId: string, employeeId: string) {
  return `employee:${companyId}/${employeeId}`;
}
