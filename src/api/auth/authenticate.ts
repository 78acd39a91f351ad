import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { AuthError } from '../../errors/BaseError.js';
import type { ApiEnv } from '../ApiEnv.js';
import type { ApiKeys, Principal } from './createApiKeys.js';
import type { Sessions } from './createSessions.js';

/** The web app's session cookie: HttpOnly, SameSite=Strict, Secure unless the server is on localhost. */
export const sessionCookieName = 'tandem_session';

/** Paths under /v1 that answer without credentials: signing in, and signing out (which reads the cookie itself). */
const publicPaths = new Set(['/v1/auth/login', '/v1/auth/logout']);

/**
 * Reads the API key from `Authorization: Bearer …` or `X-API-Key`, or else the web app's session cookie. An API key
 * always wins over a cookie, so scripts and the CLI behave exactly as without sessions. `localPrincipal` is the CLI's
 * in-process mode: whoever can open the data folder already holds everything, so no key is asked for there.
 */
export function authenticate(
  apiKeys: ApiKeys,
  localPrincipal?: Principal,
  sessions?: Sessions,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (localPrincipal) {
      c.set('principal', localPrincipal);
      return next();
    }
    if (publicPaths.has(c.req.path)) return next();
    const header = c.req.header('authorization');
    const secret = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : c.req.header('x-api-key');
    if (secret) {
      c.set('principal', await apiKeys.authenticate(secret));
      return next();
    }
    const token = sessions ? getCookie(c, sessionCookieName) : undefined;
    if (!sessions || !token)
      throw new AuthError('This endpoint needs an API key (Authorization: Bearer …) or a signed-in session.', 401);
    // SameSite=Strict keeps other sites' requests from carrying the cookie; refusing a foreign Origin on writes
    // also covers browsers that predate it.
    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && !sameOrigin(c))
      throw new AuthError('A signed-in session may only write from the web app of this server.', 403);
    c.set('principal', await sessions.authenticate(token));
    await next();
  };
}

function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (!origin) return true;
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}
