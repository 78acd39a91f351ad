import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Platform } from '../../platform/Platform.js';
import type { ApiEnv } from '../ApiEnv.js';
import { requireRole } from '../auth/requireRole.js';
import {
  assignCaseSchema,
  caseListQuerySchema,
  idParamSchema,
  modelStatusSchema,
  proofSchema,
  recordProofSchema,
  resolveCaseSchema,
  riskCaseDetailSchema,
  riskCaseSchema,
  riskDecisionRecordSchema,
  riskDecisionSchema,
  screenRequestSchema,
  setThresholdsSchema,
  thresholdsSchema,
  useModelSchema,
} from '../schemas/riskSchemas.js';
import { toJson } from '../toJson.js';

// Screening records a decision and may open a case, so read-only viewers may not screen; decisions show why a payout
// was held, which approvers need; cases (and their tipping-off-sensitive detail) are compliance's.
const screeners = requireRole('approver', 'compliance');
const caseWorkers = requireRole('compliance');
const readers = requireRole('viewer', 'approver', 'compliance');
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

const screenRoute = createRoute({
  method: 'post',
  path: '/v1/risk/screen',
  tags: ['risk'],
  summary: 'Screen a transfer: sanctions, AML rules and the fraud model → allow, review or block (stored)',
  middleware: [screeners] as const,
  request: { body: { ...json(screenRequestSchema), required: true } },
  responses: { 200: { description: 'The decision, as stored', ...json(riskDecisionSchema) } },
});

const decisionRoute = createRoute({
  method: 'get',
  path: '/v1/risk/decisions/{id}',
  tags: ['risk'],
  summary: 'A stored decision with everything that explains it',
  middleware: [screeners] as const,
  request: { params: idParamSchema },
  responses: { 200: { description: 'The decision', ...json(riskDecisionRecordSchema) } },
});

const listCasesRoute = createRoute({
  method: 'get',
  path: '/v1/risk/cases',
  tags: ['risk'],
  summary: 'Alert cases, newest first, by status, assignee and company',
  middleware: [caseWorkers] as const,
  request: { query: caseListQuerySchema },
  responses: { 200: { description: 'Cases', ...json(z.object({ cases: z.array(riskCaseSchema) })) } },
});

const getCaseRoute = createRoute({
  method: 'get',
  path: '/v1/risk/cases/{id}',
  tags: ['risk'],
  summary: 'A case with its decision and audit trail',
  middleware: [caseWorkers] as const,
  request: { params: idParamSchema },
  responses: { 200: { description: 'The case', ...json(riskCaseDetailSchema) } },
});

const assignCaseRoute = createRoute({
  method: 'post',
  path: '/v1/risk/cases/{id}/assign',
  tags: ['risk'],
  summary: 'Assign an open or assigned case',
  middleware: [caseWorkers] as const,
  request: { params: idParamSchema, body: { ...json(assignCaseSchema), required: true } },
  responses: { 200: { description: 'The case', ...json(riskCaseSchema) } },
});

const resolveCaseRoute = createRoute({
  method: 'post',
  path: '/v1/risk/cases/{id}/resolve',
  tags: ['risk'],
  summary: 'Resolve a case: approve or reject, with a comment',
  middleware: [caseWorkers] as const,
  request: { params: idParamSchema, body: { ...json(resolveCaseSchema), required: true } },
  responses: { 200: { description: 'The case', ...json(riskCaseSchema) } },
});

const getModelRoute = createRoute({
  method: 'get',
  path: '/v1/risk/model',
  tags: ['risk'],
  summary: 'The fraud model in force',
  middleware: [readers] as const,
  responses: { 200: { description: 'Model status', ...json(modelStatusSchema) } },
});

const useModelRoute = createRoute({
  method: 'post',
  path: '/v1/risk/model',
  tags: ['risk'],
  summary: 'Put a model in force (a model file on the server, checked and kept by its sha256)',
  middleware: [requireRole('admin')] as const,
  request: { body: { ...json(useModelSchema), required: true } },
  responses: {
    200: {
      description: 'In force',
      ...json(z.object({ status: z.enum(['in-force', 'unchanged']), model: modelStatusSchema })),
    },
  },
});

const companyQuery = z.object({ companyId: z.string().min(1).max(200).optional() });

const getThresholdsRoute = createRoute({
  method: 'get',
  path: '/v1/risk/thresholds',
  tags: ['risk'],
  summary: "A company's rule thresholds (the defaults without companyId)",
  middleware: [requireRole('approver', 'compliance')] as const,
  request: { query: companyQuery },
  responses: { 200: { description: 'Thresholds', ...json(thresholdsSchema) } },
});

const setThresholdsRoute = createRoute({
  method: 'put',
  path: '/v1/risk/thresholds/{companyId}',
  tags: ['risk'],
  summary: "Replace a company's threshold overrides",
  middleware: [caseWorkers] as const,
  request: {
    params: z.object({ companyId: z.string().min(1).max(200) }),
    body: { ...json(setThresholdsSchema), required: true },
  },
  responses: { 200: { description: 'Thresholds in force', ...json(thresholdsSchema) } },
});

const recordProofRoute = createRoute({
  method: 'post',
  path: '/v1/risk/proofs',
  tags: ['risk'],
  summary: 'Record proof that a self-hosted wallet belongs to its counterparty (signed messages are verified)',
  middleware: [caseWorkers] as const,
  request: { body: { ...json(recordProofSchema), required: true } },
  responses: { 201: { description: 'Recorded', ...json(proofSchema) } },
});

export function registerRiskRoutes(app: OpenAPIHono<ApiEnv>, platform: Platform) {
  const { risk } = platform;
  const actor = (principal: { keyId: string }) => `key:${principal.keyId}`;

  app.openapi(screenRoute, async (c) => {
    const body = c.req.valid('json');
    const decision = await risk.screening.screen(
      {
        companyId: body.companyId,
        chainId: body.chainId,
        asset: body.asset,
        amount: BigInt(body.amount),
        decimals: body.decimals,
        fiatValueEurCents: body.fiatValueEurCents === undefined ? undefined : BigInt(body.fiatValueEurCents),
        from: body.from,
        to: body.to,
        direction: body.direction,
        source: body.source,
        counterparty: body.counterparty,
        reference: body.reference,
      },
      { actor: actor(c.get('principal')) },
    );
    return c.json(toJson(decision) as never, 200);
  });

  app.openapi(decisionRoute, async (c) => c.json(toJson(await risk.decision(c.req.valid('param').id)) as never, 200));

  app.openapi(listCasesRoute, async (c) =>
    c.json(toJson({ cases: await risk.cases.list(c.req.valid('query')) }) as never, 200),
  );

  app.openapi(getCaseRoute, async (c) => c.json(toJson(await risk.cases.get(c.req.valid('param').id)) as never, 200));

  app.openapi(assignCaseRoute, async (c) => {
    const { assignee } = c.req.valid('json');
    const updated = await risk.cases.assign(c.req.valid('param').id, { assignee, actor: actor(c.get('principal')) });
    return c.json(toJson(updated) as never, 200);
  });

  app.openapi(resolveCaseRoute, async (c) => {
    const { resolution, comment } = c.req.valid('json');
    const updated = await risk.cases.resolve(c.req.valid('param').id, {
      resolution,
      comment,
      actor: actor(c.get('principal')),
    });
    return c.json(toJson(updated) as never, 200);
  });

  app.openapi(getModelRoute, async (c) => c.json(toJson(await risk.models.status()) as never, 200));

  app.openapi(useModelRoute, async (c) => {
    const { source } = c.req.valid('json');
    return c.json(toJson(await risk.models.use({ source, actor: actor(c.get('principal')) })) as never, 200);
  });

  app.openapi(getThresholdsRoute, async (c) =>
    c.json(toJson(await risk.thresholds.get(c.req.valid('query').companyId ?? null)) as never, 200),
  );

  app.openapi(setThresholdsRoute, async (c) => {
    const { overrides } = c.req.valid('json');
    const updated = await risk.thresholds.set({
      companyId: c.req.valid('param').companyId,
      overrides,
      actor: actor(c.get('principal')),
    });
    return c.json(toJson(updated) as never, 200);
  });

  app.openapi(recordProofRoute, async (c) => {
    const body = c.req.valid('json');
    const proof = await risk.proofs.record({ ...body, actor: actor(c.get('principal')) });
    return c.json(toJson(proof) as never, 201);
  });
}
