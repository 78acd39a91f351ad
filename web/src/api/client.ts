/** An RFC 9457 problem the API answered with; `field` and `issues` say which input it concerns. */
export class ApiProblem extends Error {
  override name = 'ApiProblem';
  readonly status: number;
  readonly type: string;
  readonly detail: string | undefined;
  readonly field: string | undefined;
  readonly issues: { path: string; message: string }[];
  constructor(problem: {
    status: number;
    type?: string;
    title?: string;
    detail?: string;
    field?: string;
    issues?: { path: string; message: string }[];
  }) {
    super(problem.title ?? `The server answered ${problem.status}.`);
    this.status = problem.status;
    this.type = problem.type ?? 'about:blank';
    this.detail = problem.detail;
    this.field = problem.field;
    this.issues = problem.issues ?? [];
  }

  /**
   * Messages by field path ("email", "approvers.0.address"), for showing each next to its input: from zod `issues`,
   * from `field` (its message without the "field: " prefix the domain adds), and from a `detail` that lists several
   * findings as "iban: …; wallet: …".
   */
  fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const issue of this.issues) if (issue.path && !errors[issue.path]) errors[issue.path] = issue.message;
    if (this.field && !errors[this.field]) {
      const prefix = `${this.field}: `;
      errors[this.field] = this.message.startsWith(prefix) ? this.message.slice(prefix.length) : this.message;
    }
    if (this.field)
      for (const part of this.detail?.split('; ') ?? []) {
        const match = /^([\w.]+): (.+)$/.exec(part);
        if (match?.[1] && match[2] && !errors[match[1]]) errors[match[1]] = match[2];
      }
    return errors;
  }
}

let onUnauthenticated: (() => void) | undefined;

/** Called when a request finds the session gone (401), so the app can show the sign-in screen again. */
export function setUnauthenticatedHandler(handler: (() => void) | undefined) {
  onUnauthenticated = handler;
}

/**
 * Calls the Tandem API with the session cookie (same origin). Answers the parsed JSON, or throws an ApiProblem.
 * @example const { employees } = await api<{ employees: Employee[] }>('GET', '/v1/companies/acme/employees')
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (cause) {
    throw new ApiProblem({
      status: 0,
      title: 'The Tandem server cannot be reached. Is `tandem start` running?',
      detail: String(cause),
    });
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const problem = new ApiProblem({ status: response.status, ...(parsed as object) });
    if (response.status === 401 && path !== '/v1/auth/login') onUnauthenticated?.();
    throw problem;
  }
  return parsed as T;
}

/** Builds a query string from the defined, non-empty values. */
export function query(values: Record<string, string | number | boolean | undefined | null>): string {
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== null && value !== '') parameters.set(key, String(value));
  const text = parameters.toString();
  return text ? `?${text}` : '';
}
