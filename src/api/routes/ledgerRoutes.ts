import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppendAuditEvent } from '../../compliance/createAuditLog.js';
import { createLedger } from '../../ledger/createLedger.js';
import type { PostEntryReturnType } from '../../ledger/postEntry.js';
import type { Platform } from '../../platform/Platform.js';
import type { ApiEnv } from '../ApiEnv.js';
import { requireRole } from '../auth/requireRole.js';
import {
  accountCreateSchema,
  accountSchema,
  balancesSchema,
  entrySchema,
  isoDate,
  ledgerCheckSchema,
  postEntriesSchema,
  postedEntrySchema,
  reversalInputSchema,
} from '../schemas/ledgerSchemas.js';
import { toJson } from '../toJson.js';
import { jsonContent } from './jsonContent.js';

const readers = requireRole('viewer', 'approver', 'compliance');
// Writing to the books is an administrator's act, like creating a company; every write leaves an audit event.
const writers = requireRole('admin');
const entryParams = z.object({ id: z.string().uuid() });
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

const createAccountRoute = createRoute({
  method: 'post',
  path: '/v1/ledger/accounts',
  tags: ['ledger'],
  summary: "Add an account to a company's chart of accounts",
  middleware: [writers] as const,
  request: { body: { ...jsonContent(accountCreateSchema, 'The account'), required: true } },
  responses: { 201: jsonContent(accountSchema, 'Created') },
});

const postEntriesRoute = createRoute({
  method: 'post',
  path: '/v1/ledger/entries',
  tags: ['ledger'],
  summary: 'Post balanced journal entries (1 to 1,000), all or none; each is idempotent by its key',
  middleware: [writers] as const,
  request: { body: { ...jsonContent(postEntriesSchema, 'The entries'), required: true } },
  responses: {
    200: jsonContent(z.object({ entries: z.array(postedEntrySchema) }), 'Every entry had been posted before'),
    201: jsonContent(z.object({ entries: z.array(postedEntrySchema) }), 'Posted (in the order given)'),
  },
});

const getEntryRoute = createRoute({
  method: 'get',
  path: '/v1/ledger/entries/{id}',
  tags: ['ledger'],
  summary: 'One journal entry with its postings',
  middleware: [readers] as const,
  request: { params: entryParams },
  responses: { 200: jsonContent(entrySchema, 'The entry') },
});

const reverseEntryRoute = createRoute({
  method: 'post',
  path: '/v1/ledger/entries/{id}/reversal',
  tags: ['ledger'],
  summary: 'Cancel an entry by posting its mirror image (once; the only way to correct the append-only ledger)',
  middleware: [writers] as const,
  request: { params: entryParams, body: { ...jsonContent(reversalInputSchema, 'Why, and its key'), required: true } },
  responses: {
    200: jsonContent(postedEntrySchema, 'This reversal had been posted before'),
    201: jsonContent(postedEntrySchema, 'The reversal entry'),
  },
});

/** One audit event per entry a request wrote (replays of earlier entries wrote nothing). */
function postedEvents(actor: string, results: readonly PostEntryReturnType[]): AppendAuditEvent[] {
  return results
    .filter((result) => result.created)
    .map(({ entry }) => ({
      actor,
      action: entry.reversesEntryId ? 'ledger.entry.reverse' : 'ledger.entry.post',
      subject: `ledger-entry:${entry.id}`,
      data: {
        companyId: entry.companyId,
        idempotencyKey: entry.idempotencyKey,
        ...(entry.reversesEntryId ? { reverses: entry.reversesEntryId } : {}),
      },
    }));
}

export function registerLedgerRoutes(app: OpenAPIHono<ApiEnv>, platform: Platform) {
  const { ledger } = platform;
  const actor = (c: { get(key: 'principal'): { keyId: string } }) => `key:${c.get('principal').keyId}`;
  // The entries and their audit events commit together.
  const write = <T extends PostEntryReturnType | PostEntryReturnType[]>(
    c: { get(key: 'principal'): { keyId: string } },
    post: (books: ReturnType<typeof createLedger>) => Promise<T>,
  ) =>
    platform.db.transaction().execute(async (trx) => {
      const written = await post(createLedger({ db: trx }));
      await platform.audit.appendMany(postedEvents(actor(c), Array.isArray(written) ? written : [written]), trx);
      return written;
    });

  app.openapi(createAccountRoute, async (c) => {
    const account = await ledger.createAccount(c.req.valid('json'));
    await platform.audit.append({
      actor: actor(c),
      action: 'ledger.account.create',
      subject: `ledger-account:${account.id}`,
      data: { companyId: account.companyId, code: account.code, currency: account.currency },
    });
    return c.json(toJson(account) as never, 201);
  });

  app.openapi(postEntriesRoute, async (c) => {
    const { entries } = c.req.valid('json');
    const results = await write(c, (books) =>
      books.postEntries(
        entries.map((entry) => ({
          ...entry,
          postings: entry.postings.map((posting) => ({ accountId: posting.accountId, amount: BigInt(posting.amount) })),
          metadata: entry.metadata as Record<string, never> | undefined,
        })),
      ),
    );
    return c.json(toJson({ entries: results }) as never, results.some((r) => r.created) ? 201 : 200);
  });

  app.openapi(getEntryRoute, async (c) => c.json(toJson(await ledger.getEntry(c.req.valid('param').id)) as never, 200));

  app.openapi(reverseEntryRoute, async (c) => {
    const { id } = c.req.valid('param');
    const result = await write(c, (books) => books.reverseEntry(id, c.req.valid('json')));
    return c.json(toJson(result) as never, result.created ? 201 : 200);
  });

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
