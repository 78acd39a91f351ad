import { cpus } from 'node:os';
import { skewedFiveParties } from '../src/deai/federated/partitionSkewed.js';
import { runQualityExperiment } from '../src/deai/federated/runQualityExperiment.js';
import { loadFraudFile } from '../src/deai/fixtures/fraudSample.js';
import { defaultGbdtParams } from '../src/risk/model/gbdtParams.js';
import type { BenchFigure, Benchmark } from './Benchmark.js';

// Federated training (5 parties, skewed split, secure aggregation on) against the same learner trained centrally
// on the union, scored on the same held-out 20 % of eth_fraud_public.csv; then the cost of differential privacy.
// FEDERATED_BENCH_TREES overrides the number of trees (default: the learner's default, 400).
const trees = Number(process.env.FEDERATED_BENCH_TREES ?? defaultGbdtParams.trees);
const epsilons = [1, 4, 16, 64];
// DP settings: few shallow trees, few bins and strong regularisation, so each release is worth its noise.
const privateParams = {
  trees: 20,
  maxDepth: 3,
  learningRate: 0.3,
  colsampleByTree: 0.3,
  maxBins: 16,
  lambda: 10,
  minChildWeight: 5,
  seed: 0,
};

const federatedBench: Benchmark = async () => {
  const params = { ...defaultGbdtParams, trees, seed: 0 };
  const result = await runQualityExperiment({
    dataset: loadFraudFile(),
    parties: skewedFiveParties,
    params,
    seed: 42,
    contribution: true,
    privacy: { epsilons, params: privateParams },
  });
  const { centralized, federated } = result;
  const figures: BenchFigure[] = [
    {
      metric: 'F1 at 0.5, federated (5 skewed parties, secure aggregation)',
      value: federated.f1,
      unit: '',
      reference: `centralized trainGbdt on the union: ${centralized.f1.toFixed(4)} (same run); aim: within 0.005`,
      ratio: federated.f1 / centralized.f1,
      meetsAim: Math.abs(federated.f1 - centralized.f1) <= 0.005,
    },
    {
      metric: 'ROC-AUC, federated',
      value: federated.rocAuc,
      unit: '',
      reference: `centralized: ${centralized.rocAuc.toFixed(5)} (same run)`,
      ratio: federated.rocAuc / centralized.rocAuc,
    },
    {
      metric: 'average precision, federated',
      value: federated.averagePrecision,
      unit: '',
      reference: `centralized: ${centralized.averagePrecision.toFixed(5)} (same run)`,
      ratio: federated.averagePrecision / centralized.averagePrecision,
    },
    {
      metric: 'federated trees identical to centralized training on the union with the same edges (1 = yes)',
      value: federated.identicalToCentralized ? 1 : 0,
      unit: '',
      reference: 'aim: 1 (fixed-point gradients, the federation’s bin edges and encoding)',
      meetsAim: federated.identicalToCentralized,
    },
    {
      metric: 'F1, centralized with the federation’s sketched bin edges',
      value: result.centralizedWithFederatedEdges.f1,
      unit: '',
      reference: `centralized with exact quantile edges: ${centralized.f1.toFixed(4)}`,
      ratio: result.centralizedWithFederatedEdges.f1 / centralized.f1,
    },
    {
      metric: 'bytes sent per tree per node (masked histograms + shares + signatures)',
      value: Math.round(federated.bytesPerTreePerNode),
      unit: 'B',
    },
    {
      metric: 'time per tree, federated (coordinator + 5 parties in one process)',
      value: federated.msPerTree,
      unit: 'ms',
      reference: `centralized: ${centralized.msPerTree.toFixed(1)} ms per tree (same run)`,
      ratio: federated.msPerTree / centralized.msPerTree,
    },
    {
      metric: 'CPU time per tree, federated (all six actors)',
      value: federated.cpuMsPerTree,
      unit: 'ms',
      reference: `centralized: ${centralized.cpuMsPerTree.toFixed(1)} ms`,
      ratio: federated.cpuMsPerTree / centralized.cpuMsPerTree,
    },
  ];
  for (const row of result.privacy)
    figures.push({
      metric: `F1 with differential privacy, target ε = ${row.epsilon} (δ = 1e-5; spent ε = ${row.spentEpsilon.toFixed(2)})`,
      value: row.federated.f1,
      unit: '',
      reference: `same settings without DP: ${row.nonPrivate.f1.toFixed(4)}; ROC-AUC ${row.federated.rocAuc.toFixed(4)} vs ${row.nonPrivate.rocAuc.toFixed(4)}`,
      ratio: row.federated.f1 / row.nonPrivate.f1,
    });
  const contributions = federated.report.contributions
    .map((entry, i) => `party ${i} ${(100 * entry.share).toFixed(1)} % (${entry.status})`)
    .join(', ');
  return {
    name: 'federated',
    title: 'Federated training: 5 skewed parties vs centralized, secure aggregation and DP',
    figures,
    notes: [
      `Data: eth_fraud_public.csv, stratified split (seed 42, identical rows kept together): 70 % split among 5 parties,`,
      `10 % the coordinator's validation set, 20 % held-out test. Parties (rows, fraud rate): ${result.parties
        .map((party) => `${party.rows} at ${(100 * party.fraudRate).toFixed(0)} %`)
        .join('; ')}.`,
      `Both sides: the risk engine's learner with its defaults (${params.trees} trees, depth ${params.maxDepth}, eta ${params.learningRate},`,
      `colsample ${params.colsampleByTree}, 256 bins). Centralized = trainGbdt on the union with exact quantile edges; federated = the`,
      `protocol in one process over the in-process transport (every message signed, serialised and verified; pairwise and`,
      `self masks in Z_2^64, Shamir t = 3 of 5), bin edges from the secure-aggregated log-bucket sketch. DP rows: ${privateParams.trees} trees,`,
      `depth ${privateParams.maxDepth}, eta ${privateParams.learningRate}, colsample ${privateParams.colsampleByTree}, ${privateParams.maxBins} bins, lambda ${privateParams.lambda},`,
      `min child weight ${privateParams.minChildWeight}, clip |g| ≤ 1, h ≤ 0.25, distributed Gaussian noise, zCDP accounting.`,
      `Contribution shares (Shapley, exact over 31 coalitions): ${contributions}.`,
      `Time per tree counts everything the six actors do on one thread; load average per core at start ${result.loadAtStart.toFixed(1)}`,
      `on ${cpus().length} cores (shared machine).`,
    ].join(' '),
  };
};

export default federatedBench;
