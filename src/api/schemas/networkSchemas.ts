import { z } from '@hono/zod-openapi';

const address = z.string().openapi({ example: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' });
const timestamp = z.string().openapi({ example: '2026-03-02T12:00:00.000Z' });
const hex32 = z.string().openapi({ example: `0x${'ab'.repeat(32)}` });
const sha256 = z.string().openapi({ example: 'c0ffee'.padEnd(64, '0'), description: 'hex sha256, without 0x' });
/** Reward token amounts: integer units of the 18-decimal token, as decimal strings. */
const tokenUnits = z
  .string()
  .regex(/^\d{1,78}$/, 'a non-negative integer of token units (18 decimals), as a decimal string')
  .openapi({ example: '540000000000000000000', description: 'integer units of the reward token (18 decimals)' });
const kind = z.enum(['data', 'compute']);
const privacy = z
  .object({ epsilon: z.number(), delta: z.number() })
  .nullable()
  .openapi({ description: 'the differential privacy spent; null when trained without DP' });

export const roundIdParamSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
    .openapi({ example: 'r-1' }),
});

export const versionParamSchema = z.object({
  version: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, 'a version number 1, 2, …')
    .transform(Number)
    .openapi({ example: '3' }),
});

export const networkContractsSchema = z
  .object({
    chainId: z.number().int(),
    rewardDistributor: address,
    rewardToken: address,
    modelRegistry: address,
  })
  .openapi('NetworkContracts');

export const contributorSchema = z
  .object({
    address,
    kind,
    name: z.string().nullable(),
    joinedAt: timestamp,
    flagged: z.boolean(),
    flaggedReason: z.string().nullable(),
    rounds: z.number().int(),
    rewarded: tokenUnits,
    claimed: tokenUnits,
  })
  .openapi('NetworkContributor');

export const contributionSchema = z
  .object({
    roundId: z.string(),
    contributor: address,
    kind,
    dataSha256: z.string().nullable(),
    rows: z.number().int().nullable(),
    dataCommitment: hex32.nullable(),
    trained: z.boolean(),
    score: z.number().openapi({ description: 'Shapley value (data) or agreed-job value (compute)' }),
    share: z.number(),
    method: z.string(),
    status: z.enum(['paid', 'no-value', 'flagged']),
    reason: z.string(),
  })
  .openapi('NetworkContribution');

export const roundSchema = z
  .object({
    id: z.string(),
    status: z.enum(['running', 'completed', 'failed']),
    startedAt: timestamp,
    endedAt: timestamp.nullable(),
    parties: z.number().int(),
    trees: z.number().int().nullable(),
    modelSha256: z.string().nullable(),
    secureAggregation: z.boolean(),
    privacy,
    metrics: z.record(z.string(), z.unknown()).openapi({ description: 'federated and centralized F1, ROC-AUC, …' }),
    cost: z.record(z.string(), z.unknown()).openapi({ description: 'bytes and seconds, as the coordinator measured' }),
    error: z.string().nullable(),
    rewardEpoch: z.number().int().nullable(),
    modelVersion: z.number().int().nullable(),
  })
  .openapi('NetworkRound');

export const roundDetailSchema = roundSchema
  .extend({
    contributions: z.array(contributionSchema),
    trainingCurve: z
      .array(z.unknown())
      .nullable()
      .openapi({ description: 'one entry per tree (validation loss, ROC-AUC …) when the coordinator reports it' }),
  })
  .openapi('NetworkRoundDetail');

export const roundReportSchema = z.record(z.string(), z.unknown()).openapi('NetworkRoundReport', {
  description: 'the coordinator’s report of a round (see src/deai/onchain/networkRoundReport.ts); validated in full',
});

export const publishRoundSchema = z
  .object({
    budget: tokenUnits.optional().openapi({ description: 'the epoch’s reward; default the platform’s epoch budget' }),
    computeShare: z.number().min(0).max(1).optional().openapi({ description: 'part for compute contributors; 0.1' }),
    uri: z.string().min(1).max(1024).optional().openapi({ description: 'where others can fetch the model file' }),
  })
  .strict()
  .openapi('PublishNetworkRound');

export const publishedRoundSchema = z
  .object({
    roundId: z.string(),
    modelSha256: sha256,
    modelFile: z.string(),
    epoch: z.object({ epoch: z.number().int(), root: hex32, total: tokenUnits, txHash: hex32 }).nullable(),
    rewards: z.array(z.object({ account: address, kind, amount: tokenUnits, score: z.number() })),
    modelVersion: z.object({
      version: z.number().int(),
      txHash: hex32.nullable(),
      status: z.enum(['registered', 'already-registered']),
      uri: z.string(),
    }),
  })
  .openapi('PublishedNetworkRound');

export const contributionsQuerySchema = z.object({
  roundId: z.string().max(64).optional(),
  contributor: z.string().max(42).optional(),
});

export const rewardsQuerySchema = z.object({
  account: z.string().max(42).optional().openapi({ description: 'only this contributor’s rewards' }),
  epoch: z
    .string()
    .regex(/^[1-9]\d{0,8}$/)
    .transform(Number)
    .optional(),
});

export const rewardSchema = z
  .object({
    epoch: z.number().int(),
    roundId: z.string().nullable(),
    account: address,
    amount: tokenUnits,
    score: z.number(),
    proof: z.array(hex32).openapi({ description: 'the Merkle proof to claim it with, from anywhere' }),
    status: z.enum(['claimable', 'claimed']),
    txHash: hex32.nullable(),
    claimedAt: timestamp.nullable(),
  })
  .openapi('NetworkReward');

export const claimSchema = z
  .object({ epoch: z.number().int().min(1), account: z.string().min(1).max(42) })
  .strict()
  .openapi('ClaimNetworkReward');

export const claimAllSchema = z
  .object({ epoch: z.number().int().min(1).optional() })
  .strict()
  .openapi('ClaimAllNetworkRewards');

export const modelVersionSchema = z
  .object({
    version: z.number().int(),
    modelSha256: sha256,
    dataCommitments: z.array(z.object({ party: address, commitment: hex32 })),
    metrics: z.object({ f1: z.number(), rocAuc: z.number(), f1Bps: z.number().int(), rocAucBps: z.number().int() }),
    privacy: z
      .object({ epsilon: z.number(), delta: z.number(), epsilonMicros: z.string(), deltaE18: z.string() })
      .nullable(),
    rewardEpoch: z.number().int().nullable(),
    rewardRoot: hex32.nullable(),
    uri: z.string(),
    registrar: address,
    registeredAt: timestamp,
    registry: address,
    roundId: z.string().nullable(),
    filePath: z.string().nullable(),
    txHash: hex32.nullable(),
  })
  .openapi('NetworkModelVersion');

export const verifyModelSchema = z
  .object({
    sha256: z
      .string()
      .regex(/^(0x)?[0-9a-fA-F]{64}$/, '64 hex digits')
      .openapi({ description: 'the model file’s sha256, computed by the caller' }),
    version: z.number().int().min(1).optional().openapi({ description: 'compare with this version; default: find it' }),
  })
  .strict()
  .openapi('VerifyNetworkModel');

export const modelVerificationSchema = z
  .object({
    sha256,
    matches: z.boolean(),
    version: z.number().int().nullable(),
    record: modelVersionSchema.omit({ registry: true, roundId: true, filePath: true, txHash: true }).nullable(),
    verdict: z.string(),
  })
  .openapi('NetworkModelVerification');
