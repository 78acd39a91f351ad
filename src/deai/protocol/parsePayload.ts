import type { z } from 'zod';
import { ProtocolError } from './ProtocolError.js';

/**
 * Checks a message's payload against the schema of its kind; a payload that does not match is refused as malformed
 * with the path of the first problem.
 * @example const join = parsePayload(nodeMessageSchemas, 'join', envelope.payload)
 */
export function parsePayload<S extends Record<string, z.ZodType>, K extends keyof S & string>(
  schemas: S,
  kind: K,
  payload: unknown,
): z.infer<S[K]> {
  const schema = schemas[kind];
  if (!schema) throw new ProtocolError('malformed', `unknown message kind "${kind}"`, { field: 'kind' });
  const result = schema.safeParse(payload);
  if (result.success) return result.data as z.infer<S[K]>;
  const issue = result.error.issues[0];
  const field = ['payload', ...(issue?.path ?? [])].join('.');
  throw new ProtocolError('malformed', `malformed ${kind} message: ${field}: ${issue?.message ?? 'invalid'}`, {
    field,
  });
}
