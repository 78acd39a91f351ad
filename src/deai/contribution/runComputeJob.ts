import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { FeatureMatrix } from '../../risk/model/FeatureEncoding.js';
import type { GbdtModel } from '../../risk/model/GbdtModel.js';
import { averagePrecision, f1Score, logLoss, rocAuc } from '../../risk/model/metrics.js';
import { predictMargins } from '../../risk/model/predictMargins.js';
import { treeSchema } from '../protocol/coordinatorMessages.js';
import { parsePayload } from '../protocol/parsePayload.js';
import { shapleyValues } from './shapley.js';

/** Labeled validation rows as JSON (columns of encoded features, null = missing), sent with compute jobs. */
export const validationRowsSchema = z
  .object({
    columns: z.array(z.array(z.number().nullable()).max(1_000_000)).max(1000),
    labels: z.array(z.union([z.literal(0), z.literal(1)])).max(1_000_000),
  })
  .strict();
export type ValidationRows = z.infer<typeof validationRowsSchema>;

const modelSchema = z
  .object({
    featureCount: z.number().int().min(1),
    binEdges: z.array(z.array(z.number())),
    baseScore: z.number(),
    trees: z.array(treeSchema),
  })
  .strict();

export const computeJobSchemas = {
  validationScoring: z.object({ model: modelSchema, validation: validationRowsSchema }).strict(),
  contributionSampling: z
    .object({
      players: z.array(z.string()).min(1).max(64),
      coalitions: z
        .array(z.object({ members: z.array(z.number().int().min(0)), model: modelSchema }).strict())
        .max(5000),
      validation: validationRowsSchema,
      permutations: z.number().int().min(1).max(10_000),
      seed: z.number().int().min(0),
      exactUpTo: z.number().int().min(0).max(12),
    })
    .strict(),
} as const;

export type ComputeJobKind = keyof typeof computeJobSchemas;

/** A FeatureMatrix and labels as ValidationRows. */
export function toValidationRows(inputs: FeatureMatrix, labels: Uint8Array): ValidationRows {
  return {
    columns: inputs.columns.map((column) => Array.from(column, (value) => (Number.isNaN(value) ? null : value))),
    labels: Array.from(labels, (label) => (label === 1 ? 1 : 0)),
  };
}

function fromValidationRows(rows: ValidationRows): { inputs: FeatureMatrix; labels: Uint8Array } {
  return {
    inputs: {
      rowCount: rows.labels.length,
      columns: rows.columns.map((column) =>
        Float64Array.from(column, (value) => (value === null ? Number.NaN : value)),
      ),
    },
    labels: Uint8Array.from(rows.labels),
  };
}

function probabilities(model: GbdtModel, inputs: FeatureMatrix): Float64Array {
  return predictMargins(model, inputs).map((margin) => 1 / (1 + Math.exp(-margin)));
}

/**
 * The verifiable jobs compute contributors run. Both are deterministic functions of their input, so two honest
 * nodes return byte-identical results (compared by the sha256 of their canonical JSON):
 * - validationScoring: a model's scores on the coordinator's validation rows → metrics and the scores' sha256;
 * - contributionSampling: each coalition model's validation ROC-AUC − 0.5 as the coalition's utility, then every
 *   player's Shapley value (exact or permutation-sampled with the given seed).
 * @example runComputeJob('validationScoring', { model, validation })
 */
export function runComputeJob(kind: string, input: unknown): unknown {
  if (kind === 'validationScoring') {
    const job = parsePayload(computeJobSchemas, 'validationScoring', input);
    const { inputs, labels } = fromValidationRows(job.validation);
    const scores = probabilities(job.model as GbdtModel, inputs);
    const finite = (value: number) => (Number.isFinite(value) ? value : null);
    return {
      rows: labels.length,
      f1: finite(f1Score(labels, scores)),
      rocAuc: finite(rocAuc(labels, scores)),
      averagePrecision: finite(averagePrecision(labels, scores)),
      logLoss: finite(logLoss(labels, scores)),
      scoresSha256: createHash('sha256').update(new Uint8Array(scores.buffer)).digest('hex'),
    };
  }
  if (kind === 'contributionSampling') {
    const job = parsePayload(computeJobSchemas, 'contributionSampling', input);
    const { inputs, labels } = fromValidationRows(job.validation);
    const models = new Map(
      job.coalitions.map((coalition) => [
        [...coalition.members].sort((a, b) => a - b).join('.'),
        coalition.model as GbdtModel,
      ]),
    );
    const utilities: { members: number[]; utility: number }[] = [];
    const result = shapleyValues(
      job.players.length,
      (members) => {
        const model = models.get(members.join('.'));
        if (!model) throw new Error(`no model for coalition ${members.join('.')}`);
        const utility = rocAuc(labels, probabilities(model, inputs)) - 0.5;
        utilities.push({ members, utility: Number.isFinite(utility) ? utility : 0 });
        return Number.isFinite(utility) ? utility : 0;
      },
      { permutations: job.permutations, seed: job.seed, exactUpTo: job.exactUpTo },
    );
    return {
      exact: result.exact,
      utilities,
      values: job.players.map((player, i) => ({ player, value: result.values[i]! })),
    };
  }
  throw new Error(`unknown compute job kind "${kind}"`);
}
