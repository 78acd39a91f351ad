import type { HistogramLayout } from '../../risk/model/HistogramLayout.js';
import type { AsyncHistogramSource, NodeExpansion } from '../federated/AsyncHistogramSource.js';
import { histogramEntries } from '../node/createTrainingParty.js';
import type { StepBatcher } from './createStepBatcher.js';

/** Thrown when a member dropped during a tree: its rows left the sums, so the tree starts over without it. */
export class TreeRestart extends Error {
  override name = 'TreeRestart';
}

/**
 * The coordinator's histogram source for one attempt at one tree of one job: each request becomes this job's part
 * of a secure-aggregation step, carrying the splits made since the last request so every party partitions its rows
 * the same way. Row counts are never asked for (they would reveal more than the sums do).
 */
export function createFederatedSource(parameters: {
  batcher: StepBatcher;
  layout: HistogramLayout;
  job: string;
  tree: number;
  attempt: number;
  /** DP: negative hessian sums (noise) are set to 0. */
  noisy: boolean;
}): AsyncHistogramSource {
  const { batcher, layout, job, tree, attempt } = parameters;
  let pending: NodeExpansion[] = [];
  return {
    layout,
    async histogramsFor(nodes, features) {
      const featureList = Array.from(features);
      const splits = pending.map(({ node, split, left, right }) => ({ node, ...split, left, right }));
      pending = [];
      const entries = histogramEntries(layout, nodes.length, featureList);
      const answer = await batcher.request(
        { job, tree, attempt, splits, nodes: [...nodes], features: featureList },
        entries,
      );
      if (answer.dropped.length > 0) throw new TreeRestart(`${answer.dropped.join(', ')} dropped during tree ${tree}`);
      const histograms: Float64Array[] = [];
      let offset = 0;
      for (let k = 0; k < nodes.length; k++) {
        const histogram = new Float64Array(2 * layout.totalBins);
        for (const feature of featureList) {
          const start = 2 * layout.offsets[feature]!;
          const length = 2 * layout.binCounts[feature]!;
          histogram.set(answer.sum.subarray(offset, offset + length), start);
          offset += length;
          if (parameters.noisy)
            for (let i = start + 1; i < start + length; i += 2) if (histogram[i]! < 0) histogram[i] = 0;
        }
        histograms.push(histogram);
      }
      return histograms;
    },
    async splitNodes(expansions) {
      pending.push(...expansions);
      return expansions.map(() => undefined);
    },
  };
}
