import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTreeShapExplainer } from '../src/risk/model/createTreeShapExplainer.js';
import { encodeFeatures } from '../src/risk/model/encodeFeatures.js';
import type { FeatureMatrix } from '../src/risk/model/FeatureEncoding.js';
import { fitFeatureEncoding } from '../src/risk/model/fitFeatureEncoding.js';
import { defaultGbdtParams, type GbdtParams } from '../src/risk/model/gbdtParams.js';
import { groupIdenticalRows } from '../src/risk/model/groupIdenticalRows.js';
import { loadFraudDataset } from '../src/risk/model/loadFraudDataset.js';
import { averagePrecision, f1Score, rocAuc } from '../src/risk/model/metrics.js';
import { predictMargins } from '../src/risk/model/predictMargins.js';
import { stratifiedSplit } from '../src/risk/model/stratifiedSplit.js';
import { trainGbdt } from '../src/risk/model/trainGbdt.js';
import type { BenchFigure, Benchmark } from './Benchmark.js';

// Tandem's learner against XGBoost 1.7 (Debian's python3-xgboost, if it imports) on the same held-out split of the
// eth-fraud data, with the same settings. Both read the same encoded rows (written to temporary CSVs); both are timed
// best of `repeats` because this machine is shared; metrics of both come from the same TypeScript code.
const csvPath = fileURLToPath(new URL('../../shared/data/eth-fraud/eth_fraud_public.csv', import.meta.url));
const published = { f1: 0.956, rocAuc: 0.998, seconds: 0.56 };
const repeats = 5;
const mainSeed = 42;
const extraSeeds = [1, 2, 3, 4];

type Split = {
  name: string;
  encoding: ReturnType<typeof fitFeatureEncoding>;
  train: FeatureMatrix;
  trainLabels: Uint8Array;
  test: FeatureMatrix;
  testLabels: Uint8Array;
};
type Scores = { f1: number; rocAuc: number; averagePrecision: number };

const fraudModelBench: Benchmark = async () => {
  const loadAtStart = loadavg()[0]!;
  const params: GbdtParams = { ...defaultGbdtParams, trees: 400, maxDepth: 6, earlyStoppingRounds: 0, seed: 0 };
  const dataset = loadFraudDataset({ csvPath });
  const groups = groupIdenticalRows(dataset);
  const makeSplit = (seed: number): Split => {
    const { train, test } = stratifiedSplit(dataset.labels!, { validation: 0, test: 0.2, seed, groups });
    const encoding = fitFeatureEncoding(dataset, train);
    const labelsOf = (rows: Uint32Array) => Uint8Array.from(rows, (row) => dataset.labels![row]!);
    return {
      name: `seed${seed}`,
      encoding,
      train: encodeFeatures(encoding, dataset, train),
      trainLabels: labelsOf(train),
      test: encodeFeatures(encoding, dataset, test),
      testLabels: labelsOf(test),
    };
  };
  const splits = [mainSeed, ...extraSeeds].map(makeSplit);

  // Tandem: best-of-N training time on the main split, one training per extra split.
  const ours: Scores[] = [];
  let ourSeconds = Number.POSITIVE_INFINITY;
  let ourCpuSeconds = Number.POSITIVE_INFINITY;
  let model: ReturnType<typeof trainGbdt>['model'] | undefined;
  for (const [index, split] of splits.entries()) {
    for (let run = 0; run < (index === 0 ? repeats : 1); run++) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      const result = trainGbdt({ train: { inputs: split.train, labels: split.trainLabels }, params });
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuStarted);
      if (index === 0) {
        ourSeconds = Math.min(ourSeconds, seconds);
        ourCpuSeconds = Math.min(ourCpuSeconds, (cpu.user + cpu.system) / 1e6);
        model = result.model;
      }
      if (run === 0) ours.push(scoresOf(split.testLabels, probabilities(predictMargins(result.model, split.test))));
    }
  }
  if (!model) throw new Error('unreachable: the main split was trained');

  // Batch scoring throughput, one thread: plain scores, then scores with TreeSHAP explanations.
  // Every row of the file, encoded as the main model was trained.
  const all = encodeFeatures(splits[0]!.encoding, dataset);
  const scoringRowsPerSecond = rate(() => predictMargins(model, all), all.rowCount);
  const explainer = createTreeShapExplainer(model);
  const phi = new Float64Array(model.featureCount);
  const explainedRows = 1000;
  const explainedRowsPerSecond = rate(() => {
    for (let row = 0; row < explainedRows; row++) explainer.explain(all.columns, row * 7, phi);
  }, explainedRows);

  const xgboost = runXgboost(splits, params);
  const figures: BenchFigure[] = [];
  const ourMain = ours[0]!;
  const meanOf = (list: Scores[], key: keyof Scores) => list.reduce((sum, s) => sum + s[key], 0) / list.length;
  if (xgboost) {
    const theirs = xgboost.scores[0]!;
    const versus = (value: number, reference: number, metric: string, unit: string, higherIsBetter = true, slack = 1) =>
      figures.push({
        metric,
        value,
        unit,
        reference: `XGBoost ${xgboost.version}: ${reference.toPrecision(4)} (same run)`,
        ratio: value / reference,
        meetsAim: higherIsBetter ? value >= reference : value <= reference * slack,
      });
    versus(ourMain.f1, theirs.f1, 'F1 at 0.5, held-out 20%', '');
    versus(ourMain.rocAuc, theirs.rocAuc, 'ROC-AUC, held-out 20%', '');
    versus(ourMain.averagePrecision, theirs.averagePrecision, 'average precision, held-out 20%', '');
    // XGBoost at its best: on a busy machine its two OpenMP threads spin-wait and one thread is faster.
    const xgboostBest = Math.min(xgboost.seconds, xgboost.singleThreadSeconds);
    figures.push({
      metric: 'training time, one thread (aim ≤ 2× XGBoost)',
      value: ourSeconds,
      unit: 's',
      reference: `XGBoost ${xgboost.version}: ${xgboostBest.toPrecision(3)} s, the faster of nthread=2 and nthread=1 (same run)`,
      ratio: ourSeconds / xgboostBest,
      meetsAim: ourSeconds <= 2 * xgboostBest,
    });
    versus(meanOf(ours, 'f1'), meanOf(xgboost.scores, 'f1'), `mean F1 over ${splits.length} split seeds`, '');
    versus(
      meanOf(ours, 'rocAuc'),
      meanOf(xgboost.scores, 'rocAuc'),
      `mean ROC-AUC over ${splits.length} split seeds`,
      '',
    );
    figures.push(
      {
        metric: 'XGBoost F1 at 0.5',
        value: theirs.f1,
        unit: '',
        reference: `published ${published.f1}`,
        ratio: theirs.f1 / published.f1,
      },
      {
        metric: 'XGBoost ROC-AUC',
        value: theirs.rocAuc,
        unit: '',
        reference: `published ${published.rocAuc}`,
        ratio: theirs.rocAuc / published.rocAuc,
      },
      { metric: 'XGBoost average precision', value: theirs.averagePrecision, unit: '' },
      {
        metric: 'XGBoost training time, 2 threads',
        value: xgboost.seconds,
        unit: 's',
        reference: `published ${published.seconds} s`,
        ratio: xgboost.seconds / published.seconds,
      },
      { metric: 'XGBoost training time, 1 thread', value: xgboost.singleThreadSeconds, unit: 's' },
    );
    versus(ourCpuSeconds, xgboost.singleThreadCpuSeconds, 'training CPU time vs XGBoost on 1 thread', 's', false, 2);
  } else {
    const versus = (value: number, reference: number, metric: string, unit: string, higherIsBetter = true) =>
      figures.push({
        metric,
        value,
        unit,
        reference: `XGBoost 1.7 published: ${reference} (XGBoost not installed here)`,
        ratio: value / reference,
        meetsAim: higherIsBetter ? value >= reference : value <= 2 * reference,
      });
    versus(ourMain.f1, published.f1, 'F1 at 0.5, held-out 20%', '');
    versus(ourMain.rocAuc, published.rocAuc, 'ROC-AUC, held-out 20%', '');
    figures.push({ metric: 'average precision, held-out 20%', value: ourMain.averagePrecision, unit: '' });
    versus(ourSeconds, published.seconds, 'training time (aim ≤ 2× XGBoost)', 's', false);
  }
  figures.push(
    { metric: 'batch scoring, one core', value: Math.round(scoringRowsPerSecond), unit: 'rows/s' },
    {
      metric: 'batch scoring with TreeSHAP explanations, one core',
      value: Math.round(explainedRowsPerSecond),
      unit: 'rows/s',
    },
    {
      metric: 'trees × leaves in the model',
      value: model.trees.reduce((sum, t) => sum + t.feature.filter((f) => f === -1).length, 0),
      unit: 'leaves',
    },
  );

  return {
    name: 'fraudModel',
    title: 'Fraud model: Tandem GBDT vs XGBoost 1.7 on eth-fraud',
    figures,
    notes: [
      `Data: eth_fraud_public.csv (7,975 rows), stratified 80/20 split with seed ${mainSeed}, identical feature rows kept on one side;`,
      `categorical token columns frequency-encoded on the training rows; both learners read the same encoded rows.`,
      `Settings for both: hist, ${params.trees} trees, max depth ${params.maxDepth}, eta ${params.learningRate}, min child weight ${params.minChildWeight},`,
      `lambda ${params.lambda}, gamma ${params.gamma}, subsample ${params.subsample}, colsample_bytree ${params.colsampleByTree}, 256 bins,`,
      `base score = training prior. Tandem runs on one thread; XGBoost with nthread=2. Training time is the best of ${repeats}`,
      `(XGBoost: DMatrix + train). Mean figures over split seeds ${[mainSeed, ...extraSeeds].join(', ')}.`,
      xgboost
        ? `XGBoost ran as ${xgboost.python}.`
        : 'XGBoost was not importable by python3, so the published figures stand in.',
      `Load average when the run started: ${loadAtStart.toFixed(1)} on ${cpus().length} cores; the machine is shared, so`,
      'wall-clock times are noisy and CPU times are given too.',
    ].join(' '),
  };
};

export default fraudModelBench;

function scoresOf(labels: Uint8Array, p: Float64Array): Scores {
  return { f1: f1Score(labels, p, 0.5), rocAuc: rocAuc(labels, p), averagePrecision: averagePrecision(labels, p) };
}

function probabilities(margins: Float64Array): Float64Array {
  return margins.map((m) => 1 / (1 + Math.exp(-m)));
}

/** Rows per second of `work`, best of a few timed runs after a warm-up. */
function rate(work: () => void, rows: number): number {
  work();
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    work();
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return rows / best;
}

function findPython(): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import xgboost'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return undefined;
}

function writeCsv(path: string, inputs: FeatureMatrix, labels: Uint8Array): void {
  const lines: string[] = [];
  for (let row = 0; row < inputs.rowCount; row++) {
    const cells = [String(labels[row])];
    for (const column of inputs.columns) {
      const value = column[row]!;
      cells.push(Number.isNaN(value) ? '' : String(value));
    }
    lines.push(cells.join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

const xgboostScript = `
import json, sys, time
import numpy as np
import xgboost as xgb
job = json.load(open(sys.argv[1]))
out = {"version": xgb.__version__, "seconds": [], "single_thread_seconds": [], "single_thread_cpu_seconds": []}
for index, split in enumerate(job["splits"]):
    train = np.genfromtxt(split["train"], delimiter=",")
    test = np.genfromtxt(split["test"], delimiter=",")
    repeats = job["repeats"] if index == 0 else 1
    for run in range(repeats):
        started = time.perf_counter()
        dtrain = xgb.DMatrix(train[:, 1:], label=train[:, 0], missing=np.nan)
        booster = xgb.train(dict(job["params"], base_score=split["baseScore"]), dtrain, num_boost_round=job["rounds"])
        seconds = time.perf_counter() - started
        if index == 0:
            out["seconds"].append(seconds)
        if index == 0:
            # The same training on one thread, like Tandem's.
            started = time.perf_counter()
            cpu_started = time.process_time()
            dtrain = xgb.DMatrix(train[:, 1:], label=train[:, 0], missing=np.nan, nthread=1)
            xgb.train(dict(job["params"], base_score=split["baseScore"], nthread=1), dtrain, num_boost_round=job["rounds"])
            out["single_thread_seconds"].append(time.perf_counter() - started)
            out["single_thread_cpu_seconds"].append(time.process_time() - cpu_started)
    predictions = booster.predict(xgb.DMatrix(test[:, 1:], missing=np.nan))
    np.savetxt(split["predictions"], predictions, fmt="%.17g")
json.dump(out, sys.stdout)
`;

function runXgboost(
  splits: Split[],
  params: GbdtParams,
):
  | {
      version: string;
      python: string;
      seconds: number;
      singleThreadSeconds: number;
      singleThreadCpuSeconds: number;
      scores: Scores[];
    }
  | undefined {
  const python = findPython();
  if (!python) return undefined;
  const folder = mkdtempSync(join(tmpdir(), 'tandem-fraud-bench-'));
  try {
    const jobSplits = splits.map((split) => {
      const paths = {
        train: join(folder, `${split.name}-train.csv`),
        test: join(folder, `${split.name}-test.csv`),
        predictions: join(folder, `${split.name}-predictions.txt`),
      };
      writeCsv(paths.train, split.train, split.trainLabels);
      writeCsv(paths.test, split.test, split.testLabels);
      // Tandem starts from the (weighted) training prior; XGBoost 1.7 from 0.5 unless told.
      const positives = split.trainLabels.reduce((sum, label) => sum + label, 0);
      const weighted = positives * params.scalePosWeight;
      const prior = weighted / (weighted + split.trainLabels.length - positives);
      return { ...paths, baseScore: params.baseScore === 'prior' ? prior : params.baseScore };
    });
    const job = {
      repeats,
      rounds: params.trees,
      splits: jobSplits,
      params: {
        objective: 'binary:logistic',
        tree_method: 'hist',
        nthread: 2,
        max_depth: params.maxDepth,
        max_leaves: params.maxLeaves,
        eta: params.learningRate,
        min_child_weight: params.minChildWeight,
        lambda: params.lambda,
        gamma: params.gamma,
        subsample: params.subsample,
        colsample_bytree: params.colsampleByTree,
        scale_pos_weight: params.scalePosWeight,
        max_bin: params.maxBins,
        seed: params.seed,
      },
    };
    const jobPath = join(folder, 'job.json');
    writeFileSync(jobPath, JSON.stringify(job));
    const scriptPath = join(folder, 'xgboost_bench.py');
    writeFileSync(scriptPath, xgboostScript);
    const run = spawnSync(python, [scriptPath, jobPath], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (run.status !== 0) throw new Error(`XGBoost comparison failed: ${run.stderr}`);
    const result = JSON.parse(run.stdout) as {
      version: string;
      seconds: number[];
      single_thread_seconds: number[];
      single_thread_cpu_seconds: number[];
    };
    const scores = splits.map((split, index) => {
      const text = readFileSync(jobSplits[index]!.predictions, 'utf8');
      const p = Float64Array.from(text.trim().split('\n'), Number);
      return scoresOf(split.testLabels, p);
    });
    return {
      version: result.version,
      python,
      seconds: Math.min(...result.seconds),
      singleThreadSeconds: Math.min(...result.single_thread_seconds),
      singleThreadCpuSeconds: Math.min(...result.single_thread_cpu_seconds),
      scores,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
