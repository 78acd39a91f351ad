import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { Platform } from '../../platform/Platform.js';
import type { ApiEnv } from '../ApiEnv.js';

const componentStatus = z.object({ ok: z.boolean(), error: z.string().optional() });
const healthSchema = z
  .object({
    ok: z.boolean(),
    version: z.string(),
    database: componentStatus.extend({ kind: z.enum(['pglite', 'postgres']), describe: z.string() }),
    chain: componentStatus.extend({
      kind: z.enum(['embedded', 'rpc']),
      chainId: z.number().int().optional(),
      blockNumber: z.string().optional(),
      rpcUrl: z.string().optional(),
    }),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['system'],
  summary: 'Liveness and the state of the database and chain',
  responses: {
    200: { description: 'Healthy', content: { 'application/json': { schema: healthSchema } } },
    503: { description: 'A part is down', content: { 'application/json': { schema: healthSchema } } },
  },
});

export function registerHealthRoutes(app: OpenAPIHono<ApiEnv>, platform: Platform) {
  app.openapi(route, async (c) => {
    const database = await sql`select 1`
      .execute(platform.db)
      .then(() => ({ ok: true }))
      .catch((error: Error) => ({ ok: false, error: error.message }));
    const chain = await platform.chain
      .status()
      .then((status) => ({ ok: true, ...status, blockNumber: status.blockNumber.toString() }))
      .catch((error: Error) => ({ ok: false, error: error.message }));
    const body = {
      ok: database.ok && chain.ok,
      version: platform.version,
      database: { ...database, kind: platform.database.kind, describe: platform.database.describe },
      chain: {
        kind: platform.chain.kind,
        ...(platform.chain.rpcUrl ? { rpcUrl: platform.chain.rpcUrl } : {}),
        ...chain,
      },
    };
    return c.json(body, body.ok ? 200 : 503);
  });
}
