import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Platform } from '../../platform/Platform.js';
import type { ApiEnv } from '../ApiEnv.js';
import { requireRole } from '../auth/requireRole.js';
import { accountSchema, balancesSchema, entrySchema, isoDate, ledgerCheckSchema } from '../schemas/ledgerSchemas.js';
import { toJson } from '../toJson.js';

const readers = requireRole('viewer', 'approver', 'compliance');
const companyQuery = z.object({ companyId: z.string().min(1).openapi({ example: 'acme' }) });

const accountsRoute = createRoute({
  method: 'get',
  path: '/v1/ledger/accounts',
  tags: ['ledger'],
  summary: "A company's chart of accounts",
  middleware: [readers] as const,
  request: { query: companyQuery },
  responses: {
    200: {
      description: 'Accounts',
      content: { 'application/json': { schema: z.object({ accounts: z.array(accountSchema) }) } },
    },
  },
});

const balancesRoute = createRoute({
  method: 'get',
  path: '/v1/ledger/balances',
  tags: ['ledger'],
  summary: 'Balance of every account, optionally as of a date',
  middleware: [readers] as const,
  request: { query: companyQuery.extend({ asOf: isoDate.optional() }) },
  responses: { 200: { description: 'Balances', content: { 'application/json': { schema: balancesSchema } } } },
});

const journalRoute = createRoute({
  method: 'get',
  path: '/v1/ledger/journal',
  tags: ['ledger'],
  summary: 'Journal entries with filters, newest pages by cursor',
  middleware: [readers] as const,
  request: {
    query: companyQuery.extend({
      accountId: z.string().uuid().optional(),
      from: isoDate.optional(),
      to: isoDate.optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional(),
      cursor: z.string().optional(),
    }),
  },
  responses: {
    200: {
      description: 'A page of entries',
      content: {
        'application/json': { schema: z.object({ entries: z.array(entrySchema), nextCursor: z.string().optional() }) },
      },
    },
  },
});

const checkRoute = createRoute({
  method: 'get',
  path: '/v1/ledger/check',
  tags: ['ledger'],
  summary: "Prove the ledger's invariants and reconcile on-chain accounts against chain balances",
  middleware: [readers] as const,
  request: { query: z.object({ companyId: z.string().min(1).optional() }) },
  responses: {
    200: {
      description: 'Report (ok false when anything fails)',
      content: { 'application/json': { schema: ledgerCheckSchema } },
    },
  },
});

export function registerLedgerRoutes(app: OpenAPIHono<ApiEnv>, platform: Platform) {
  const { ledger } = platform;

  app.openapi(accountsRoute, async (c) =>
    c.json(toJson({ accounts: await ledger.listAccounts(c.req.valid('query')) }) as never, 200),
  );

  app.openapi(balancesRoute, async (c) => {
    const { companyId, asOf } = c.req.valid('query');
    return c.json(toJson(await ledger.balances({ companyId, asOf })) as never, 200);
  });

  app.openapi(journalRoute, async (c) => c.json(toJson(await ledger.journal(c.req.valid('query'))) as never, 200));

  app.openapi(checkRoute, async (c) => {
    const { companyId } = c.req.valid('query');
    const invariants = await ledger.checkLedger({ companyId });
    const companies = companyId ? [companyId] : [...new Set(invariants.trialBalance.map((line) => line.companyId))];
    const reconciliation = [];
    for (const company of companies)
      reconciliation.push(
        await ledger.reconcileOnChain({
          companyId: company,
          readChainBalance: (chainId, address, currency) => platform.chain.balanceOf(chainId, address, currency),
        }),
      );
    const ok = invariants.ok && reconciliation.every((r) => r.ok);
    return c.json(toJson({ ok, ledger: invariants, reconciliation }) as never, 200);
  });
}
