import { type FormEvent, useState } from 'react';
import type { z } from 'zod';
import { companyCreateSchema, type taxProfileSchema } from '../../../src/api/schemas/payrollSchemas.js';
import { ApiProblem, api } from '../api/client.js';
import { useResource } from '../api/useResource.js';
import { validate } from '../api/validate.js';
import { type Company, useCompany } from '../company.js';
import { SelectField, TextField } from '../components/Field.js';
import { Card, PageHeader } from '../components/Layout.js';
import { ProblemMessage } from '../components/ProblemMessage.js';
import { can, useMe } from '../session.js';

type TaxProfile = z.infer<typeof taxProfileSchema>;
type Approver = { name: string; email: string; address: string };

/** First run: no company yet. An admin creates it here (bank account, tax profile, approvers N of M). */
export function CompanySetup() {
  const me = useMe();
  const { reload, select } = useCompany();
  const profiles = useResource<{ profiles: TaxProfile[] }>('/v1/tax-profiles');
  const [values, setValues] = useState({
    legalName: '',
    country: 'DE',
    iban: '',
    bic: '',
    taxProfileId: 'DE-example-2025',
  });
  const [approvers, setApprovers] = useState<Approver[]>([{ name: '', email: '', address: '' }]);
  const [threshold, setThreshold] = useState('1');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);

  if (!can(me.role, 'manageEmployees'))
    return (
      <>
        <PageHeader title="Welcome to Tandem" />
        <div className="notice notice-muted">
          No company is set up yet. An admin creates it; then you will see it here.
        </div>
      </>
    );

  const set = (name: keyof typeof values) => (value: string) =>
    setValues((previous) => ({ ...previous, [name]: value }));
  const setApprover = (index: number, name: keyof Approver, value: string) =>
    setApprovers((previous) =>
      previous.map((approver, i) => (i === index ? { ...approver, [name]: value } : approver)),
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    const filled = approvers.filter((approver) => approver.name || approver.email || approver.address);
    const body = { ...values, approvers: filled, approvalThreshold: Number(threshold) };
    const checked = validate(companyCreateSchema, body);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setBusy(true);
    try {
      const company = await api<Company>('POST', '/v1/companies', checked.data);
      select(company.id);
      await reload();
    } catch (caught) {
      if (!(caught instanceof ApiProblem)) return;
      const fieldErrors = caught.fieldErrors();
      if (Object.keys(fieldErrors).length) setErrors(fieldErrors);
      else setProblem(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title="Set up your company"
        description="Tandem pays salaries for a company: its bank account pays the SEPA leg, its vault on chain pays the crypto leg, and its approvers sign each pay run."
      />
      <Card>
        <form onSubmit={submit} noValidate>
          <div className="form-grid">
            <TextField
              label="Legal name"
              name="legalName"
              value={values.legalName}
              onChange={set('legalName')}
              error={errors.legalName}
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
            <TextField label="BIC" name="bic" value={values.bic} onChange={set('bic')} error={errors.bic} />
            <SelectField
              label="Tax profile"
              name="taxProfileId"
              value={values.taxProfileId}
              onChange={set('taxProfileId')}
              error={errors.taxProfileId}
              hint="Examples with their sources, not tax advice."
              options={(profiles.data?.profiles ?? [{ id: values.taxProfileId, name: values.taxProfileId }]).map(
                (profile) => ({
                  value: profile.id,
                  label: profile.name,
                }),
              )}
            />
          </div>
          <h3 style={{ margin: '0.5rem 0 0.75rem' }}>Approvers</h3>
          {approvers.map((approver, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and never reordered
            <div className="form-grid" key={index}>
              <TextField
                label={`Approver ${index + 1} name`}
                name={`approvers.${index}.name`}
                value={approver.name}
                onChange={(value) => setApprover(index, 'name', value)}
                error={errors[`approvers.${index}.name`]}
              />
              <TextField
                label="Email"
                name={`approvers.${index}.email`}
                value={approver.email}
                onChange={(value) => setApprover(index, 'email', value)}
                error={errors[`approvers.${index}.email`]}
              />
              <TextField
                label="Signing address"
                name={`approvers.${index}.address`}
                value={approver.address}
                onChange={(value) => setApprover(index, 'address', value)}
                error={errors[`approvers.${index}.address`]}
                placeholder="0x…"
              />
            </div>
          ))}
          <div className="form-actions" style={{ marginBottom: '1rem' }}>
            <button
              type="button"
              className="button button-small"
              onClick={() => setApprovers([...approvers, { name: '', email: '', address: '' }])}
            >
              Add an approver
            </button>
          </div>
          <div className="form-grid">
            <TextField
              label="Approvals needed (N of M)"
              name="approvalThreshold"
              inputMode="numeric"
              value={threshold}
              onChange={setThreshold}
              error={errors.approvalThreshold}
            />
          </div>
          <ProblemMessage problem={problem} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Creating…' : 'Create company'}
            </button>
          </div>
        </form>
      </Card>
    </>
  );
}
