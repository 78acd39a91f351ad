import { z } from '@hono/zod-openapi';
import { isoDate, minorUnits } from './ledgerSchemas.js';

const timestamp = z.string().openapi({ example: '2026-11-27T08:00:00.000Z' });
const address = z.string().openapi({ example: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' });
const hex32 = z.string().openapi({ example: `0x${'ab'.repeat(32)}` });

export const payRunStatusSchema = z
  .enum(['draft', 'calculated', 'screened', 'approved', 'executing', 'paid', 'partially_paid', 'failed', 'cancelled'])
  .openapi('PayRunStatus');

export const payRunCreateSchema = z
  .object({
    period: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
      .openapi({ example: '2026-11' }),
    requestedExecutionDate: isoDate.optional().openapi({
      description: "the day the bank pays the SEPA leg; default the period's last weekday (or today when past)",
    }),
  })
  .strict()
  .openapi('PayRunCreate');

export const payRunSchema = z
  .object({
    id: z.string().uuid(),
    companyId: z.string(),
    period: z.string(),
    status: payRunStatusSchema,
    currency: z.string(),
    taxProfileId: z.string().nullable(),
    requestedExecutionDate: z.string(),
    lineCount: z.number().int(),
    grossTotal: minorUnits,
    netTotal: minorUnits,
    employerCostTotal: minorUnits,
    fiatTotal: minorUnits.openapi({ description: 'the SEPA leg' }),
    cryptoFiatTotal: minorUnits.openapi({ description: 'what the crypto leg is worth in the run currency' }),
    vault: z.object({ chainId: z.number().int(), address }).nullable(),
    pricedAt: timestamp.nullable(),
    runDigest: hex32.nullable().openapi({ description: 'EIP-712 digest of the run as a whole (approvers sign it)' }),
    contentHash: hex32.nullable(),
    sepa: z.object({ messageId: z.string(), sha256: z.string(), file: z.string().nullable() }).nullable(),
    funding: z.array(z.record(z.string(), z.unknown())),
    executionStartBlock: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string(), at: timestamp }).nullable(),
    createdBy: z.string(),
    createdAt: timestamp,
    updatedAt: timestamp,
    calculatedAt: timestamp.nullable(),
    screenedAt: timestamp.nullable(),
    approvedAt: timestamp.nullable(),
    executionStartedAt: timestamp.nullable(),
    finishedAt: timestamp.nullable(),
    cancelledAt: timestamp.nullable(),
    version: z.number().int(),
  })
  .openapi('PayRun');

const component = z.object({ name: z.string(), amount: minorUnits });

export const payRunLineSchema = z
  .object({
    employeeId: z.string(),
    lineNo: z.number().int(),
    fullName: z.string(),
    email: z.string(),
    country: z.string(),
    iban: z.string().nullable(),
    bic: z.string().nullable(),
    wallet: z.string().nullable(),
    split: z.array(z.object({ asset: z.string(), percent: z.string() })),
    currency: z.string(),
    gross: minorUnits,
    incomeTax: minorUnits.nullable(),
    socialContributions: z.array(component),
    employerContributions: z.array(component),
    employerCost: minorUnits.nullable(),
    net: minorUnits.nullable(),
    status: z.enum(['calculated', 'cleared', 'held', 'paid', 'failed']),
    hold: z.enum(['review', 'block']).nullable(),
    reason: z.string().nullable(),
    riskDecisionId: z.string().nullable(),
    riskCaseId: z.string().nullable(),
    release: z.object({ by: z.string(), at: timestamp, comment: z.string() }).nullable(),
  })
  .openapi('PayRunLine');

export const payRunPayoutSchema = z
  .object({
    employeeId: z.string(),
    asset: z.string(),
    payoutNo: z.number().int(),
    channel: z.enum(['sepa', 'chain']),
    percent: z.string(),
    fiatAmount: minorUnits,
    recipient: z.string(),
    token: z.object({ address, decimals: z.number().int(), amount: minorUnits }).nullable(),
    quote: z
      .object({
        rateNumerator: minorUnits,
        rateDenominator: minorUnits,
        rate: z.string().openapi({ example: '1.16000000', description: 'tokens per unit of the run currency' }),
        feed: address.nullable(),
        roundId: z.string().nullable(),
        updatedAt: timestamp.nullable(),
        source: z.string().openapi({ example: 'chainlink:EUR/USD÷USDC/USD' }),
        details: z.unknown(),
      })
      .nullable(),
    endToEndId: z.string().nullable(),
    batchIndex: z.number().int().nullable(),
    batchPosition: z.number().int().nullable(),
    txHash: z.string().nullable(),
    logIndex: z.number().int().nullable(),
    blockNumber: z.string().nullable(),
    paidAt: timestamp.nullable(),
    status: z.enum(['pending', 'cleared', 'held', 'paid', 'failed']),
    reason: z.string().nullable(),
    risk: z
      .object({
        decisionId: z.string(),
        decision: z.string(),
        score: z.number().nullable(),
        caseId: z.string().nullable(),
        summary: z.string().nullable(),
        rulesFired: z.array(z.string()),
        modelHash: z.string().nullable(),
      })
      .nullable(),
    ivms101: z.unknown(),
    ledgerEntryId: z.string().nullable(),
  })
  .openapi('PayRunPayout');

export const payRunBatchSchema = z
  .object({
    batchIndex: z.number().int(),
    asset: z.string(),
    tokenAddress: address,
    payoutsHash: hex32,
    total: minorUnits,
    payoutCount: z.number().int(),
    deadline: z.string().openapi({ description: 'unix seconds' }),
    digest: hex32,
    status: z.enum(['pending', 'sending', 'paid', 'failed']),
    idempotencyKey: z.string().nullable(),
    txHash: z.string().nullable(),
    blockNumber: z.string().nullable(),
    gasUsed: z.string().nullable(),
    executedAt: timestamp.nullable(),
    error: z.string().nullable(),
  })
  .openapi('PayRunBatch');

export const payRunApprovalSchema = z
  .object({
    id: z.string(),
    batchIndex: z.number().int().nullable(),
    digest: hex32,
    approver: address,
    signature: z.string(),
    actor: z.string(),
    createdAt: timestamp,
    revokedAt: timestamp.nullable(),
    revokedBy: z.string().nullable(),
  })
  .openapi('PayRunApproval');

export const payRunProgressSchema = z
  .object({
    status: payRunStatusSchema,
    batchesTotal: z.number().int(),
    batchesDone: z.number().int(),
    payoutsTotal: z.number().int(),
    payoutsPaid: z.number().int(),
    payoutsFailed: z.number().int(),
    linesPaid: z.number().int(),
    linesHeld: z.number().int(),
    linesFailed: z.number().int(),
  })
  .openapi('PayRunProgress');

export const payRunDetailSchema = payRunSchema
  .extend({
    lines: z.array(payRunLineSchema),
    payouts: z.array(payRunPayoutSchema),
    batches: z.array(payRunBatchSchema),
    approvals: z.array(payRunApprovalSchema),
    progress: payRunProgressSchema,
    approvalsNeeded: z.array(
      z.object({
        batchIndex: z.number().int().nullable(),
        digest: hex32,
        have: z.number().int(),
        need: z.number().int(),
      }),
    ),
  })
  .openapi('PayRunDetail');

export const approvalRequestSchema = z
  .object({
    batchIndex: z.number().int().nullable().openapi({ description: 'null: the run as a whole' }),
    digest: hex32,
    typedData: z.unknown().openapi({ description: 'EIP-712 typed data for eth_signTypedData_v4 (uint256 as strings)' }),
  })
  .openapi('PayRunApprovalRequest');

export const approveRequestSchema = z
  .object({
    approver: address,
    signature: z
      .string()
      .regex(/^0x[0-9a-fA-F]+$/)
      .openapi({ description: 'EIP-712 signature' }),
    batchIndex: z
      .number()
      .int()
      .min(0)
      .nullable()
      .optional()
      .openapi({ description: 'the batch signed; absent or null: the run as a whole' }),
  })
  .strict()
  .openapi('PayRunApprove');

export const revokeRequestSchema = z
  .object({
    approver: address,
    batchIndex: z
      .number()
      .int()
      .min(0)
      .nullable()
      .optional()
      .openapi({ description: 'one batch, null for the run approval; absent: every approval of this approver' }),
  })
  .strict()
  .openapi('PayRunRevoke');

export const releaseLineRequestSchema = z
  .object({ employeeId: z.string().min(1).max(64), comment: z.string().min(1).max(2000) })
  .strict()
  .openapi('PayRunReleaseLine');

export const cancelRequestSchema = z
  .object({ reason: z.string().min(1).max(2000) })
  .strict()
  .openapi('PayRunCancel');

export const sepaFileSchema = z
  .object({ fileName: z.string(), messageId: z.string(), sha256: z.string(), xml: z.string() })
  .openapi('PayRunSepaFile');

export const payslipListSchema = z
  .object({
    payslips: z.array(
      z.object({
        employeeId: z.string(),
        payslipId: z.string(),
        fileName: z.string(),
        href: z.string(),
        contentBase64: z.string().optional(),
      }),
    ),
  })
  .openapi('PayRunPayslips');

export const yearlyStatementSchema = z
  .object({
    statementId: z.string(),
    totals: z.array(
      z.object({
        asset: z.string(),
        receipts: z.number().int(),
        tokenAmount: minorUnits,
        tokenDecimals: z.number().int(),
        fiatMinor: minorUnits,
      }),
    ),
    csv: z.string(),
    pdfBase64: z.string(),
  })
  .openapi('YearlyStatement');
