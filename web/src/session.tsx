import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { meSchema } from '../../src/api/schemas/authSchemas.js';
import { type ApiProblem, api, setUnauthenticatedHandler } from './api/client.js';

export type Me = z.infer<typeof meSchema>;
export type Role = Me['role'];

type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; expired: boolean }
  | { status: 'signed-in'; me: Me }
  | { status: 'unreachable'; problem: ApiProblem };

type SessionContextValue = {
  state: SessionState;
  signedIn: (me: Me) => void;
  signOut: () => Promise<void>;
};

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

/** Who is signed in (GET /v1/auth/me), and the sign-in screen whenever the API says the session is gone. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    setUnauthenticatedHandler(() =>
      setState((previous) => (previous.status === 'signed-in' ? { status: 'signed-out', expired: true } : previous)),
    );
    api<Me>('GET', '/v1/auth/me')
      .then((me) => setState({ status: 'signed-in', me }))
      .catch((problem: ApiProblem) =>
        setState(
          problem.status === 401 ? { status: 'signed-out', expired: false } : { status: 'unreachable', problem },
        ),
      );
    return () => setUnauthenticatedHandler(undefined);
  }, []);

  const signedIn = useCallback((me: Me) => setState({ status: 'signed-in', me }), []);
  const signOut = useCallback(async () => {
    await api('POST', '/v1/auth/logout').catch(() => undefined);
    setState({ status: 'signed-out', expired: false });
  }, []);

  return <SessionContext.Provider value={{ state, signedIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in caller; only for screens behind the sign-in. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe before sign-in');
  return state.me;
}

/**
 * What each role may do, to offer only the actions that will work. The API decides: these only hide buttons the
 * API would refuse anyway (requireRole on each route), and admin may do everything.
 */
const permissions = {
  manageEmployees: ['admin'],
  runPayroll: ['admin'],
  approvePayRuns: ['approver'],
  workCases: ['compliance'],
  manageUsers: ['admin'],
  loadSanctions: ['admin'],
  seeCases: ['compliance'],
  postEntries: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return role === 'admin' || (permissions[permission] as readonly Role[]).includes(role);
}

/**
 * An audit actor for people: `key:user:ada@acme.example` (a signed-in user) → "ada@acme.example",
 * `key:1a2b3c4d` → "API key 1a2b3c4d", anything else (system jobs) as it is.
 */
export function formatActor(actor: string): string {
  const key = actor.startsWith('key:') ? actor.slice(4) : undefined;
  if (key === undefined) return actor;
  if (key.startsWith('user:')) return key.slice(5);
  if (key === 'local-cli') return 'the local CLI';
  return `API key ${key}`;
}
