import { createHmac } from 'node:crypto';
import { ValidationError } from '../../errors/BaseError.js';
import { type BinnedMatrix, createBinnedMatrix } from '../../risk/model/createBinnedMatrix.js';
import { createLocalHistogramSource } from '../../risk/model/createLocalHistogramSource.js';
import { encodeFeatures } from '../../risk/model/encodeFeatures.js';
import type { FeatureEncoding, FeatureMatrix } from '../../risk/model/FeatureEncoding.js';
import { createHistogramLayout, type HistogramLayout } from '../../risk/model/HistogramLayout.js';
import type { HistogramSource } from '../../risk/model/HistogramSource.js';
import type { FraudDataset } from '../../risk/model/loadFraudDataset.js';
import { addTree } from '../../risk/model/predictMargins.js';
import type { Tree } from '../../risk/model/Tree.js';
import { computeGradients } from '../federated/computeGradients.js';
import { type SketchGrid, sketchBoundaries, sketchBucket } from '../federated/sketchGrid.js';
import type { AggregationTask, CoordinatorMessagePayload, HistogramPart } from '../protocol/coordinatorMessages.js';

type PreparedFeatures = {
  encoding: FeatureEncoding;
  inputs: FeatureMatrix;
  binned?: { matrix: BinnedMatrix; layout: HistogramLayout } | undefined;
};

type Job = {
  job: string;
  member: boolean;
  features: PreparedFeatures;
  scalePosWeight: number;
  clip: { gradient: number; hessian: number } | null;
  margins: Float64Array;
  gradients: Float64Array;
  hessians: Float64Array;
  treesApplied: number;
  tree?: { index: number; attempt: number; source: HistogramSource } | undefined;
};

/**
 * A data contributor's rows and everything computed from them: its category vocabulary and counts, its bin sketch,
 * its class counts, its gradient histograms for the nodes the coordinator asks about, and its row fingerprint.
 * The rows never leave this object; only these aggregates do, and only through secure aggregation.
 * @example const party = createTrainingParty(loadFraudDataset({ csvPath, features: fraudFeatures, requireLabel: true }))
 */
export function createTrainingParty(dataset: FraudDataset) {
  const labels = dataset.labels;
  if (!labels)
    throw new ValidationError(`${dataset.source}: a data contributor needs the FLAG column`, { field: 'column FLAG' });
  const prepared = new Map<string, PreparedFeatures>();
  let jobs = new Map<string, Job>();
  let positives = 0;
  for (const label of labels) positives += label;

  return {
    rows: dataset.rowCount,
    positives,

    /** Distinct values of each categorical column (sorted): the only row-derived text a party reveals. */
    vocabulary(): { feature: string; values: string[] }[] {
      return dataset.columns
        .filter((column) => column.kind === 'categorical')
        .map((column) => ({
          feature: column.name,
          values: [...new Set(column.values.filter((value): value is string => value !== null))].sort(),
        }));
    },

    /** How many of this party's rows hold each category of the merged vocabulary, in its order. */
    categoryCounts(vocabulary: readonly { feature: string; values: readonly string[] }[]): Float64Array {
      const counts = new Float64Array(vocabulary.reduce((sum, entry) => sum + entry.values.length, 0));
      let offset = 0;
      for (const { feature, values } of vocabulary) {
        const column = dataset.columns.find((candidate) => candidate.name === feature);
        const index = new Map(values.map((value, i) => [value, i]));
        if (column?.kind === 'categorical')
          for (const value of column.values) {
            const i = value === null ? undefined : index.get(value);
            if (i !== undefined) counts[offset + i]! += 1;
          }
        offset += values.length;
      }
      return counts;
    },

    /** Encodes the rows with the federation's encoding, and bins them once edges are agreed. */
    setFeatures(featuresId: string, encoding: FeatureEncoding, binEdges: readonly number[][] | null): void {
      const inputs = encodeFeatures(encoding, dataset);
      const binned = binEdges
        ? (() => {
            const matrix = createBinnedMatrix(inputs, binEdges);
            return { matrix, layout: createHistogramLayout(matrix.binCounts) };
          })()
        : undefined;
      prepared.set(featuresId, { encoding, inputs, binned });
    },

    /** Counts of this party's encoded values per sketch bucket, feature after feature. */
    sketch(featuresId: string, grid: SketchGrid): Float64Array {
      const features = requireFeatures(featuresId);
      const boundaries = sketchBoundaries(grid);
      const buckets = boundaries.length + 1;
      const counts = new Float64Array(features.inputs.columns.length * buckets);
      for (const [feature, column] of features.inputs.columns.entries())
        for (const value of column) {
          const bucket = sketchBucket(boundaries, value);
          if (bucket >= 0) counts[feature * buckets + bucket]! += 1;
        }
      return counts;
    },

    /** [fraud rows, rows]: the class prior's numerator and denominator. */
    prior(): Float64Array {
      return Float64Array.of(positives, dataset.rowCount);
    },

    /** Starts the announced jobs, dropping earlier ones (the coordinator trains one batch of jobs at a time). */
    startJobs(start: CoordinatorMessagePayload<'jobStart'>, me: string): void {
      jobs = new Map();
      for (const entry of start.jobs) {
        const features = requireFeatures(entry.featuresId);
        if (!features.binned) throw new ValidationError(`features ${entry.featuresId} have no bin edges yet`);
        const rowCount = dataset.rowCount;
        jobs.set(entry.job, {
          job: entry.job,
          member: entry.members.some((address) => address.toLowerCase() === me.toLowerCase()),
          features,
          scalePosWeight: entry.scalePosWeight,
          clip: entry.clip,
          margins: new Float64Array(rowCount).fill(entry.baseScore),
          gradients: new Float64Array(rowCount),
          hessians: new Float64Array(rowCount),
          treesApplied: 0,
        });
      }
    },

    /** Adds finished trees to this party's margins (the coordinator's "model update"). */
    applyTrees(update: CoordinatorMessagePayload<'treeUpdate'>): void {
      for (const { job: id, index, tree } of update.updates) {
        const job = jobs.get(id);
        if (!job?.member) continue;
        if (index !== job.treesApplied)
          throw new ValidationError(`tree ${index} of job ${id} arrived, expected tree ${job.treesApplied}`);
        addTree(tree as Tree, job.features.inputs, job.margins);
        job.treesApplied++;
        job.tree = undefined;
      }
    },

    /** The vector this party adds up in an aggregation step (zeros for what it is not a member of). */
    contribution(task: AggregationTask, me: string): Float64Array {
      const isMember = (members: readonly string[]) =>
        members.some((address) => address.toLowerCase() === me.toLowerCase());
      switch (task.kind) {
        case 'prior': {
          const out = new Float64Array(2 * task.parts.length);
          for (const [k, part] of task.parts.entries()) if (isMember(part.members)) out.set(this.prior(), 2 * k);
          return out;
        }
        case 'categoryCounts': {
          const counts = this.categoryCounts(task.vocabulary);
          return isMember(task.members) ? counts : counts.fill(0);
        }
        case 'binSketch': {
          const counts = this.sketch(task.featuresId, task.grid);
          return isMember(task.members) ? counts : counts.fill(0);
        }
        case 'histograms': {
          const vectors = task.parts.map((part) => this.histograms(part));
          const out = new Float64Array(vectors.reduce((sum, vector) => sum + vector.length, 0));
          let offset = 0;
          for (const vector of vectors) {
            out.set(vector, offset);
            offset += vector.length;
          }
          return out;
        }
      }
    },

    /** This party's gradient/hessian histograms of one job's requested nodes and features, concatenated. */
    histograms(part: HistogramPart): Float64Array {
      const job = jobs.get(part.job);
      if (!job) throw new ValidationError(`histograms asked for job ${part.job}, which has not started`);
      const { matrix, layout } = job.features.binned!;
      const out = new Float64Array(histogramEntries(layout, part.nodes.length, part.features));
      if (!job.member) return out;
      if (part.tree !== job.treesApplied)
        throw new ValidationError(
          `histograms asked for tree ${part.tree} of job ${part.job}, but ${job.treesApplied} trees are applied`,
        );
      if (!job.tree || job.tree.index !== part.tree || job.tree.attempt !== part.attempt) {
        computeGradients(
          job.margins,
          labels,
          { scalePosWeight: job.scalePosWeight, quantize: true, clip: job.clip },
          job.gradients,
          job.hessians,
        );
        const rows = Uint32Array.from({ length: dataset.rowCount }, (_, i) => i);
        const source = createLocalHistogramSource({
          matrix,
          layout,
          gradients: job.gradients,
          hessians: job.hessians,
          rows,
        });
        job.tree = { index: part.tree, attempt: part.attempt, source };
      }
      const { source } = job.tree;
      for (const split of part.splits)
        source.splitNode(
          split.node,
          { feature: split.feature, bin: split.bin, defaultLeft: split.defaultLeft },
          split.left,
          split.right,
        );
      let offset = 0;
      for (const node of part.nodes) {
        const histogram = source.histogramsFor(node, part.features);
        for (const feature of part.features) {
          const start = 2 * layout.offsets[feature]!;
          const length = 2 * layout.binCounts[feature]!;
          out.set(histogram.subarray(start, start + length), offset);
          offset += length;
        }
      }
      return out;
    },

    /**
     * The k smallest keyed hashes of this party's rows (features and label), a bottom-k sketch: two parties' sketches
     * estimate how much their rows overlap, while the key (shared among the parties, not the coordinator) keeps the
     * hashes meaningless to the coordinator.
     */
    fingerprint(groupKey: Uint8Array, k = 256): string[] {
      const hashes = new Set<string>();
      for (let row = 0; row < dataset.rowCount; row++) {
        const text = `${dataset.columns.map((column) => String(column.values[row] ?? '')).join('\u0001')}\u0002${labels[row]}`;
        hashes.add(createHmac('sha256', groupKey).update(text).digest('hex').slice(0, 16));
      }
      return [...hashes].sort().slice(0, k);
    },
  };

  function requireFeatures(featuresId: string): PreparedFeatures {
    const features = prepared.get(featuresId);
    if (!features) throw new ValidationError(`features ${featuresId} were never announced`);
    return features;
  }
}

export type TrainingParty = ReturnType<typeof createTrainingParty>;

/** Entries (gradient and hessian per bin) of a histogram request: nodes × Σ over features of 2 × bins. */
export function histogramEntries(layout: HistogramLayout, nodes: number, features: readonly number[]): number {
  return nodes * features.reduce((sum, feature) => sum + 2 * layout.binCounts[feature]!, 0);
}
