import { type FormEvent, useState } from 'react';
import { employeeCreateSchema, employeePatchSchema } from '../../../src/api/schemas/payrollSchemas.js';
import { ApiProblem, api } from '../api/client.js';
import { validate } from '../api/validate.js';
import { TextField } from '../components/Field.js';
import type { Employee } from './Employees.js';

const fields = [
  'employeeId',
  'fullName',
  'email',
  'country',
  'iban',
  'bic',
  'wallet',
  'grossMonthly',
  'split',
] as const;
type Values = Record<(typeof fields)[number], string>;

/**
 * Adds an employee or changes one, checked by the API's own schema first and then by the server, whose every
 * finding (IBAN check digits, EIP-55 checksum, split summing to 100 …) appears next to its field.
 */
export function EmployeeForm({
  companyId,
  currency,
  employee,
  onSaved,
  onCancel,
}: {
  companyId: string;
  currency: string;
  employee?: Employee;
  onSaved: (employee: Employee) => void;
  onCancel?: () => void;
}) {
  const [values, setValues] = useState<Values>(() => ({
    employeeId: employee?.employeeId ?? '',
    fullName: employee?.fullName ?? '',
    email: employee?.email ?? '',
    country: employee?.country ?? '',
    iban: employee?.iban ?? '',
    bic: employee?.bic ?? '',
    wallet: employee?.wallet ?? '',
    grossMonthly: employee?.grossMonthly ?? '',
    split: employee ? employee.split.map((share) => `${share.asset}:${share.percent}`).join(',') : `${currency}:100`,
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (name: keyof Values) => (value: string) => setValues((previous) => ({ ...previous, [name]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    const body = {
      ...(employee ? {} : { employeeId: values.employeeId.trim() }),
      fullName: values.fullName,
      email: values.email,
      country: values.country.toUpperCase(),
      iban: values.iban.trim() || null,
      bic: values.bic.trim() || null,
      wallet: values.wallet.trim() || null,
      grossMonthly: values.grossMonthly.trim(),
      split: values.split.trim(),
    };
    const checked = employee ? validate(employeePatchSchema, body) : validate(employeeCreateSchema, body);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setBusy(true);
    try {
      const path = `/v1/companies/${encodeURIComponent(companyId)}/employees`;
      const saved = employee
        ? await api<Employee>('PATCH', `${path}/${encodeURIComponent(employee.employeeId)}`, checked.data)
        : await api<Employee>('POST', path, checked.data);
      onSaved(saved);
    } catch (caught) {
      if (!(caught instanceof ApiProblem)) return setProblem(String(caught));
      const found = caught.fieldErrors();
      setErrors(found);
      if (!Object.keys(found).some((field) => (fields as readonly string[]).includes(field)))
        setProblem(caught.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <div className="form-grid">
        {employee ? null : (
          <TextField
            label="Employee ID"
            name="employeeId"
            value={values.employeeId}
            onChange={set('employeeId')}
            error={errors.employeeId}
          />
        )}
        <TextField
          label="Full name"
          name="fullName"
          value={values.fullName}
          onChange={set('fullName')}
          error={errors.fullName}
        />
        <TextField
          label="Email"
          name="email"
          type="email"
          value={values.email}
          onChange={set('email')}
          error={errors.email}
        />
        <TextField
          label="Country"
          name="country"
          value={values.country}
          onChange={set('country')}
          error={errors.country}
          hint="ISO code, e.g. DE"
        />
        <TextField label="IBAN" name="iban" value={values.iban} onChange={set('iban')} error={errors.iban} />
        <TextField label="BIC" name="bic" value={values.bic} onChange={set('bic')} error={errors.bic} hint="Optional" />
        <TextField
          label="Wallet"
          name="wallet"
          value={values.wallet}
          onChange={set('wallet')}
          error={errors.wallet}
          hint="EVM address; needed for a crypto share"
        />
        <TextField
          label={`Gross monthly (${currency})`}
          name="grossMonthly"
          inputMode="decimal"
          value={values.grossMonthly}
          onChange={set('grossMonthly')}
          error={errors.grossMonthly}
        />
        <TextField
          label="Split"
          name="split"
          value={values.split}
          onChange={set('split')}
          error={errors.split}
          hint={`Assets and percentages, e.g. ${currency}:60,USDC:40 (${currency} is the bank account)`}
        />
      </div>
      {problem ? (
        <div className="notice notice-error" role="alert">
          {problem}
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : employee ? 'Save changes' : 'Add employee'}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
