import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { compileTreeShapForest, treeShapTableSize } from '../src/risk/model/compileTreeShapForest.js';
import { createRecursiveTreeShapExplainer } from '../src/risk/model/createRecursiveTreeShapExplainer.js';
import { createTreeShapExplainer, type TreeShapExplainer } from '../src/risk/model/createTreeShapExplainer.js';
import { encodeFeatures } from '../src/risk/model/encodeFeatures.js';
import type { FeatureMatrix } from '../src/risk/model/FeatureEncoding.js';
import { loadFraudDataset } from '../src/risk/model/loadFraudDataset.js';
import { trainFraudModel } from '../src/risk/model/trainFraudModel.js';
import type { BenchFigure, Benchmark } from './Benchmark.js';

// The table-based explainer against the recursive Algorithm 2 it replaced, on the production fraud model, one row
// per call as the screening endpoint explains. Both are timed in alternating short runs, best of `rounds` each, so
// that the shared machine's load falls on both alike.
//
// Twice: first with one explainer of each kind in the process, as a server with one model has; then after two more
// of each were built (a model reloaded, or a process that explains with several models). V8 compiles the code of the
// first closure for its own context only; once a function has several closures it compiles code that serves all of
// them, which is slower for both explainers.
const csvPath = fileURLToPath(new URL('../../shared/data/eth-fraud/eth_fraud_public.csv', import.meta.url));
const rounds = 40;
const rowsPerRun = 200;

const treeShapBench: Benchmark = async () => {
  const loadAtStart = loadavg()[0]!;
  const model = trainFraudModel({ csvPath, seed: 42 });
  const dataset = loadFraudDataset({ csvPath, features: model.encoding.features });
  const inputs = encodeFeatures(model.encoding, dataset);

  const setUpTimes: number[] = [];
  const build = () => {
    const started = performance.now();
    const tables = createTreeShapExplainer(model);
    setUpTimes.push(performance.now() - started);
    return { tables, recursive: createRecursiveTreeShapExplainer(model) };
  };

  const first = build();
  const exactness = compare(first.tables, first.recursive, inputs, model.featureCount);
  const alone = time(first, inputs, model.featureCount);
  build();
  const later = time(build(), inputs, model.featureCount);

  const explained = model.trees.filter((tree) => tree.feature[0] !== -1);
  const forest = compileTreeShapForest(explained, model.featureCount);
  const forestBytes = forest.ints.byteLength + forest.floats.byteLength + forest.usedFeatures.byteLength;
  const tableBytes = explained.reduce((sum, tree) => sum + 8 * treeShapTableSize(tree), 0);
  const leaves = model.trees.reduce((sum, tree) => sum + tree.feature.filter((f) => f === -1).length, 0);

  const speed = (metric: string, timing: Timing): BenchFigure => ({
    metric,
    value: Math.round(timing.tables),
    unit: 'rows/s',
    reference: `recursive Algorithm 2 (the explainer before): ${Math.round(timing.recursive)} rows/s (same run, same model)`,
    ratio: timing.tables / timing.recursive,
  });
  return {
    name: 'treeShap',
    title: 'TreeSHAP explanations of the fraud model: per-leaf tables vs the recursive Algorithm 2',
    figures: [
      speed('rows explained per second, one core, one explainer in the process', alone),
      speed('rows explained per second, one core, after two more explainers were built', later),
      {
        metric: `largest absolute difference from the recursive values, all ${inputs.rowCount} rows`,
        value: exactness.largest,
        unit: 'log-odds',
        reference: `aim ≤ 1e-9 relative; largest relative ${exactness.largestRelative.toExponential(2)}`,
        meetsAim: exactness.largestRelative <= 1e-9,
      },
      { metric: 'expected value identical to the recursive one (1 = yes)', value: exactness.sameExpected, unit: '' },
      { metric: 'set-up per model, best of 3', value: Math.min(...setUpTimes), unit: 'ms' },
      {
        metric: 'compiled trees and tables',
        value: forestBytes / 2 ** 20,
        unit: 'MiB',
        reference: `tables alone ${(tableBytes / 2 ** 20).toFixed(2)} MiB; at most 12.5 MiB for 400 full depth-6 trees`,
      },
    ],
    notes: [
      `Model: trainFraudModel on eth_fraud_public.csv with seed 42 and the default settings (${model.trees.length} trees,`,
      `max depth ${model.params.maxDepth}, ${leaves} leaves, ${model.trees.length - explained.length} of the trees a single leaf).`,
      `Each run explains ${rowsPerRun} rows one call at a time (every 31st row of the file, wrapping); best of ${rounds}`,
      'runs each, alternating. Differences are over every row of the file.',
      `Load average when the run started: ${loadAtStart.toFixed(1)} on ${cpus().length} cores (shared machine).`,
    ].join(' '),
  };
};

export default treeShapBench;

type Timing = { tables: number; recursive: number };

/** Rows per second of each explainer. */
function time(
  explainers: { tables: TreeShapExplainer; recursive: TreeShapExplainer },
  inputs: FeatureMatrix,
  featureCount: number,
): Timing {
  const phi = new Float64Array(featureCount);
  const best = { tables: Number.POSITIVE_INFINITY, recursive: Number.POSITIVE_INFINITY };
  for (let round = 0; round <= rounds; round++)
    for (const name of ['recursive', 'tables'] as const) {
      const explainer = explainers[name];
      const started = performance.now();
      for (let row = 0; row < rowsPerRun; row++) explainer.explain(inputs.columns, (row * 31) % inputs.rowCount, phi);
      // Round 0 warms up.
      if (round > 0) best[name] = Math.min(best[name], (performance.now() - started) / 1000);
    }
  return { tables: rowsPerRun / best.tables, recursive: rowsPerRun / best.recursive };
}

function compare(fast: TreeShapExplainer, reference: TreeShapExplainer, inputs: FeatureMatrix, featureCount: number) {
  const phi = new Float64Array(featureCount);
  const expected = new Float64Array(featureCount);
  let largest = 0;
  let largestRelative = 0;
  for (let row = 0; row < inputs.rowCount; row++) {
    fast.explain(inputs.columns, row, phi);
    reference.explain(inputs.columns, row, expected);
    for (let f = 0; f < featureCount; f++) {
      const difference = Math.abs(phi[f]! - expected[f]!);
      largest = Math.max(largest, difference);
      if (expected[f] !== 0) largestRelative = Math.max(largestRelative, difference / Math.abs(expected[f]!));
    }
  }
  return { largest, largestRelative, sameExpected: fast.expectedValue === reference.expectedValue ? 1 : 0 };
}
