import { z } from 'zod';
import { addressSchema } from './envelope.js';

const sealedSchema = z
  .object({ nonce: z.string().regex(/^[0-9a-f]{48}$/), ciphertext: z.string().regex(/^[0-9a-f]{2,200000}$/) })
  .strict();
const sealedFrom = z.array(z.object({ from: addressSchema, sealed: sealedSchema }).strict()).max(256);
const sealedFromTo = z
  .array(z.object({ from: addressSchema, to: addressSchema, sealed: sealedSchema }).strict())
  .max(256 * 256);
const addresses = z.array(addressSchema).max(256);
const step = z.number().int().min(1);
const epoch = z.number().int().min(1);
const jobId = z.string().regex(/^[a-z0-9-]{1,80}$/);
const finite = z.number().refine(Number.isFinite, 'must be finite');
const featureIndex = z.number().int().min(0).max(10_000);
const treeNode = z
  .number()
  .int()
  .min(0)
  .max(1 << 24);

export const featureSchema = z
  .object({ name: z.string().min(1).max(200), kind: z.enum(['numeric', 'categorical']) })
  .strict();

export const encodingSchema = z
  .object({
    features: z
      .array(
        z.discriminatedUnion('kind', [
          z.object({ name: z.string().min(1), kind: z.literal('numeric') }).strict(),
          z
            .object({
              name: z.string().min(1),
              kind: z.literal('categorical'),
              counts: z.array(z.tuple([z.string(), z.number().int().min(1)])),
            })
            .strict(),
        ]),
      )
      .max(1000),
  })
  .strict();

export const sketchGridSchema = z
  .object({
    /** Smallest magnitude with its own buckets; |x| below it shares the bucket next to zero. */
    minMagnitude: z.number().positive(),
    bucketsPerDecade: z.number().int().min(1).max(1000),
    decades: z.number().int().min(1).max(40),
  })
  .strict();

export const treeSchema = z
  .object({
    feature: z
      .array(z.number().int().min(-1))
      .min(1)
      .max(1 << 16),
    bin: z.array(z.number().int().min(0).max(255)),
    threshold: z.array(finite),
    defaultLeft: z.array(z.union([z.literal(0), z.literal(1)])),
    left: z.array(z.number().int().min(-1)),
    right: z.array(z.number().int().min(-1)),
    value: z.array(finite),
    cover: z.array(finite),
    gain: z.array(finite),
  })
  .strict();

/** One job's histogram request: the nodes of one tree level, after the splits made since the last request. */
export const histogramPartSchema = z
  .object({
    job: jobId,
    tree: z.number().int().min(0),
    attempt: z.number().int().min(0),
    splits: z
      .array(
        z
          .object({
            node: treeNode,
            feature: featureIndex,
            bin: z.number().int().min(1).max(255),
            defaultLeft: z.boolean(),
            left: treeNode,
            right: treeNode,
          })
          .strict(),
      )
      .max(1 << 16),
    nodes: z
      .array(treeNode)
      .min(1)
      .max(1 << 16),
    features: z.array(featureIndex).min(1).max(10_000),
  })
  .strict();

export type HistogramPart = z.infer<typeof histogramPartSchema>;

const gradientClip = z.object({ gradient: z.number().positive(), hessian: z.number().positive() }).strict();

/** What a node adds up in one aggregation step; each task fixes the vector's length (see expectedEntries). */
export const aggregationTaskSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('prior'),
      /** One [fraud rows, rows] pair per job, members' counts only. */
      parts: z
        .array(z.object({ job: jobId, members: addresses }).strict())
        .min(1)
        .max(5000),
    })
    .strict(),
  z
    .object({
      kind: z.literal('categoryCounts'),
      members: addresses,
      vocabulary: z.array(z.object({ feature: z.string(), values: z.array(z.string()) }).strict()).max(64),
    })
    .strict(),
  z.object({ kind: z.literal('binSketch'), members: addresses, featuresId: jobId, grid: sketchGridSchema }).strict(),
  z
    .object({
      kind: z.literal('histograms'),
      /** One request per job trained in this step (several coalition models grow side by side). */
      parts: z.array(histogramPartSchema).min(1).max(5000),
    })
    .strict(),
]);

export type AggregationTask = z.infer<typeof aggregationTaskSchema>;

/** Coordinator → node payloads, by message kind (every one signed by the coordinator's key). */
export const coordinatorMessageSchemas = {
  roundAnnounce: z
    .object({
      joinUntil: z.number().int().positive(),
      minParties: z.number().int().min(2),
      maxParties: z.number().int().min(2),
      features: z.array(featureSchema).min(1).max(1000),
      stepTimeoutMs: z.number().int().min(10),
      heartbeatMs: z.number().int().min(10),
    })
    .strict(),
  epochStart: z.object({ epoch, members: addresses, threshold: z.number().int().min(1) }).strict(),
  epochKeys: z
    .object({
      epoch,
      threshold: z.number().int().min(1),
      /** The step number the epoch's first aggregation will have (its pairwise seeds are shared now). */
      firstStep: step,
      /** Each member's keyAdvertisement exactly as it signed it, so nobody can swap a key in transit. */
      advertisements: z.array(z.string().max(4096)).max(256),
    })
    .strict(),
  sharesDelivery: z
    .object({
      epoch,
      pairSeedShares: sealedFrom,
      groupKey: z.object({ from: addressSchema, sealed: sealedSchema }).strict().nullable(),
    })
    .strict(),
  vocabularyRequest: z.object({ members: addresses }).strict(),
  features: z
    .object({
      featuresId: jobId,
      encoding: encodingSchema,
      binEdges: z.array(z.array(finite).max(254)).nullable(),
    })
    .strict(),
  aggregate: z
    .object({
      step,
      epoch,
      /** Members expected to send an input; each masks pairwise with exactly these. */
      active: addresses,
      /** Members that hold secret shares this step (every live member of the epoch, active or not). */
      holders: addresses,
      /** Standard deviation of the Gaussian noise each node adds to its vector (0 = no differential privacy). */
      noiseStd: z.number().min(0),
      task: aggregationTaskSchema,
    })
    .strict(),
  unmask: z
    .object({
      step,
      epoch,
      survivors: addresses,
      dropped: addresses,
      /** The survivors' self-mask seed shares, each sealed to one holder (one message for all holders). */
      selfMaskShares: sealedFromTo,
      /** The survivors' bundles of next-step pairwise seed shares, each sealed to one holder. */
      nextPairSeedShares: sealedFromTo,
    })
    .strict(),
  /** Starts the jobs trained next (replacing any earlier ones): who is a member, the start margin, the clip. */
  jobStart: z
    .object({
      jobs: z
        .array(
          z
            .object({
              job: jobId,
              members: addresses,
              featuresId: jobId,
              baseScore: finite,
              scalePosWeight: z.number().positive(),
              clip: gradientClip.nullable(),
            })
            .strict(),
        )
        .min(1)
        .max(5000),
    })
    .strict(),
  /** Model update: finished trees, which members add to their margins before the next request. */
  treeUpdate: z
    .object({
      updates: z
        .array(z.object({ job: jobId, index: z.number().int().min(0), tree: treeSchema }).strict())
        .min(1)
        .max(5000),
    })
    .strict(),
  computeJob: z
    .object({ jobId, kind: z.enum(['validationScoring', 'contributionSampling']), input: z.unknown() })
    .strict(),
  roundEnd: z
    .object({
      status: z.enum(['completed', 'failed']),
      modelSha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .nullable(),
      reason: z.string().max(2000).nullable(),
    })
    .strict(),
} as const;

export type CoordinatorMessageKind = keyof typeof coordinatorMessageSchemas;
export type CoordinatorMessagePayload<K extends CoordinatorMessageKind> = z.infer<
  (typeof coordinatorMessageSchemas)[K]
>;
