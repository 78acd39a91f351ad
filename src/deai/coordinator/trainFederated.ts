import { createPrng } from '../../risk/model/createPrng.js';
import type { GbdtModel } from '../../risk/model/GbdtModel.js';
import type { GbdtParams } from '../../risk/model/gbdtParams.js';
import { createHistogramLayout } from '../../risk/model/HistogramLayout.js';
import type { Tree } from '../../risk/model/Tree.js';
import { fillThresholds, priorMargin, sampleFeatures } from '../federated/boostingSteps.js';
import { growTreeAsync } from '../federated/growTreeAsync.js';
import type { PrivacyAccountant } from '../privacy/createPrivacyAccountant.js';
import type { PrivacyPlan } from '../privacy/planPrivacy.js';
import type { CoordinatorMessageKind } from '../protocol/coordinatorMessages.js';
import { fixedPointRowLimit } from '../secureAggregation/fixedPoint.js';
import { createFederatedSource, TreeRestart } from './createFederatedSource.js';
import type { SecureAggregator } from './createSecureAggregator.js';
import { createStepBatcher } from './createStepBatcher.js';
import { RoundFailedError } from './RoundFailedError.js';

/** One model to train: its id, the parties whose rows train it (other active members add zeros), its settings. */
export type FederatedJob = { job: string; members: readonly string[]; params: GbdtParams };

export type FederatedTrainingResult = {
  model: GbdtModel;
  /** Class counts of the members, from secure aggregation (noisy under DP). */
  rows: number;
  positives: number;
  /** Trees that had to start over because a member dropped. */
  restarts: number;
  /** Members still in at the end. */
  members: string[];
};

export type TrainFederatedParameters = {
  aggregator: SecureAggregator;
  /** Signs and queues a coordinator message for each address. */
  send(kind: CoordinatorMessageKind, payload: unknown, to: readonly string[]): Promise<void>;
  jobs: readonly FederatedJob[];
  featuresId: string;
  binEdges: number[][];
  /** Differential privacy for a single job (the published model). */
  privacy?: { plan: PrivacyPlan; accountant: PrivacyAccountant } | undefined;
  onTree?: ((job: string, index: number, tree: Tree) => void) | undefined;
};

/**
 * trainGbdt's boosting loop with the rows spread over the parties: the class prior and every tree level's
 * histograms come from secure aggregation, splits are chosen by the same findBestSplit (growTreeAsync), and each
 * finished tree goes to the members, which update their own margins. Column sampling draws from the same seeded
 * PRNG as trainGbdt, so without DP a job's model is the one trainCentralized builds on the union of its members'
 * rows (fixed point). Several jobs train side by side, sharing aggregation steps (createStepBatcher).
 * @example const [final] = (await trainFederated({ aggregator, send, jobs: [{ job: 'final', members, params }], featuresId, binEdges })).values()
 */
export async function trainFederated(
  parameters: TrainFederatedParameters,
): Promise<Map<string, FederatedTrainingResult>> {
  const { aggregator, send, binEdges, privacy } = parameters;
  if (privacy && parameters.jobs.length !== 1)
    throw new RangeError('differential privacy is accounted for one job at a time');
  const perNode = (sigma: number) => sigma / Math.sqrt(Math.max(1, aggregator.active().length));
  const clip = privacy
    ? { gradient: privacy.plan.target.gradientClip, hessian: privacy.plan.target.hessianClip }
    : null;

  const priorNoise = privacy ? perNode(privacy.plan.sigma.prior) : 0;
  const prior = await aggregator.aggregate(
    { kind: 'prior', parts: parameters.jobs.map(({ job, members }) => ({ job, members: [...members] })) },
    2 * parameters.jobs.length,
    priorNoise,
  );
  if (privacy)
    privacy.accountant.charge('prior', privacy.plan.sensitivity.prior, priorNoise * Math.sqrt(prior.survivors.length));
  const starts = parameters.jobs.map(({ job, members, params }, k) => {
    const rows = Math.max(1, Math.round(prior.sum[2 * k + 1]!));
    if (rows * Math.max(1, params.scalePosWeight) > fixedPointRowLimit)
      throw new RoundFailedError(`${rows} rows exceed what fixed-point secure aggregation sums exactly`);
    const positives = Math.min(rows, Math.max(0, Math.round(prior.sum[2 * k]!)));
    const baseScore =
      params.baseScore === 'prior'
        ? priorMargin(positives, rows, params.scalePosWeight)
        : Math.log(params.baseScore / (1 - params.baseScore));
    return {
      job,
      params,
      rows,
      positives,
      baseScore,
      members: members.map((m) => m.toLowerCase()).filter((m) => !prior.dropped.includes(m)),
    };
  });
  await send(
    'jobStart',
    {
      jobs: starts.map(({ job, members, baseScore, params }) => ({
        job,
        members,
        featuresId: parameters.featuresId,
        baseScore,
        scalePosWeight: params.scalePosWeight,
        clip,
      })),
    },
    aggregator.active(),
  );

  const histogramNoise = privacy ? perNode(privacy.plan.sigma.histograms) : 0;
  const batcher = createStepBatcher({
    aggregator,
    send,
    noiseStd: histogramNoise,
    onRelease: (survivors) =>
      privacy?.accountant.charge(
        'histograms',
        privacy.plan.sensitivity.histograms,
        histogramNoise * Math.sqrt(survivors),
      ),
  });
  const layout = createHistogramLayout(binEdges.map((edges) => edges.length + 2));
  const featureCount = binEdges.length;

  const runJob = async (start: (typeof starts)[number]): Promise<FederatedTrainingResult> => {
    const { job, params } = start;
    let members = start.members;
    const prng = createPrng(params.seed);
    const allFeatures = Uint32Array.from({ length: featureCount }, (_, i) => i);
    const sampledFeatureCount = Math.max(1, Math.round(featureCount * params.colsampleByTree));
    const trees: Tree[] = [];
    let restarts = 0;
    for (let index = 0; index < params.trees; index++) {
      const features =
        params.colsampleByTree >= 1 ? allFeatures : sampleFeatures(featureCount, sampledFeatureCount, prng);
      let tree: Tree | undefined;
      for (let attempt = 0; !tree; attempt++) {
        if (attempt > 8) throw new RoundFailedError(`tree ${index} of ${job} kept losing members`);
        const source = createFederatedSource({
          batcher,
          layout,
          job,
          tree: index,
          attempt,
          noisy: privacy !== undefined,
        });
        try {
          tree = await growTreeAsync(source, params, features);
        } catch (error) {
          if (!(error instanceof TreeRestart)) throw error;
          restarts++;
          members = members.filter((member) => !aggregator.dropped().includes(member));
        }
      }
      fillThresholds(tree, binEdges);
      trees.push(tree);
      batcher.publishTree(job, index, tree);
      parameters.onTree?.(job, index, tree);
    }
    return {
      model: { featureCount, binEdges, baseScore: start.baseScore, trees },
      rows: start.rows,
      positives: start.positives,
      restarts,
      members,
    };
  };

  // Every job joins before any asks, so the first step already carries every job's root.
  for (const _ of starts) batcher.join();
  const results = await Promise.all(
    starts.map(async (start) => {
      try {
        return [start.job, await runJob(start)] as const;
      } finally {
        batcher.leave();
      }
    }),
  );
  return new Map(results);
}
