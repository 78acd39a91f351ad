import type { MiddlewareHandler } from 'hono';
import { AuthError } from '../../errors/BaseError.js';
import type { ApiEnv } from '../ApiEnv.js';
import type { Role } from './AccessTables.js';

/** Refuses the request unless the caller's role is one of `allowed` (admin may do everything). */
export function requireRole(...allowed: Role[]): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!principal) throw new AuthError('This endpoint needs an API key (Authorization: Bearer …).', 401);
    if (principal.role !== 'admin' && !allowed.includes(principal.role))
      throw new AuthError(
        `The role "${principal.role}" may not do this; it needs ${['admin', ...allowed].join(' or ')}.`,
        403,
      );
    await next();
  };
}
