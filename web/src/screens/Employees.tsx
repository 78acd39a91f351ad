import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { z } from 'zod';
import type { employeeSchema } from '../../../src/api/schemas/payrollSchemas.js';
import { query } from '../api/client.js';
import { useResource } from '../api/useResource.js';
import { useCompany } from '../company.js';
import { Card, Empty, Loading, PageHeader, StatusBadge } from '../components/Layout.js';
import { Money } from '../components/Money.js';
import { ProblemMessage } from '../components/ProblemMessage.js';
import { SplitView } from '../components/SplitView.js';
import { can, useMe } from '../session.js';
import { EmployeeForm } from './EmployeeForm.js';

export type Employee = z.infer<typeof employeeSchema>;
type EmployeePage = { employees: Employee[]; total: number; nextCursor: string | null };

/** Everyone on the payroll: search, each one's split, and (for admins) add and import. */
export function Employees() {
  const { company } = useCompany();
  const me = useMe();
  const [, navigate] = useLocation();
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(search), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const page = useResource<EmployeePage>(
    company
      ? `/v1/companies/${encodeURIComponent(company.id)}/employees${query({ search: debounced, limit: 500 })}`
      : undefined,
  );
  if (!company) return <Loading />;
  const mayWrite = can(me.role, 'manageEmployees');

  return (
    <>
      <PageHeader
        title="Employees"
        description={`Who ${company.legalName} pays, and how each one splits their net pay between the bank account and crypto assets.`}
        actions={
          mayWrite ? (
            <>
              <button type="button" className="button" onClick={() => setAdding(!adding)} aria-expanded={adding}>
                Add employee
              </button>
              <Link href="/employees/import" className="button button-primary">
                Import CSV
              </Link>
            </>
          ) : null
        }
      />
      {adding ? (
        <Card title="Add an employee">
          <EmployeeForm
            companyId={company.id}
            currency={company.baseCurrency}
            onSaved={(employee) => navigate(`/employees/${encodeURIComponent(employee.employeeId)}`)}
            onCancel={() => setAdding(false)}
          />
        </Card>
      ) : null}
      <Card>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="employee-search">Search</label>
            <input
              id="employee-search"
              type="search"
              placeholder="Name, email or employee id"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
            />
          </div>
          {page.data ? (
            <p className="muted small" aria-live="polite">
              {page.data.total} employee{page.data.total === 1 ? '' : 's'}
            </p>
          ) : null}
        </div>
        <ProblemMessage problem={page.error} />
        {page.loading && !page.data ? <Loading /> : null}
        {page.data && page.data.employees.length === 0 ? (
          <Empty>
            {debounced ? `Nobody matches “${debounced}”.` : 'No employees yet.'}{' '}
            {mayWrite && !debounced ? <Link href="/employees/import">Import them from a CSV file.</Link> : null}
          </Empty>
        ) : null}
        {page.data && page.data.employees.length > 0 ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">ID</th>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Country</th>
                  <th scope="col" className="num">
                    Gross monthly
                  </th>
                  <th scope="col">Split</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {page.data.employees.map((employee) => (
                  <tr key={employee.employeeId}>
                    <td className="nowrap">
                      <Link href={`/employees/${encodeURIComponent(employee.employeeId)}`}>{employee.employeeId}</Link>
                    </td>
                    <td>{employee.fullName}</td>
                    <td>{employee.email}</td>
                    <td>{employee.country}</td>
                    <td className="num">
                      <Money minor={employee.grossMonthlyMinor} asset={employee.currency} />
                    </td>
                    <td style={{ minWidth: '10rem' }}>
                      <SplitView split={employee.split} />
                    </td>
                    <td>
                      <StatusBadge status={employee.active ? 'active' : 'inactive'} />
                    </td>
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
