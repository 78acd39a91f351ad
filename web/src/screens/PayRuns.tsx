import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { payRunCreateSchema } from '../../../src/api/schemas/payRunSchemas.js';
import { ApiProblem, api } from '../api/client.js';
import { type PayRun, payRunPaths } from '../api/payRunApi.js';
import { useResource } from '../api/useResource.js';
import { validate } from '../api/validate.js';
import { useCompany } from '../company.js';
import { TextField } from '../components/Field.js';
import { Card, Empty, Loading, PageHeader, StatusBadge } from '../components/Layout.js';
import { Money } from '../components/Money.js';
import { ProblemMessage } from '../components/ProblemMessage.js';
import { can, useMe } from '../session.js';

export type PayRunSummary = PayRun;
export const payRunsPath = payRunPaths.list;

/** The company's pay runs, newest period first, and (for admins) a new one. */
export function PayRuns() {
  const { company } = useCompany();
  const me = useMe();
  const runs = useResource<{ payRuns: PayRun[] }>(company ? payRunPaths.list(company.id) : undefined);
  if (!company) return <Loading />;
  return (
    <>
      <PageHeader
        title="Pay runs"
        description="Each month's payroll: calculated, priced and screened, approved by the approvers' signatures, then paid on chain and by SEPA file."
      />
      {can(me.role, 'runPayroll') && !runs.error ? <CreatePayRun companyId={company.id} /> : null}
      <Card title="All pay runs">
        <ProblemMessage problem={runs.error} what="Pay runs" />
        {runs.loading && !runs.data ? <Loading /> : null}
        {runs.data && runs.data.payRuns.length === 0 ? <Empty>No pay runs yet.</Empty> : null}
        {runs.data && runs.data.payRuns.length > 0 ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Period</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Lines
                  </th>
                  <th scope="col" className="num">
                    Gross
                  </th>
                  <th scope="col" className="num">
                    Net
                  </th>
                  <th scope="col" className="num">
                    SEPA
                  </th>
                  <th scope="col" className="num">
                    Crypto (value)
                  </th>
                  <th scope="col">Pay date</th>
                </tr>
              </thead>
              <tbody>
                {runs.data.payRuns.map((run) => (
                  <tr key={run.id}>
                    <td>
                      <Link href={`/pay-runs/${run.id}`}>{run.period}</Link>
                    </td>
                    <td>
                      <StatusBadge status={run.status} />
                    </td>
                    <td className="num">{run.lineCount}</td>
                    <td className="num">
                      <Money minor={run.grossTotal} asset={run.currency} />
                    </td>
                    <td className="num">
                      <Money minor={run.netTotal} asset={run.currency} />
                    </td>
                    <td className="num">
                      <Money minor={run.fiatTotal} asset={run.currency} />
                    </td>
                    <td className="num">
                      <Money minor={run.cryptoFiatTotal} asset={run.currency} />
                    </td>
                    <td className="nowrap">{run.requestedExecutionDate}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Card>
    </>
  );
}

function nextPeriod(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

function CreatePayRun({ companyId }: { companyId: string }) {
  const [, navigate] = useLocation();
  const [period, setPeriod] = useState(nextPeriod);
  const [executionDate, setExecutionDate] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    const checked = validate(payRunCreateSchema, {
      period,
      ...(executionDate ? { requestedExecutionDate: executionDate } : {}),
    });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setBusy(true);
    try {
      const run = await api<PayRun>('POST', payRunPaths.create(companyId), checked.data);
      navigate(`/pay-runs/${run.id}`);
    } catch (caught) {
      if (!(caught instanceof ApiProblem)) return;
      const fieldErrors = caught.fieldErrors();
      if (fieldErrors.period || fieldErrors.requestedExecutionDate) setErrors(fieldErrors);
      else setProblem(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="New pay run">
      <form onSubmit={submit} noValidate>
        <div className="toolbar">
          <TextField
            label="Period"
            name="period"
            value={period}
            onChange={setPeriod}
            error={errors.period}
            placeholder="YYYY-MM"
          />
          <TextField
            label="Pay date (optional)"
            name="requestedExecutionDate"
            type="date"
            value={executionDate}
            onChange={setExecutionDate}
            error={errors.requestedExecutionDate}
          />
          <button type="submit" className="button button-primary" disabled={busy} style={{ marginBottom: '0.1rem' }}>
            {busy ? 'Creating…' : 'Create pay run'}
          </button>
        </div>
        <ProblemMessage problem={problem} />
      </form>
    </Card>
  );
}
