/** One problem of an import: the file's line (1 is the header), the column (null: the whole line) and why. */
export type EmployeeImportIssue = {
  line: number;
  column: string | null;
  /** The row's employee id, when it has a readable one. */
  employeeId: string | null;
  reason: string;
};

/**
 * What an employee import did, or — in a dry run, or when invalid rows stopped it — would have done. `written` says
 * whether anything reached the database.
 */
export type EmployeeImportReport = {
  /** No invalid rows. */
  ok: boolean;
  dryRun: boolean;
  written: boolean;
  /** Data rows in the file. */
  rows: number;
  /** New employees. */
  imported: number;
  /** Existing employees (same employee_id) whose fields changed. */
  updated: number;
  /** Existing employees the file repeats exactly. */
  unchanged: number;
  invalid: EmployeeImportIssue[];
};
