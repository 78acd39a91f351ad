import { getConnInfo } from '@hono/node-server/conninfo';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AuthError } from '../../errors/BaseError.js';
import type { Platform } from '../../platform/Platform.js';
import type { ApiEnv } from '../ApiEnv.js';
import { sessionCookieName } from '../auth/authenticate.js';
import type { Principal } from '../auth/createApiKeys.js';
import { createLoginLimiter, type LoginLimits } from '../auth/createLoginLimiter.js';
import { type SessionPrincipal, sessionLifetimeMs } from '../auth/createSessions.js';
import { changePasswordSchema, loginRequestSchema, meSchema } from '../schemas/authSchemas.js';
import { jsonContent } from './jsonContent.js';

const loginRoute = createRoute({
  method: 'post',
  path: '/v1/auth/login',
  tags: ['access'],
  summary:
    'Sign in with an email and password (or an API key) and get a session cookie (HttpOnly, SameSite=Strict). ' +
    'Repeated failures are refused for a while (429 with Retry-After).',
  security: [],
  request: { body: { ...jsonContent(loginRequestSchema, 'Credentials'), required: true } },
  responses: {
    200: jsonContent(meSchema, 'Signed in; the session cookie is set'),
    401: { description: 'Wrong credentials' },
    429: { description: 'Too many failed attempts; try again after Retry-After seconds' },
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/v1/auth/logout',
  tags: ['access'],
  summary: 'End the session of the cookie sent, and clear the cookie',
  security: [],
  responses: { 204: { description: 'Signed out' } },
});

const meRoute = createRoute({
  method: 'get',
  path: '/v1/auth/me',
  tags: ['access'],
  summary: 'Who is calling: the signed-in user or the API key, with its role',
  responses: { 200: jsonContent(meSchema, 'The caller') },
});

const passwordRoute = createRoute({
  method: 'post',
  path: '/v1/auth/password',
  tags: ['access'],
  summary: "Change the signed-in user's password; their other sessions end",
  request: { body: { ...jsonContent(changePasswordSchema, 'The current and the new password'), required: true } },
  responses: { 204: { description: 'Changed' } },
});

export type AuthRoutesOptions = { loginLimits?: LoginLimits | undefined };

export function registerAuthRoutes(app: OpenAPIHono<ApiEnv>, platform: Platform, options: AuthRoutesOptions = {}) {
  const limiter = createLoginLimiter(options.loginLimits);

  app.openapi(loginRoute, async (c) => {
    const input = c.req.valid('json');
    const client = clientAddress(c);
    const who = input.apiKey ? `api-key:${input.apiKey.slice(0, 13)}` : (input.email ?? '');
    const wait = limiter.retryAfter(who, client);
    if (wait > 0)
      return c.body(
        JSON.stringify({
          type: 'https://tandem.dev/problems/too-many-attempts',
          title: `Too many failed sign-ins; try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`,
          status: 429,
        }),
        429,
        { 'content-type': 'application/problem+json', 'retry-after': String(wait) },
      );

    let owner: { userId: string } | { apiKeyId: string };
    let principal: Principal;
    let email: string | null = null;
    try {
      if (input.apiKey) {
        principal = await platform.apiKeys.authenticate(input.apiKey);
        owner = { apiKeyId: principal.keyId };
      } else {
        const user = await platform.users.verifyPassword(input.email ?? '', input.password ?? '');
        if (!user) throw new AuthError('The email or the password is not right.', 401, { field: 'password' });
        principal = { keyId: `user:${user.email}`, name: user.name, role: user.role };
        owner = { userId: user.id };
        email = user.email;
      }
    } catch (error) {
      if (error instanceof AuthError) limiter.failed(who, client);
      throw error;
    }
    limiter.succeeded(who);
    const session = await platform.sessions.open(owner);
    setCookie(c, sessionCookieName, session.token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: !isLocalhost(c),
      path: '/',
      maxAge: Math.floor(sessionLifetimeMs / 1000),
    });
    await platform.audit.append({
      actor: `key:${principal.keyId}`,
      action: 'auth.login',
      subject: `session:${session.id}`,
      data: { client, method: 'userId' in owner ? 'password' : 'api-key' },
    });
    return c.json(
      {
        kind: 'userId' in owner ? ('user' as const) : ('api-key' as const),
        id: 'userId' in owner ? owner.userId : principal.keyId,
        name: principal.name,
        email,
        role: principal.role,
        sessionExpiresAt: session.expiresAt.toISOString(),
      },
      200,
    );
  });

  app.openapi(logoutRoute, async (c) => {
    const token = getCookie(c, sessionCookieName);
    if (token) await platform.sessions.end(token);
    deleteCookie(c, sessionCookieName, { path: '/', secure: !isLocalhost(c), httpOnly: true, sameSite: 'Strict' });
    return c.body(null, 204);
  });

  app.openapi(meRoute, async (c) => c.json(describe(c.get('principal')), 200));

  app.openapi(passwordRoute, async (c) => {
    const principal = c.get('principal') as Partial<SessionPrincipal>;
    if (!principal.userId || !principal.email)
      throw new AuthError('Only a signed-in user can change their password.', 403);
    const input = c.req.valid('json');
    const user = await platform.users.verifyPassword(principal.email, input.currentPassword);
    if (!user) throw new AuthError('The current password is not right.', 403, { field: 'currentPassword' });
    await platform.users.setPassword(user.id, input.newPassword, principal.sessionId);
    await platform.audit.append({
      actor: `key:${principal.keyId}`,
      action: 'user.password',
      subject: `user:${user.id}`,
    });
    return c.body(null, 204);
  });
}

/** What `/v1/auth/me` says about a principal. */
function describe(principal: Principal & Partial<SessionPrincipal>) {
  const kind = principal.userId ? 'user' : principal.keyId === 'local-cli' ? 'local' : 'api-key';
  return {
    kind: kind as 'user' | 'api-key' | 'local',
    id: principal.userId ?? principal.keyId,
    name: principal.name,
    email: principal.email ?? null,
    role: principal.role,
    sessionExpiresAt: principal.sessionExpiresAt?.toISOString() ?? null,
  };
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'in-process';
  }
}

/** Plain-HTTP localhost is the one place a browser keeps a cookie without Secure; everywhere else TLS is expected. */
function isLocalhost(c: Context): boolean {
  const host = new URL(c.req.url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
