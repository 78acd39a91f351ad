import type { output, ZodType } from 'zod';

export type Validated<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string> };

/**
 * Checks form values with one of the API's own zod schemas before sending them, so the browser and the server
 * agree on what is valid; errors come back by field path, as the API's problem+json `issues` do.
 */
export function validate<S extends ZodType>(schema: S, values: unknown): Validated<output<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.join('.');
    if (!errors[path]) errors[path] = issue.message;
  }
  return { ok: false, errors };
}
