import { type FormEvent, useState } from 'react';
import { loginRequestSchema } from '../../../src/api/schemas/authSchemas.js';
import { ApiProblem, api } from '../api/client.js';
import { validate } from '../api/validate.js';
import { TextField } from '../components/Field.js';
import { type Me, useSession } from '../session.js';

/** Email and password, or an API key (the one `tandem start` prints lets the first admin in). */
export function SignIn({ expired }: { expired: boolean }) {
  const { signedIn } = useSession();
  const [mode, setMode] = useState<'password' | 'api-key'>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    if (mode === 'api-key' && !apiKey.trim()) return setErrors({ apiKey: 'paste an API key (tdm_…)' });
    const checked = validate(loginRequestSchema, mode === 'password' ? { email, password } : { apiKey });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setBusy(true);
    try {
      signedIn(await api<Me>('POST', '/v1/auth/login', checked.data));
    } catch (caught) {
      if (caught instanceof ApiProblem) {
        const fieldErrors = caught.fieldErrors();
        if (mode === 'api-key' && caught.status === 401) setErrors({ apiKey: caught.message });
        else if (Object.keys(fieldErrors).length) setErrors(fieldErrors);
        else setProblem(caught.message);
      } else setProblem(String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <div className="brand brand-large">
          <Logo />
          <span>Tandem</span>
        </div>
        <h1>Sign in</h1>
        <p className="muted">Payroll in fiat and crypto, screened, paid on chain and kept in one ledger.</p>
        {expired ? (
          <div className="notice notice-muted" role="status">
            Your session has ended. Sign in again to go on.
          </div>
        ) : null}
        <form onSubmit={submit} noValidate>
          {mode === 'password' ? (
            <>
              <TextField
                label="Email"
                name="email"
                type="email"
                autoComplete="username"
                value={email}
                onChange={setEmail}
                error={errors.email}
                autoFocus
              />
              <TextField
                label="Password"
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={setPassword}
                error={errors.password}
              />
            </>
          ) : (
            <TextField
              label="API key"
              name="apiKey"
              type="password"
              autoComplete="off"
              value={apiKey}
              onChange={setApiKey}
              error={errors.apiKey}
              hint="The admin key that tandem start printed on its first start is kept in .tandem/admin-api-key."
              autoFocus
            />
          )}
          {problem ? (
            <div className="notice notice-error" role="alert">
              {problem}
            </div>
          ) : null}
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setErrors({});
            setProblem(undefined);
            setMode(mode === 'password' ? 'api-key' : 'password');
          }}
        >
          {mode === 'password' ? 'Sign in with an API key instead' : 'Sign in with email and password'}
        </button>
      </div>
    </main>
  );
}

export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="#1f4fd1" />
      <circle cx="12" cy="16" r="6" fill="none" stroke="#fff" strokeWidth="3" />
      <circle cx="20" cy="16" r="6" fill="none" stroke="#9ec1ff" strokeWidth="3" />
    </svg>
  );
}
