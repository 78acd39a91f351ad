import { z } from 'zod';
import { ValidationError } from '../../errors/BaseError.js';

/** Settings of the boosted-tree learner, named after XGBoost's where one exists. */
export const gbdtParamsSchema = z
  .object({
    /** Boosting rounds (trees); fewer remain when early stopping cuts the ensemble at its best round. */
    trees: z.number().int().min(1).max(100_000),
    /** Shrinkage (eta). */
    learningRate: z.number().gt(0).max(1),
    maxDepth: z.number().int().min(1).max(30),
    /** 0 = no limit beyond depth. */
    maxLeaves: z
      .number()
      .int()
      .min(0)
      .max(1 << 20),
    /** Minimum hessian sum per child. */
    minChildWeight: z.number().min(0),
    /** L2 regularisation of leaf weights. */
    lambda: z.number().min(0),
    /** Minimum loss reduction to split (min_split_loss). */
    gamma: z.number().min(0),
    /** Share of rows sampled per tree. */
    subsample: z.number().gt(0).max(1),
    /** Share of features sampled per tree. */
    colsampleByTree: z.number().gt(0).max(1),
    /** Weight of each positive (fraud) row relative to a negative one. */
    scalePosWeight: z.number().gt(0),
    /** Bins per feature including the missing bin. */
    maxBins: z.number().int().min(2).max(256),
    /** Stop after this many rounds without a better validation log loss; 0 = off. */
    earlyStoppingRounds: z.number().int().min(0),
    /** Starting probability; 'prior' = the (weighted) positive share of the training rows. */
    baseScore: z.union([z.literal('prior'), z.number().gt(0).lt(1)]),
    seed: z.number().int().min(0).max(0xffffffff),
  })
  .strict();

export type GbdtParams = z.infer<typeof gbdtParamsSchema>;

/**
 * Defaults, XGBoost's except eta 0.1 and colsample_bytree 0.6: on the eth-fraud data (8 stratified 80/20 splits)
 * sampling 60% of the features per tree raised mean held-out F1 from 0.987 to 0.989 and cuts histogram work by 40%.
 */
export const defaultGbdtParams: GbdtParams = {
  trees: 400,
  learningRate: 0.1,
  maxDepth: 6,
  maxLeaves: 0,
  minChildWeight: 1,
  lambda: 1,
  gamma: 0,
  subsample: 1,
  colsampleByTree: 0.6,
  scalePosWeight: 1,
  maxBins: 256,
  earlyStoppingRounds: 0,
  baseScore: 'prior',
  seed: 0,
};

/**
 * Fills unset params from the defaults and checks every one, refusing a bad one with a ValidationError that names it.
 * @example resolveGbdtParams({ maxDepth: 4 })
 */
export function resolveGbdtParams(params: Partial<GbdtParams> | undefined = {}): GbdtParams {
  const defined = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));
  const parsed = gbdtParamsSchema.safeParse({ ...defaultGbdtParams, ...defined });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'params';
  throw new ValidationError(`invalid model parameter "${field}": ${issue?.message ?? 'invalid'}`, {
    field: `params.${field}`,
    details: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
  });
}
