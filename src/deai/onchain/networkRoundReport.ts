import { z } from 'zod';
import { dataCommitmentSchema } from '../protocol/nodeMessages.js';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte address');
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const unit = z.number().min(0).max(1);
const instant = z
  .union([z.string(), z.number()])
  .transform((value) => new Date(value))
  .refine((date) => !Number.isNaN(date.getTime()), 'must be a date (ISO 8601 or epoch milliseconds)');

/** F1 and ROC-AUC (0..1) on the coordinator's validation set; other figures (precision, log loss …) are kept too. */
const modelMetricsSchema = z.looseObject({ f1: unit, rocAuc: unit });

/**
 * What the coordinator reports when a round ends, as the on-chain half (rewards, registry) and the database take it.
 * Contribution fields follow the protocol's ContributionAssessment; data commitments its signed DataCommitment.
 */
export const networkRoundReportSchema = z
  .object({
    roundId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and -'),
    status: z.enum(['completed', 'failed']),
    startedAt: instant,
    endedAt: instant.nullable().default(null),
    /** The model file the round produced (risk engine format) and its sha256; null when the round failed. */
    model: z
      .object({ file: z.string().min(1), sha256: hex64 })
      .strict()
      .nullable(),
    secureAggregation: z.boolean(),
    /** The (epsilon, delta) the training spent; null without differential privacy. */
    privacy: z
      .object({ epsilon: z.number().positive().refine(Number.isFinite, 'must be finite'), delta: unit })
      .strict()
      .nullable(),
    metrics: z.looseObject({
      federated: modelMetricsSchema,
      /** The same learner trained centrally on the union of the parties' rows, for comparison. */
      centralized: modelMetricsSchema.nullable().default(null),
    }),
    /** Bytes and seconds: per tree, per node, total, and the centralized reference — as the coordinator measures them. */
    cost: z.record(z.string(), z.unknown()).default({}),
    /** One entry per tree (e.g. { tree, validationLoss, validationRocAuc }), when the coordinator records it. */
    trainingCurve: z.array(z.record(z.string(), z.unknown())).max(100_000).nullable().default(null),
    trees: z.number().int().min(0).nullable().default(null),
    parties: z
      .array(
        z
          .object({
            address,
            role: z.enum(['data', 'compute']),
            name: z.string().max(200).optional(),
            dataCommitment: dataCommitmentSchema.optional(),
            /**
             * The per-party commitment the model registry records (the coordinator's commitmentHash); absent, Tandem
             * records the EIP-191 digest of the signed data commitment (dataCommitmentDigest).
             */
            commitment: hex64.optional(),
            /** Whether its rows trained the model (a duplicate left out of training: false). */
            trained: z.boolean().default(true),
            contribution: z
              .object({
                /** Shapley value for data contributors; agreed-job value for compute contributors. */
                value: finite,
                /** Part of its kind's reward, 0..1 (0 unless paid). */
                share: unit,
                status: z.enum(['paid', 'no-value', 'flagged']),
                reason: z.string().max(2000),
                method: z.string().min(1).max(80).default('shapley-sampling'),
              })
              .strict(),
          })
          .strict()
          .refine((party) => party.role === 'data' || party.dataCommitment === undefined, {
            message: 'a compute contributor has no data commitment',
            path: ['dataCommitment'],
          })
          .refine((party) => party.role === 'compute' || !party.trained || party.dataCommitment !== undefined, {
            message: 'a data contributor whose rows trained the model needs its data commitment',
            path: ['dataCommitment'],
          }),
      )
      .max(256),
    error: z.string().max(2000).nullable().default(null),
  })
  .strict()
  .refine((report) => report.status !== 'completed' || report.model !== null, {
    message: 'a completed round needs its model',
    path: ['model'],
  });

export type NetworkRoundReport = z.output<typeof networkRoundReportSchema>;
export type NetworkRoundReportInput = z.input<typeof networkRoundReportSchema>;
