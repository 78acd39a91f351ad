import { type FormEvent, useState } from 'react';
import type { z } from 'zod';
import { roleNames, userCreateSchema, type userSchema } from '../../../src/api/schemas/authSchemas.js';
import { ApiProblem, api } from '../api/client.js';
import { useResource } from '../api/useResource.js';
import { validate } from '../api/validate.js';
import { SelectField, TextField } from '../components/Field.js';
import { Card, Loading, PageHeader, StatusBadge } from '../components/Layout.js';
import { ProblemMessage } from '../components/ProblemMessage.js';

type User = z.infer<typeof userSchema>;

const roleDescriptions: Record<(typeof roleNames)[number], string> = {
  admin: 'admin — everything, including users and pay runs',
  approver: 'approver — approves pay runs with their signature',
  viewer: 'viewer — reads, changes nothing',
  compliance: 'compliance — works risk cases',
};

/** Who may sign in, with which role; admins only (the API refuses everyone else). */
export function Users() {
  const users = useResource<{ users: User[] }>('/v1/users');
  const [problem, setProblem] = useState<ApiProblem>();

  const disable = async (user: User) => {
    if (!window.confirm(`Disable ${user.email}? They are signed out and can no longer sign in.`)) return;
    setProblem(undefined);
    try {
      await api('POST', `/v1/users/${encodeURIComponent(user.id)}/disable`);
      await users.reload();
    } catch (caught) {
      if (caught instanceof ApiProblem) setProblem(caught);
    }
  };

  return (
    <>
      <PageHeader title="Users" description="People who sign in to this Tandem, each with one role." />
      <ProblemMessage problem={users.error} />
      <ProblemMessage problem={problem} />
      {users.error?.status === 403 ? null : (
        <>
          <Card title="Add a user">
            <CreateUser onCreated={() => void users.reload()} />
          </Card>
          <Card title="Everyone">
            {users.loading && !users.data ? <Loading /> : null}
            {users.data ? (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Email</th>
                      <th scope="col">Role</th>
                      <th scope="col">Created</th>
                      <th scope="col">Status</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {users.data.users.map((user) => (
                      <tr key={user.id}>
                        <td>{user.name}</td>
                        <td>{user.email}</td>
                        <td>
                          <span className={`role role-${user.role}`}>{user.role}</span>
                        </td>
                        <td className="nowrap">{new Date(user.createdAt).toLocaleDateString()}</td>
                        <td>
                          <StatusBadge status={user.disabledAt ? 'disabled' : 'active'} />
                        </td>
                        <td>
                          {user.disabledAt ? null : (
                            <button type="button" className="button button-small" onClick={() => void disable(user)}>
                              Disable<span className="visually-hidden"> {user.email}</span>
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </Card>
        </>
      )}
    </>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const empty = { email: '', name: '', role: 'viewer', password: '' };
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem>();
  const [created, setCreated] = useState<string>();
  const set = (name: keyof typeof empty) => (value: string) =>
    setValues((previous) => ({ ...previous, [name]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setCreated(undefined);
    setProblem(undefined);
    const checked = validate(userCreateSchema, values);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    try {
      const user = await api<User>('POST', '/v1/users', checked.data);
      setCreated(`${user.email} can now sign in as ${user.role}.`);
      setValues(empty);
      onCreated();
    } catch (caught) {
      if (!(caught instanceof ApiProblem)) return;
      const fieldErrors = caught.fieldErrors();
      if (Object.keys(fieldErrors).length) setErrors(fieldErrors);
      else setProblem(caught);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <div className="form-grid">
        <TextField label="Name" name="name" value={values.name} onChange={set('name')} error={errors.name} />
        <TextField
          label="Email"
          name="email"
          type="email"
          value={values.email}
          onChange={set('email')}
          error={errors.email}
        />
        <SelectField
          label="Role"
          name="role"
          value={values.role}
          onChange={set('role')}
          error={errors.role}
          options={roleNames.map((role) => ({ value: role, label: roleDescriptions[role] }))}
        />
        <TextField
          label="Initial password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={set('password')}
          error={errors.password}
          hint="At least 12 characters; they can change it under their name."
        />
      </div>
      <ProblemMessage problem={problem} />
      {created ? (
        <div className="notice notice-good" role="status">
          {created}
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          Add user
        </button>
      </div>
    </form>
  );
}
