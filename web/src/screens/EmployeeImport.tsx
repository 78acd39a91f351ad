import { type ChangeEvent, useRef, useState } from 'react';
import { Link } from 'wouter';
import type { z } from 'zod';
import {
  type employeeImportReportSchema,
  employeeImportRequestSchema,
} from '../../../src/api/schemas/payrollSchemas.js';
import { ApiProblem, api } from '../api/client.js';
import { validate } from '../api/validate.js';
import { useCompany } from '../company.js';
import { Field } from '../components/Field.js';
import { Card, Loading, PageHeader } from '../components/Layout.js';
import { ProblemMessage } from '../components/ProblemMessage.js';

type ImportReport = z.infer<typeof employeeImportReportSchema>;
const header = 'employee_id,full_name,email,country,iban,bic,wallet,gross_monthly,currency,split';

/**
 * CSV import in two steps: a dry run lists every invalid row with its line and reason and writes nothing; only a
 * clean check (or the explicit choice to skip the bad rows) offers the import itself.
 */
export function EmployeeImport() {
  const { company } = useCompany();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string>();
  const [checked, setChecked] = useState<{ csv: string; report: ImportReport }>();
  const [result, setResult] = useState<ImportReport>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [csvError, setCsvError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const reportHeading = useRef<HTMLHeadingElement>(null);
  if (!company) return <Loading />;

  const send = async (options: { dryRun: boolean; skipInvalid?: boolean }) => {
    const valid = validate(employeeImportRequestSchema, { csv, ...options });
    if (!valid.ok) return setCsvError(valid.errors.csv ?? Object.values(valid.errors)[0]);
    if (!csv.trim()) return setCsvError('paste the CSV text or choose a file');
    setCsvError(undefined);
    setProblem(undefined);
    setBusy(true);
    try {
      const report = await api<ImportReport>(
        'POST',
        `/v1/companies/${encodeURIComponent(company.id)}/employees/import`,
        valid.data,
      );
      if (options.dryRun) {
        setChecked({ csv, report });
        setResult(undefined);
      } else {
        setResult(report);
        setChecked(undefined);
      }
      requestAnimationFrame(() => reportHeading.current?.focus());
    } catch (caught) {
      setProblem(caught instanceof ApiProblem ? caught : new ApiProblem({ status: 0, title: String(caught) }));
    } finally {
      setBusy(false);
    }
  };

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    setCsv(await file.text());
    setChecked(undefined);
    setResult(undefined);
  };

  const report = result ?? checked?.report;
  const stale = checked !== undefined && checked.csv !== csv;

  return (
    <>
      <p className="breadcrumb">
        <Link href="/employees">Employees</Link> / Import
      </p>
      <PageHeader
        title="Import employees"
        description={
          <>
            A CSV file with exactly the columns <code>{header}</code>. Nothing is written until every row is valid (or
            you choose to import only the valid rows); an existing employee id is updated.
          </>
        }
      />
      <Card>
        <Field label="CSV file">
          {(aria) => <input {...aria} type="file" accept=".csv,text/csv" onChange={(event) => void readFile(event)} />}
        </Field>
        <Field
          label="CSV text"
          error={csvError}
          hint={fileName ? `From ${fileName}; you can correct it here.` : 'Or paste it here.'}
        >
          {(aria) => (
            <textarea
              {...aria}
              name="csv"
              rows={10}
              spellCheck={false}
              wrap="off"
              value={csv}
              placeholder={header}
              onChange={(event) => setCsv(event.target.value)}
            />
          )}
        </Field>
        <ProblemMessage problem={problem} />
        <div className="form-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => void send({ dryRun: true })}
          >
            {busy ? 'Checking…' : 'Check file'}
          </button>
          {checked?.report.ok && !stale ? (
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={() => void send({ dryRun: false })}
            >
              Import {checked.report.rows} employee{checked.report.rows === 1 ? '' : 's'}
            </button>
          ) : null}
          {checked && !checked.report.ok && !stale && checked.report.invalid.length < checked.report.rows ? (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void send({ dryRun: false, skipInvalid: true })}
            >
              Import only the valid rows
            </button>
          ) : null}
          {stale ? <span className="muted small">The text changed since the check: check it again.</span> : null}
        </div>
      </Card>
      {report ? (
        <Card
          title={
            <span ref={reportHeading} tabIndex={-1}>
              {result ? 'Import result' : report.ok ? 'Check passed' : 'Check found problems'}
            </span>
          }
        >
          {result ? (
            <div className={`notice ${result.written ? 'notice-good' : 'notice-muted'}`} role="status">
              {result.written
                ? `Imported: ${result.imported} new, ${result.updated} updated, ${result.unchanged} unchanged.`
                : 'Nothing was written.'}
              {result.invalid.length ? ` ${result.invalid.length} invalid row(s) were skipped.` : ''}{' '}
              <Link href="/employees">See the employees</Link>
            </div>
          ) : report.ok ? (
            <div className="notice notice-good" role="status">
              All {report.rows} rows are valid: {report.imported} new, {report.updated} to update, {report.unchanged}{' '}
              unchanged. Nothing is written until you import.
            </div>
          ) : (
            <div className="notice notice-error" role="alert">
              {report.invalid.length} of {report.rows} rows are invalid, so nothing was written. Correct them above and
              check again.
            </div>
          )}
          {report.invalid.length > 0 ? (
            <div className="table-wrap">
              <table aria-label="Invalid rows">
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Line
                    </th>
                    <th scope="col">Employee</th>
                    <th scope="col">Column</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {report.invalid.map((row) => (
                    <tr key={`${row.line}-${row.column ?? ''}-${row.reason}`} className="row-error">
                      <td className="num">{row.line}</td>
                      <td>{row.employeeId ?? '—'}</td>
                      <td>
                        <code>{row.column ?? '—'}</code>
                      </td>
                      <td>{row.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </Card>
      ) : null}
    </>
  );
}
