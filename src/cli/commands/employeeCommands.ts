import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ValidationError } from '../../errors/BaseError.js';
import { commandConfig } from '../commandConfig.js';
import { createCliClient } from '../createCliClient.js';
import { printJson, printTable } from '../output.js';

type Employee = {
  employeeId: string;
  fullName: string;
  email: string;
  country: string;
  iban: string | null;
  wallet: string | null;
  grossMonthly: string;
  currency: string;
  split: { asset: string; percent: string }[];
  active: boolean;
};
type EmployeePage = { employees: Employee[]; total: number; nextCursor: string | null };
type ImportReport = {
  ok: boolean;
  dryRun: boolean;
  written: boolean;
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  invalid: { line: number; column: string | null; employeeId: string | null; reason: string }[];
};

export function registerEmployeeCommands(program: Command) {
  const employees = program.command('employees').description("A company's employees");

  employees
    .command('import')
    .description(
      'import employees from a CSV with the columns employee_id,full_name,email,country,iban,bic,wallet,' +
        'gross_monthly,currency,split; any invalid row writes nothing (exit code 1) unless --skip-invalid',
    )
    .requiredOption('--company <id>', 'company id')
    .requiredOption('--file <csv>', 'CSV file (UTF-8)')
    .option('--skip-invalid', 'import the valid rows and report the others')
    .option('--dry-run', 'check every row and report, writing nothing')
    .option('--json', 'machine-readable output')
    .action(
      async (
        options: { company: string; file: string; skipInvalid?: boolean; dryRun?: boolean; json?: boolean },
        command: Command,
      ) => {
        let csv: string;
        try {
          csv = readFileSync(options.file, 'utf8');
        } catch (cause) {
          throw new ValidationError(`Cannot read ${options.file}`, { cause, field: '--file' });
        }
        const client = await createCliClient(commandConfig(command));
        try {
          const report = await client.request<ImportReport>(
            'POST',
            `/v1/companies/${encodeURIComponent(options.company)}/employees/import`,
            { csv, skipInvalid: options.skipInvalid ?? false, dryRun: options.dryRun ?? false },
          );
          if (report.invalid.length > 0 && !report.written) process.exitCode = 1;
          if (options.json) return printJson(report);
          printReport(report);
        } finally {
          await client.close();
        }
      },
    );

  employees
    .command('list')
    .description("list a company's employees")
    .requiredOption('--company <id>', 'company id')
    .option('--search <text>', 'part of a name, email or employee id')
    .option('--json', 'machine-readable output')
    .action(async (options: { company: string; search?: string; json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const all: Employee[] = [];
        let cursor: string | null = null;
        do {
          const query = new URLSearchParams({
            limit: '1000',
            ...(options.search ? { search: options.search } : {}),
            ...(cursor ? { cursor } : {}),
          });
          const page: EmployeePage = await client.request<EmployeePage>(
            'GET',
            `/v1/companies/${encodeURIComponent(options.company)}/employees?${query}`,
          );
          all.push(...page.employees);
          cursor = page.nextCursor;
        } while (cursor);
        if (options.json) return printJson(all);
        printTable(
          all.map((e) => ({
            id: e.employeeId,
            name: e.fullName,
            email: e.email,
            country: e.country,
            gross: e.grossMonthly,
            currency: e.currency,
            split: e.split.map((share) => `${share.asset}:${share.percent}`).join(','),
            active: e.active ? 'yes' : 'no',
          })),
        );
      } finally {
        await client.close();
      }
    });
}

function printReport(report: ImportReport) {
  const counts = `${report.imported} new, ${report.updated} updated, ${report.unchanged} unchanged of ${report.rows} rows`;
  if (report.dryRun) process.stdout.write(`Dry run, nothing written: would import ${counts}.\n`);
  else if (report.written || report.invalid.length === 0) process.stdout.write(`Imported ${counts}.\n`);
  else process.stdout.write('Nothing was written: fix the rows below, or import the valid ones with --skip-invalid.\n');
  if (report.invalid.length > 0) {
    const lines = new Set(report.invalid.map((issue) => issue.line)).size;
    process.stdout.write(`${lines} invalid ${lines === 1 ? 'line' : 'lines'}${report.written ? ' skipped' : ''}:\n`);
    for (const issue of report.invalid)
      process.stdout.write(`  line ${issue.line}${issue.column ? `, ${issue.column}` : ''}: ${issue.reason}\n`);
  }
}
