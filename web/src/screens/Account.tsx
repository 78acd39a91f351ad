import { type FormEvent, useState } from 'react';
import { changePasswordSchema } from '../../../src/api/schemas/authSchemas.js';
import { ApiProblem, api } from '../api/client.js';
import { validate } from '../api/validate.js';
import { TextField } from '../components/Field.js';
import { Card, PageHeader } from '../components/Layout.js';
import { ProblemMessage } from '../components/ProblemMessage.js';
import { useMe } from '../session.js';

/** Who is signed in, and a password change for local users. */
export function Account() {
  const me = useMe();
  const [values, setValues] = useState({ currentPassword: '', newPassword: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem>();
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    setProblem(undefined);
    const checked = validate(changePasswordSchema, values);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    try {
      await api('POST', '/v1/auth/password', checked.data);
      setDone(true);
      setValues({ currentPassword: '', newPassword: '' });
    } catch (caught) {
      if (!(caught instanceof ApiProblem)) return;
      const fieldErrors = caught.fieldErrors();
      if (Object.keys(fieldErrors).length) setErrors(fieldErrors);
      else setProblem(caught);
    }
  };

  return (
    <>
      <PageHeader title="Your account" />
      <Card title="Signed in">
        <dl className="facts">
          <dt>Name</dt>
          <dd>{me.name}</dd>
          <dt>Email</dt>
          <dd>{me.email ?? '—'}</dd>
          <dt>Role</dt>
          <dd>
            <span className={`role role-${me.role}`}>{me.role}</span>
          </dd>
          <dt>Signed in with</dt>
          <dd>{me.kind === 'user' ? 'email and password' : 'an API key'}</dd>
          <dt>Session ends</dt>
          <dd>{me.sessionExpiresAt ? new Date(me.sessionExpiresAt).toLocaleString() : '—'}</dd>
        </dl>
      </Card>
      {me.kind === 'user' ? (
        <Card title="Change password">
          <form onSubmit={submit} noValidate style={{ maxWidth: '28rem' }}>
            <TextField
              label="Current password"
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              value={values.currentPassword}
              onChange={(value) => setValues({ ...values, currentPassword: value })}
              error={errors.currentPassword}
            />
            <TextField
              label="New password"
              name="newPassword"
              type="password"
              autoComplete="new-password"
              value={values.newPassword}
              onChange={(value) => setValues({ ...values, newPassword: value })}
              error={errors.newPassword}
              hint="At least 12 characters. Your other sessions end."
            />
            <ProblemMessage problem={problem} />
            {done ? (
              <div className="notice notice-good" role="status">
                Your password is changed.
              </div>
            ) : null}
            <button type="submit" className="button button-primary">
              Change password
            </button>
          </form>
        </Card>
      ) : null}
    </>
  );
}
