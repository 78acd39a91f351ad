import { useState } from 'react';
import { Link } from 'wouter';
import { ApiProblem, api } from '../api/client.js';
import { useResource } from '../api/useResource.js';
import { useCompany } from '../company.js';
import { Card, Loading, PageHeader, StatusBadge } from '../components/Layout.js';
import { Money } from '../components/Money.js';
import { ProblemMessage } from '../components/ProblemMessage.js';
import { SplitView } from '../components/SplitView.js';
import { can, useMe } from '../session.js';
import { EmployeeForm } from './EmployeeForm.js';
import type { Employee } from './Employees.js';

export function EmployeeDetail({ employeeId }: { employeeId: string }) {
  const { company } = useCompany();
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const path = company
    ? `/v1/companies/${encodeURIComponent(company.id)}/employees/${encodeURIComponent(employeeId)}`
    : undefined;
  const employee = useResource<Employee>(path);
  if (!company || (employee.loading && !employee.data)) return <Loading />;
  const data = employee.data;
  const mayWrite = can(me.role, 'manageEmployees');

  const setActive = async (active: boolean) => {
    setProblem(undefined);
    try {
      await api('PATCH', path!, { active });
      await employee.reload();
    } catch (caught) {
      if (caught instanceof ApiProblem) setProblem(caught);
    }
  };

  return (
    <>
      <p className="breadcrumb">
        <Link href="/employees">Employees</Link> / {employeeId}
      </p>
      <ProblemMessage problem={employee.error} />
      {data ? (
        <>
          <PageHeader
            title={data.fullName}
            description={`${data.employeeId} · ${data.email}`}
            actions={
              mayWrite ? (
                <>
                  <button type="button" className="button" onClick={() => setEditing(!editing)} aria-expanded={editing}>
                    {editing ? 'Close editor' : 'Edit'}
                  </button>
                  <button type="button" className="button" onClick={() => void setActive(!data.active)}>
                    {data.active ? 'Take off payroll' : 'Put back on payroll'}
                  </button>
                </>
              ) : null
            }
          />
          <ProblemMessage problem={problem} />
          {editing ? (
            <Card title="Edit employee">
              <EmployeeForm
                companyId={company.id}
                currency={data.currency}
                employee={data}
                onSaved={() => {
                  setEditing(false);
                  void employee.reload();
                }}
                onCancel={() => setEditing(false)}
              />
            </Card>
          ) : null}
          <div className="grid">
            <Card title="Pay">
              <dl className="facts">
                <dt>Gross monthly</dt>
                <dd>
                  <Money minor={data.grossMonthlyMinor} asset={data.currency} />
                </dd>
                <dt>Status</dt>
                <dd>
                  <StatusBadge status={data.active ? 'active' : 'inactive'} />
                </dd>
                <dt>Split</dt>
                <dd>
                  <SplitView split={data.split} />
                </dd>
              </dl>
            </Card>
            <Card title="Where the money goes">
              <dl className="facts">
                <dt>Country</dt>
                <dd>{data.country}</dd>
                <dt>IBAN</dt>
                <dd className="mono">{data.iban ?? '—'}</dd>
                <dt>BIC</dt>
                <dd className="mono">{data.bic ?? '—'}</dd>
                <dt>Wallet</dt>
                <dd className="mono mono-break">{data.wallet ?? '—'}</dd>
              </dl>
            </Card>
          </div>
        </>
      ) : null}
    </>
  );
}
