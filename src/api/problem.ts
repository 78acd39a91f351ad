import type { Context } from 'hono';
import { ZodError } from 'zod';
import { AuthError, BaseError, ConflictError, NotFoundError, ValidationError } from '../errors/BaseError.js';

/** RFC 9457 problem details; `type` is stable per error kind, so clients can branch on it. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string | undefined;
  field?: string | undefined;
  issues?: { path: string; message: string }[] | undefined;
};

const problemBase = 'https://tandem.dev/problems/';

/** Turns any thrown value into a problem+json response; internals and stack traces never leave the process. */
export function problemResponse(c: Context, error: unknown, log?: (error: unknown) => void): Response {
  const problem = toProblem(error);
  if (problem.status >= 500) log?.(error);
  return c.body(JSON.stringify(problem), problem.status as 500, { 'content-type': 'application/problem+json' });
}

export function toProblem(error: unknown): Problem {
  if (error instanceof ZodError) return fromZod(error);
  if (error instanceof BaseError) {
    const status =
      error instanceof AuthError
        ? error.status
        : error instanceof ValidationError
          ? 400
          : error instanceof NotFoundError
            ? 404
            : error instanceof ConflictError
              ? 409
              : error.retryable
                ? 503
                : error.code === 'internal'
                  ? 500
                  : 422;
    return {
      type: problemBase + error.code,
      title: error.shortMessage,
      status,
      detail: status >= 500 && !error.retryable ? undefined : error.details,
      field: error.field,
    };
  }
  if (isHttpException(error)) return { type: `${problemBase}http`, title: error.message, status: error.status };
  return { type: `${problemBase}internal`, title: 'Internal error; the server log has the details.', status: 500 };
}

export function fromZod(error: ZodError): Problem {
  const issues = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const first = issues[0];
  return {
    type: `${problemBase}validation`,
    title: first ? `Invalid ${first.path || 'input'}: ${first.message}` : 'Invalid input',
    status: 400,
    field: first?.path || undefined,
    issues,
  };
}

function isHttpException(error: unknown): error is { status: number; message: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'status' in error &&
    typeof (error as { status: unknown }).status === 'number' &&
    (error as { status: number }).status < 500
  );
}
