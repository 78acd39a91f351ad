import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Platform } from '../../platform/Platform.js';
import type { ApiEnv } from '../ApiEnv.js';
import { requireRole } from '../auth/requireRole.js';
import {
  loadSanctionsSchema,
  oracleSyncSchema,
  sanctionsCheckSchema,
  sanctionsLoadSchema,
  sanctionsStatusSchema,
} from '../schemas/riskSchemas.js';
import { toJson } from '../toJson.js';

const readers = requireRole('viewer', 'approver', 'compliance');
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

const statusRoute = createRoute({
  method: 'get',
  path: '/v1/sanctions',
  tags: ['sanctions'],
  summary: 'The sanctions list in force (version, counts by ticker) and the lists loaded before',
  middleware: [readers] as const,
  responses: { 200: { description: 'Status', ...json(sanctionsStatusSchema) } },
});

const checkRoute = createRoute({
  method: 'get',
  path: '/v1/sanctions/check/{address}',
  tags: ['sanctions'],
  summary: 'Is this address on the list in force? (EVM addresses in any letter case)',
  middleware: [readers] as const,
  request: { params: z.object({ address: z.string().min(1).max(200) }) },
  responses: { 200: { description: 'The answer', ...json(sanctionsCheckSchema) } },
});

const loadRoute = createRoute({
  method: 'post',
  path: '/v1/sanctions/load',
  tags: ['sanctions'],
  summary: 'Load an OFAC SDN advanced XML file (plain or .bz2) from the server, then sync the on-chain oracle',
  middleware: [requireRole('admin')] as const,
  request: { body: { ...json(loadSanctionsSchema), required: true } },
  responses: { 200: { description: 'Loaded (or unchanged)', ...json(sanctionsLoadSchema) } },
});

const syncRoute = createRoute({
  method: 'post',
  path: '/v1/sanctions/sync-oracle',
  tags: ['sanctions'],
  summary: 'Bring the on-chain sanctions oracle in line with the list in force (resumes an unfinished sync)',
  middleware: [requireRole('admin')] as const,
  responses: { 200: { description: 'Sync outcome', ...json(oracleSyncSchema) } },
});

export function registerSanctionsRoutes(app: OpenAPIHono<ApiEnv>, platform: Platform) {
  const { sanctions, risk } = platform;

  app.openapi(statusRoute, async (c) => {
    const [inForce, history] = await Promise.all([sanctions.currentVersion(), sanctions.history()]);
    return c.json(toJson({ inForce, history }) as never, 200);
  });

  app.openapi(checkRoute, async (c) =>
    c.json(toJson(await sanctions.check(c.req.valid('param').address)) as never, 200),
  );

  app.openapi(loadRoute, async (c) => {
    const { path, allowOlder } = c.req.valid('json');
    const loaded = await risk.loadSanctionsList(
      { file: path, allowOlder },
      { actor: `key:${c.get('principal').keyId}` },
    );
    platform.logger.info({ version: loaded.version.id, status: loaded.status }, 'sanctions list load');
    return c.json(toJson(loaded) as never, 200);
  });

  app.openapi(syncRoute, async (c) =>
    c.json(toJson((await risk.syncOracle()) ?? { status: 'no-chain' }) as never, 200),
  );
}
