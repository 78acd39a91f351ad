import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Platform } from '../../platform/Platform.js';
import type { ApiEnv } from '../ApiEnv.js';
import type { User } from '../auth/createUsers.js';
import { requireRole } from '../auth/requireRole.js';
import { userCreateSchema, userSchema } from '../schemas/authSchemas.js';
import { jsonContent } from './jsonContent.js';

const admins = requireRole('admin');

const listRoute = createRoute({
  method: 'get',
  path: '/v1/users',
  tags: ['access'],
  summary: 'Users who sign in to the web app (never their password hashes)',
  middleware: [admins] as const,
  responses: { 200: jsonContent(z.object({ users: z.array(userSchema) }), 'Users') },
});

const createUserRoute = createRoute({
  method: 'post',
  path: '/v1/users',
  tags: ['access'],
  summary: 'Create a user with a role and an initial password (at least 12 characters)',
  middleware: [admins] as const,
  request: { body: { ...jsonContent(userCreateSchema, 'The user'), required: true } },
  responses: { 201: jsonContent(userSchema, 'Created'), 409: { description: 'The email is taken' } },
});

const disableRoute = createRoute({
  method: 'post',
  path: '/v1/users/{id}/disable',
  tags: ['access'],
  summary: 'Disable a user: they can no longer sign in, and their sessions end',
  middleware: [admins] as const,
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: { 200: jsonContent(userSchema, 'Disabled') },
});

export const serializeUser = (user: User) => ({
  ...user,
  createdAt: user.createdAt.toISOString(),
  disabledAt: user.disabledAt?.toISOString() ?? null,
});

export function registerUserRoutes(app: OpenAPIHono<ApiEnv>, platform: Platform) {
  const actor = (c: { get(key: 'principal'): { keyId: string } }) => `key:${c.get('principal').keyId}`;

  app.openapi(listRoute, async (c) => c.json({ users: (await platform.users.list()).map(serializeUser) }, 200));

  app.openapi(createUserRoute, async (c) => {
    const user = await platform.users.create(c.req.valid('json'));
    await platform.audit.append({
      actor: actor(c),
      action: 'user.create',
      subject: `user:${user.id}`,
      data: { email: user.email, name: user.name, role: user.role },
    });
    return c.json(serializeUser(user), 201);
  });

  app.openapi(disableRoute, async (c) => {
    const user = await platform.users.disable(c.req.valid('param').id);
    await platform.audit.append({ actor: actor(c), action: 'user.disable', subject: `user:${user.id}` });
    return c.json(serializeUser(user), 200);
  });
}
