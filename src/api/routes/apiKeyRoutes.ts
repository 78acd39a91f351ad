import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Platform } from '../../platform/Platform.js';
import type { ApiEnv } from '../ApiEnv.js';
import { roles } from '../auth/createApiKeys.js';
import { requireRole } from '../auth/requireRole.js';

const roleSchema = z.enum(roles as [string, ...string[]]).openapi({ example: 'approver' });
const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: roleSchema,
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

const listRoute = createRoute({
  method: 'get',
  path: '/v1/api-keys',
  tags: ['access'],
  summary: 'List API keys (never their secrets)',
  middleware: [requireRole('admin')] as const,
  responses: {
    200: {
      description: 'Keys',
      content: { 'application/json': { schema: z.object({ keys: z.array(apiKeySchema) }) } },
    },
  },
});

const createKeyRoute = createRoute({
  method: 'post',
  path: '/v1/api-keys',
  tags: ['access'],
  summary: 'Create an API key; the secret is in this answer only',
  middleware: [requireRole('admin')] as const,
  request: {
    body: {
      content: { 'application/json': { schema: z.object({ name: z.string().min(1).max(100), role: roleSchema }) } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'Created',
      content: { 'application/json': { schema: z.object({ key: apiKeySchema, secret: z.string() }) } },
    },
  },
});

const revokeRoute = createRoute({
  method: 'delete',
  path: '/v1/api-keys/{id}',
  tags: ['access'],
  summary: 'Revoke an API key',
  middleware: [requireRole('admin')] as const,
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: { 200: { description: 'Revoked', content: { 'application/json': { schema: apiKeySchema } } } },
});

const serialize = (key: {
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  id: string;
  name: string;
  role: string;
}) => ({
  ...key,
  createdAt: key.createdAt.toISOString(),
  lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  revokedAt: key.revokedAt?.toISOString() ?? null,
});

export function registerApiKeyRoutes(app: OpenAPIHono<ApiEnv>, platform: Platform) {
  app.openapi(listRoute, async (c) => c.json({ keys: (await platform.apiKeys.list()).map(serialize) }, 200));

  app.openapi(createKeyRoute, async (c) => {
    const input = c.req.valid('json');
    const created = await platform.apiKeys.create({ name: input.name, role: input.role as 'viewer' });
    await platform.audit.append({
      actor: `key:${c.get('principal').keyId}`,
      action: 'api-key.create',
      subject: `api-key:${created.key.id}`,
      data: { name: created.key.name, role: created.key.role },
    });
    return c.json({ key: serialize(created.key), secret: created.secret }, 201);
  });

  app.openapi(revokeRoute, async (c) => {
    const revoked = await platform.apiKeys.revoke(c.req.valid('param').id);
    await platform.audit.append({
      actor: `key:${c.get('principal').keyId}`,
      action: 'api-key.revoke',
      subject: `api-key:${revoked.id}`,
    });
    return c.json(serialize(revoked), 200);
  });
}
