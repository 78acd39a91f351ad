import { isAbsolute } from 'node:path';
import { z } from '@hono/zod-openapi';

const minorUnits = z
  .string()
  .regex(/^\d{1,78}$/, 'a non-negative integer of minor units, as a decimal string')
  .openapi({ example: '1500000000', description: 'integer minor units of the asset' });
const address = z.string().trim().min(1).max(200).openapi({ example: '0x5a0b54d5dc17e0aadc383d2db43b0a0d3e029c4c' });
const timestamp = z.string().openapi({ example: '2026-03-02T12:00:00.000Z' });
const decisionKind = z.enum(['allow', 'review', 'block']);
const severity = z.enum(['low', 'medium', 'high']);

export const screenRequestSchema = z
  .object({
    companyId: z.string().min(1).max(200).optional().openapi({ example: 'acme' }),
    chainId: z.number().int().positive().openapi({ example: 31337 }),
    asset: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'a token symbol such as USDC')
      .openapi({ example: 'USDC' }),
    amount: minorUnits,
    decimals: z.number().int().min(0).max(77).openapi({ example: 6 }),
    fiatValueEurCents: z
      .string()
      .regex(/^\d{1,18}$/, 'EUR cents as a decimal string')
      .optional()
      .openapi({ description: 'the EUR value at the time, when the caller knows it; otherwise Tandem values it' }),
    from: address,
    to: address,
    direction: z
      .enum(['outgoing', 'incoming', 'external'])
      .optional()
      .openapi({ description: "from the company's side; default outgoing with a company, external without" }),
    source: z.enum(['payout', 'submitted']).optional().openapi({ description: 'default submitted' }),
    counterparty: z
      .object({
        name: z.string().max(200).optional(),
        hosted: z.boolean().openapi({ description: 'false for a self-hosted (unhosted) wallet' }),
        vasp: z.string().max(200).optional(),
      })
      .strict(),
    reference: z.string().max(500).optional(),
  })
  .strict()
  .openapi('ScreenRequest');

export const ruleResultSchema = z
  .object({
    rule: z.string(),
    fired: z.boolean(),
    severity,
    score: z.number(),
    explanation: z.string(),
    figures: z.record(z.string(), z.unknown()),
    source: z.string(),
  })
  .openapi('RuleResult');

export const sanctionsCheckSchema = z
  .object({
    address: z.string(),
    sanctioned: z.boolean(),
    ticker: z.string().nullable(),
    entity: z.string().nullable(),
    programs: z.array(z.string()),
    listVersion: z.string(),
  })
  .openapi('SanctionsCheck');

export const riskDecisionSchema = z
  .object({
    decisionId: z.string(),
    transferId: z.string(),
    companyId: z.string().nullable(),
    decision: decisionKind,
    score: z.number(),
    modelScore: z.number().nullable(),
    modelHash: z.string().nullable(),
    modelNote: z.string().nullable(),
    rulesFired: z.array(ruleResultSchema),
    rulesChecked: z.array(z.object({ rule: z.string(), explanation: z.string() })),
    topReasons: z.array(
      z.object({
        feature: z.string(),
        contribution: z.number(),
        value: z.union([z.number(), z.string(), z.null()]),
      }),
    ),
    sanctions: z.object({
      hit: z.boolean(),
      listVersion: z.string(),
      from: sanctionsCheckSchema,
      to: sanctionsCheckSchema,
    }),
    summary: z.string(),
    caseId: z.string().nullable(),
    transfer: z.object({
      chainId: z.number(),
      asset: z.string(),
      amount: minorUnits,
      decimals: z.number(),
      fiatValueEurCents: z.string().nullable(),
      from: z.string(),
      to: z.string(),
      direction: z.string(),
      source: z.string(),
      reference: z.string().nullable(),
      at: timestamp,
    }),
    createdAt: timestamp,
  })
  .openapi('RiskDecision');

export const riskDecisionRecordSchema = riskDecisionSchema
  .extend({
    features: z.record(z.string(), z.union([z.number(), z.string(), z.null()])).nullable(),
    thresholds: z.record(z.string(), z.unknown()),
    thresholdsSha256: z.string(),
  })
  .openapi('RiskDecisionRecord');

export const riskCaseSchema = z
  .object({
    id: z.string(),
    decisionId: z.string(),
    companyId: z.string().nullable(),
    status: z.enum(['open', 'assigned', 'resolved']),
    assignee: z.string().nullable(),
    resolution: z.enum(['approve', 'reject']).nullable(),
    comment: z.string().nullable(),
    resolvedBy: z.string().nullable(),
    openedAt: timestamp,
    assignedAt: timestamp.nullable(),
    resolvedAt: timestamp.nullable(),
    updatedAt: timestamp,
    decision: z.object({ decision: decisionKind, score: z.number(), summary: z.string() }),
  })
  .openapi('RiskCase');

export const riskCaseDetailSchema = riskCaseSchema
  .extend({
    decisionRecord: riskDecisionRecordSchema,
    events: z.array(
      z.object({
        seq: z.string(),
        at: timestamp,
        actor: z.string(),
        action: z.string(),
        subject: z.string(),
        data: z.unknown(),
        prevHash: z.string(),
        hash: z.string(),
      }),
    ),
  })
  .openapi('RiskCaseDetail');

export const caseListQuerySchema = z.object({
  status: z.enum(['open', 'assigned', 'resolved']).optional(),
  assignee: z.string().min(1).max(200).optional(),
  companyId: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const assignCaseSchema = z
  .object({ assignee: z.string().trim().min(1, 'say whom the case is assigned to').max(200) })
  .strict()
  .openapi('AssignRiskCase');

export const resolveCaseSchema = z
  .object({
    resolution: z.enum(['approve', 'reject']),
    comment: z.string().trim().min(1, 'a resolution needs a comment saying why').max(5000),
  })
  .strict()
  .openapi('ResolveRiskCase');

export const idParamSchema = z.object({ id: z.string().min(1).max(100) });

export const modelStatusSchema = z
  .object({
    inForce: z.boolean(),
    hash: z.string().nullable(),
    source: z.string().nullable(),
    file: z.string().nullable(),
    putInForceAt: timestamp.nullable(),
    putInForceBy: z.string().nullable(),
    summary: z.record(z.string(), z.unknown()).nullable(),
    error: z.string().nullable(),
  })
  .openapi('RiskModelStatus');

export const useModelSchema = z
  .object({
    source: z.string().min(1).max(4096).openapi({
      description: 'an absolute path of a model file on the server, or registry:N',
      example: '/srv/fraud.json',
    }),
  })
  .strict()
  .openapi('UseRiskModel');

export const thresholdsSchema = z
  .object({
    companyId: z.string().nullable(),
    thresholds: z.record(z.string(), z.unknown()),
    overrides: z.record(z.string(), z.unknown()),
    updatedAt: timestamp.nullable(),
    updatedBy: z.string().nullable(),
  })
  .openapi('RiskThresholds');

export const setThresholdsSchema = z
  .object({ overrides: z.record(z.string(), z.record(z.string(), z.unknown())) })
  .strict()
  .openapi('SetRiskThresholds');

export const proofSchema = z
  .object({
    id: z.string(),
    companyId: z.string(),
    address: z.string(),
    method: z.enum(['signed-message', 'satoshi-test', 'attestation']),
    evidence: z.record(z.string(), z.unknown()),
    verifiedBy: z.string(),
    verifiedAt: timestamp,
  })
  .openapi('CounterpartyProof');

export const recordProofSchema = z
  .object({
    companyId: z.string().min(1).max(200),
    address,
    method: z.enum(['signed-message', 'satoshi-test', 'attestation']),
    evidence: z.record(z.string(), z.unknown()),
  })
  .strict()
  .openapi('RecordCounterpartyProof');

export const sanctionsVersionSchema = z
  .object({
    id: z.string(),
    publishedOn: z.string(),
    sha256: z.string(),
    sourceFile: z.string(),
    loadedAt: timestamp,
    supersededAt: timestamp.nullable(),
    addressCount: z.number(),
    tickerCount: z.number(),
    byTicker: z.record(z.string(), z.number()),
    added: z.number(),
    removed: z.number(),
    changed: z.number(),
  })
  .openapi('SanctionsListVersion');

export const sanctionsStatusSchema = z
  .object({ inForce: sanctionsVersionSchema.nullable(), history: z.array(sanctionsVersionSchema) })
  .openapi('SanctionsStatus');

export const loadSanctionsSchema = z
  .object({
    path: z
      .string()
      .min(1)
      .max(4096)
      .refine(isAbsolute, "must be an absolute path on the server (the server's working directory is not the caller's)")
      .openapi({ example: '/data/ofac/sdn_advanced.xml.bz2' }),
    allowOlder: z.boolean().optional(),
  })
  .strict()
  .openapi('LoadSanctionsList');

const oracleBatchSchema = z.object({
  kind: z.enum(['add', 'remove']),
  index: z.number(),
  addresses: z.number(),
  idempotencyKey: z.string(),
  status: z.string(),
  txHash: z.string().nullable(),
  gasUsed: z.string().nullable(),
});

export const oracleSyncSchema = z
  .object({
    status: z.string(),
    listVersion: z.string().nullable().optional(),
    oracle: z.string().optional(),
    chainId: z.number().optional(),
    added: z.number().optional(),
    removed: z.number().optional(),
    batches: z.array(oracleBatchSchema).optional(),
    onOracle: z.number().optional(),
    error: z.string().optional(),
  })
  .openapi('SanctionsOracleSync');

export const sanctionsLoadSchema = z
  .object({
    status: z.enum(['loaded', 'unchanged']),
    message: z.string(),
    version: sanctionsVersionSchema,
    added: z.number(),
    removed: z.number(),
    changed: z.number(),
    total: z.number(),
    byTicker: z.record(z.string(), z.number()),
    oracle: oracleSyncSchema.nullable(),
  })
  .openapi('SanctionsLoad');
