import { ValidationError } from '../errors/BaseError.js';
import { parseCsv } from '../risk/model/parseCsv.js';
import type { EmployeeImportIssue } from './EmployeeImportReport.js';
import { type EmployeeFields, employeeColumns } from './parseEmployeeFields.js';

export type EmployeeCsvRow = { line: number; fields: EmployeeFields };

export type ReadEmployeeCsvReturnType =
  | { ok: true; rows: EmployeeCsvRow[] }
  | { ok: false; issues: EmployeeImportIssue[] };

/**
 * Reads an employee CSV (RFC 4180: quoted fields with commas, quotes and line breaks, CRLF or LF, a UTF-8 BOM
 * tolerated, blank lines skipped) into rows of text keyed by column, each with the line it starts on.
 *
 * The header is required and names exactly the ten columns `employee_id,full_name,email,country,iban,bic,wallet,
 * gross_monthly,currency,split`, each once and no others; their order is free (cells are matched by name), and
 * names are compared without surrounding spaces and regardless of case. A file that is not well-formed CSV (an
 * unterminated quote, a line with the wrong number of fields) cannot be split into rows safely and is refused whole,
 * at the first such line.
 */
export function readEmployeeCsv(csv: string): ReadEmployeeCsvReturnType {
  let table: ReturnType<typeof parseCsv>;
  try {
    table = parseCsv(csv);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const line = Number(/^line (\d+)$/.exec(error.field ?? '')?.[1] ?? 1);
    return { ok: false, issues: [{ line, column: null, employeeId: null, reason: error.shortMessage }] };
  }

  const header = table.header.map((name) => name.trim().toLowerCase());
  const issues: EmployeeImportIssue[] = [];
  const headerIssue = (column: string | null, reason: string) =>
    issues.push({ line: 1, column, employeeId: null, reason });
  header.forEach((name, i) => {
    if (!(employeeColumns as readonly string[]).includes(name))
      headerIssue(name || null, `unknown column "${table.header[i]}"; the columns are ${employeeColumns.join(',')}`);
    else if (header.indexOf(name) !== i) headerIssue(name, 'column appears more than once');
  });
  for (const column of employeeColumns)
    if (!header.includes(column)) headerIssue(column, 'column is missing from the header');
  if (issues.length > 0) return { ok: false, issues };

  const index = Object.fromEntries(employeeColumns.map((column) => [column, header.indexOf(column)]));
  const rows = table.records.map((record, i) => ({
    line: table.lineNumbers[i] ?? 0,
    fields: Object.fromEntries(
      employeeColumns.map((column) => [column, record[index[column] ?? -1] ?? '']),
    ) as EmployeeFields,
  }));
  return { ok: true, rows };
}
