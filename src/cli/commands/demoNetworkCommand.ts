import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { RoundReport } from '../../deai/coordinator/RoundReport.js';
import { fraudFeatures } from '../../deai/federated/fraudFeatures.js';
import { type PartySpec, partitionSkewed, skewedFiveParties } from '../../deai/federated/partitionSkewed.js';
import { sliceDataset } from '../../deai/federated/sliceDataset.js';
import { trainCentralized } from '../../deai/federated/trainCentralized.js';
import { measureTrainingCurve } from '../../deai/onchain/measureTrainingCurve.js';
import type { PublishRoundReturnType } from '../../deai/onchain/publishRound.js';
import { toNetworkRoundReport } from '../../deai/onchain/toNetworkRoundReport.js';
import type { ModelVerification } from '../../deai/onchain/verifyModelHash.js';
import { NonRetryableError, ValidationError } from '../../errors/BaseError.js';
import { encryptKeystoreFile } from '../../keys/keystoreFile.js';
import { parseDecimalAmount } from '../../money/parseDecimalAmount.js';
import { encodeFeatures } from '../../risk/model/encodeFeatures.js';
import { evaluateModel } from '../../risk/model/evaluateModel.js';
import { loadFraudDataset } from '../../risk/model/loadFraudDataset.js';
import { loadModel } from '../../risk/model/modelFile.js';
import { parseCsv } from '../../risk/model/parseCsv.js';
import { commandConfig } from '../commandConfig.js';
import { createCliClient } from '../createCliClient.js';
import { formatMinor, printJson, printTable } from '../output.js';
import { runNetworkProcesses } from '../runNetworkProcesses.js';

const defaultDataPath = fileURLToPath(
  new URL('../../../../shared/data/eth-fraud/eth_fraud_public.csv', import.meta.url),
);
const tokenDecimals = 18;

type DemoOptions = {
  parties: number;
  trees: number;
  epsilon?: number;
  budget: string;
  data: string;
  seed: number;
  json?: boolean;
};

type Claim = { epoch: number; account: string; amount: string; status: string; txHash: string | null };

const integer = (flag: string, min: number, max: number) => (value: string) => {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max)
    throw new ValidationError(`${flag} must be a whole number from ${min} to ${max}, not "${value}".`, { field: flag });
  return number;
};
const positive = (flag: string) => (value: string) => {
  const number = Number(value);
  if (!(number > 0) || !Number.isFinite(number))
    throw new ValidationError(`${flag} must be a positive number, not "${value}".`, { field: flag });
  return number;
};

/** `demo` may hold other demonstrations: whoever registers first creates it. */
function demoCommand(program: Command): Command {
  return (
    program.commands.find((command) => command.name() === 'demo') ??
    program.command('demo').description('End-to-end demonstrations on this data folder')
  );
}

export function registerDemoNetworkCommand(program: Command) {
  demoCommand(program)
    .command('network')
    .description(
      'train the fraud model with N parties on a skewed split of the eth-fraud data (secure aggregation, optional DP), ' +
        'measure each one’s contribution, publish the model and the rewards on chain, claim them, and compare with ' +
        'centralized training',
    )
    .option('--parties <n>', 'data contributors', integer('--parties', 3, 20), 5)
    .option('--trees <n>', 'boosting rounds', integer('--trees', 1, 500), 20)
    .option('--epsilon <e>', 'train with differential privacy at this epsilon (delta 1e-5)', positive('--epsilon'))
    .option('--budget <tokens>', 'the epoch’s reward in tokens', '1000')
    .option('--data <csv>', 'labeled eth-fraud CSV', defaultDataPath)
    .option('--seed <n>', 'seed of the split and the learner', integer('--seed', 0, 2 ** 31), 1)
    .option('--json', 'machine-readable output')
    .action(async (options: DemoOptions, command: Command) => {
      const config = commandConfig(command);
      const budget = parseDecimalAmount(options.budget, { decimals: tokenDecimals }, { field: '--budget' });
      const say = (message: string) => {
        if (!options.json) process.stderr.write(`${message}\n`);
      };
      const started = performance.now();

      // Data: the coordinator holds a validation fifth; the parties split the rest, skewed in size and fraud rate.
      // Each party's rows and the validation rows become CSV files in the published layout, as real contributors
      // would hold them.
      const csvPath = resolve(options.data);
      const dataset = loadFraudDataset({ csvPath, features: fraudFeatures, requireLabel: true });
      const table = parseCsv(readFileSync(csvPath, 'utf8'), { sourceName: csvPath });
      const allRows = Array.from({ length: dataset.rowCount }, (_, row) => row);
      const validation = sliceDataset(
        dataset,
        allRows.filter((row) => row % 5 === 0),
        'validation',
      );
      const trainRows = allRows.filter((row) => row % 5 !== 0);
      const specs = options.parties === 5 ? skewedFiveParties : skewedSpecs(options.parties);
      const parts = partitionSkewed(dataset.labels!, trainRows, specs, options.seed).map((part) => Array.from(part));
      const folder = join(config.dataDir, 'network', 'demo', new Date().toISOString().replace(/[:.]/g, '-'));
      mkdirSync(folder, { recursive: true });
      const writeRows = (name: string, rows: readonly number[]) => {
        const path = join(folder, name);
        writeFileSync(path, `${[table.header, ...rows.map((row) => table.records[row]!)].map(csvLine).join('\n')}\n`);
        return path;
      };
      // Throwaway keys for the demo's parties, as Web3 v3 key files (a light scrypt cost: they guard nothing).
      const password = randomBytes(16).toString('hex');
      const passwordFile = join(folder, 'password');
      writeFileSync(passwordFile, password, { mode: 0o600 });
      const parties = parts.map((rows, index) => {
        const privateKey = generatePrivateKey();
        const keyFile = join(folder, `party-${index + 1}.key.json`);
        writeFileSync(keyFile, JSON.stringify(encryptKeystoreFile(privateKey, password, 2 ** 12)), { mode: 0o600 });
        return {
          signer: privateKeyToAccount(privateKey),
          keyFile,
          csv: writeRows(`party-${index + 1}.csv`, rows),
          rows: rows.length,
          fraudRate: rows.filter((row) => dataset.labels![row] === 1).length / rows.length,
        };
      });
      const validationCsv = writeRows(
        'validation.csv',
        allRows.filter((row) => row % 5 === 0),
      );

      say(
        `Training ${options.trees} trees: a coordinator and ${options.parties} node processes on loopback (secure aggregation${options.epsilon ? `, DP epsilon ${options.epsilon}` : ''})…`,
      );
      const roundStarted = new Date();
      const run = await runNetworkProcesses({
        dataDir: config.dataDir,
        out: join(folder, 'rounds'),
        validationCsv,
        parties: parties.map((party) => ({ csv: party.csv, keyFile: party.keyFile })),
        passwordFile,
        trees: options.trees,
        seed: options.seed,
        epsilon: options.epsilon,
        log: options.json ? undefined : (line) => process.stderr.write(`  ${line}\n`),
      });
      const roundEnded = new Date();
      const { modelPath, reportPath: _reportPath, ...roundReport } = run.report;
      if (roundReport.status !== 'completed' || !modelPath || !roundReport.modelSha256)
        throw new NonRetryableError(`The round failed: ${roundReport.reason ?? 'no model'}.`, { code: 'round-failed' });
      // The model file the coordinator wrote, refused unless it hashes to the round's model.
      const { model } = loadModel(modelPath, { expectedHash: roundReport.modelSha256 });
      const report: RoundReport = { ...roundReport, model };

      // The same learner on the union of the parties' rows, with the federation's bin edges: the reference.
      say('Training the centralized reference on the union of the parties’ rows…');
      const union = sliceDataset(
        dataset,
        parts.flat().sort((a, b) => a - b),
        'union',
      );
      const centralStarted = performance.now();
      const central = trainCentralized({
        train: { inputs: encodeFeatures(model.encoding, union), labels: union.labels! },
        params: model.params,
        binEdges: model.binEdges,
        fixedPoint: true,
      });
      const centralMs = performance.now() - centralStarted;
      const centralMetrics = evaluateModel(
        { ...model, baseScore: central.baseScore, trees: central.trees },
        validation,
      );
      const federatedMetrics = evaluateModel(model, validation);
      const saved = { path: modelPath, hash: roundReport.modelSha256 };

      say('Publishing the model and the rewards on chain, and claiming them…');
      const client = await createCliClient(config);
      try {
        await client.request('POST', '/v1/network/rounds', {
          ...toNetworkRoundReport(report, {
            modelFile: saved.path,
            startedAt: roundStarted,
            endedAt: roundEnded,
            centralized: pick(centralMetrics),
            trainingCurve: measureTrainingCurve(model, validation),
            cost: { centralizedMs: round(centralMs), centralizedMsPerTree: round(centralMs / options.trees) },
          }),
        });
        const published = await client.request<Serialized<PublishRoundReturnType>>(
          'POST',
          `/v1/network/rounds/${report.roundId}/publish`,
          { budget: budget.toString() },
        );
        const { claimed } = published.epoch
          ? await client.request<{ claimed: Claim[] }>('POST', '/v1/network/rewards/claim-all', {
              epoch: published.epoch.epoch,
            })
          : { claimed: [] as Claim[] };
        const verification = await client.request<ModelVerification>('POST', '/v1/network/models/verify', {
          sha256: saved.hash,
          version: published.modelVersion.version,
        });

        const summary = demoSummary({
          report,
          parties,
          nodes: run.nodes,
          federated: federatedMetrics,
          centralized: centralMetrics,
          centralMs,
          published,
          claimed,
          verification,
          modelFile: saved.path,
          totalMs: performance.now() - started,
        });
        if (options.json) return printJson(summary);
        printHuman(summary);
      } finally {
        await client.close();
      }
    });
}

type Serialized<T> = T extends bigint ? string : T extends object ? { [K in keyof T]: Serialized<T[K]> } : T;

function demoSummary(input: {
  report: RoundReport;
  parties: { signer: { address: string }; rows: number; fraudRate: number }[];
  nodes: { pid: number; exitCode: number | null }[];
  federated: { f1: number; rocAuc: number };
  centralized: { f1: number; rocAuc: number };
  centralMs: number;
  published: Serialized<PublishRoundReturnType>;
  claimed: Claim[];
  verification: ModelVerification;
  modelFile: string;
  totalMs: number;
}) {
  const { report, published } = input;
  const assessments = new Map(report.contributions.map((entry) => [entry.address.toLowerCase(), entry]));
  const rewards = new Map(published.rewards.map((reward) => [reward.account.toLowerCase(), reward]));
  const claims = new Map(input.claimed.map((claim) => [claim.account.toLowerCase(), claim]));
  const trees = report.model?.trees.length ?? 0;
  return {
    roundId: report.roundId,
    transport: 'http over loopback: 1 coordinator and one node process per party',
    processes: {
      coordinator: 1,
      nodes: input.nodes.length,
      nodesExitedCleanly: input.nodes.every((node) => node.exitCode === 0),
    },
    parties: input.parties.length,
    trees,
    federated: pick(input.federated),
    centralized: pick(input.centralized),
    f1Gap: round(input.centralized.f1 - input.federated.f1, 6),
    privacy: report.privacy ? { epsilon: round(report.privacy.epsilon, 6), delta: report.privacy.delta } : null,
    bytes: {
      perTreePerNode: Math.round(report.traffic.bytesPerTreePerNode),
      fromNodes: Object.values(report.traffic.bytesFromNodes).reduce((sum, bytes) => sum + bytes, 0),
      toNodes: Object.values(report.traffic.bytesToNodes).reduce((sum, bytes) => sum + bytes, 0),
    },
    time: {
      federatedMsPerTree: round(report.timings.msPerTree),
      centralizedMsPerTree: round(input.centralMs / Math.max(1, trees)),
      trainingMs: round(report.timings.trainingMs),
      contributionMs: round(report.timings.contributionMs),
      totalMs: round(input.totalMs),
    },
    contributors: input.parties.map((party) => {
      const address = party.signer.address.toLowerCase();
      const assessment = assessments.get(address);
      const reward = rewards.get(address);
      return {
        address: party.signer.address,
        rows: party.rows,
        fraudRate: round(party.fraudRate, 4),
        contribution: assessment ? round(assessment.value, 6) : null,
        share: assessment ? round(assessment.share, 6) : 0,
        status: assessment?.status ?? 'no-value',
        reason: assessment?.reason ?? null,
        tokens: reward ? formatMinor(reward.amount, tokenDecimals).replaceAll(',', '') : '0',
        tokenUnits: reward?.amount ?? '0',
        claimTx: claims.get(address)?.txHash ?? null,
      };
    }),
    transactions: {
      publishEpoch: published.epoch?.txHash ?? null,
      registerModel: published.modelVersion.txHash,
      claims: input.claimed.map((claim) => claim.txHash),
    },
    registry: {
      version: published.modelVersion.version,
      modelSha256: published.modelSha256,
      modelFile: input.modelFile,
      uri: published.modelVersion.uri,
      rewardEpoch: published.epoch?.epoch ?? null,
      rewardRoot: published.epoch?.root ?? null,
      verified: input.verification.matches,
    },
  };
}

function printHuman(summary: ReturnType<typeof demoSummary>) {
  process.stdout.write(
    [
      `Round ${summary.roundId}: ${summary.parties} parties, ${summary.trees} trees${summary.privacy ? `, DP epsilon ${summary.privacy.epsilon}` : ''}`,
      `  federated    F1 ${summary.federated.f1.toFixed(4)}  ROC-AUC ${summary.federated.rocAuc.toFixed(4)}  ${summary.time.federatedMsPerTree} ms/tree`,
      `  centralized  F1 ${summary.centralized.f1.toFixed(4)}  ROC-AUC ${summary.centralized.rocAuc.toFixed(4)}  ${summary.time.centralizedMsPerTree} ms/tree`,
      `  traffic      ${summary.bytes.perTreePerNode.toLocaleString('en-US')} bytes per tree per node`,
      `Model version ${summary.registry.version} (sha256 ${summary.registry.modelSha256}) ${summary.registry.verified ? 'verified against the registry' : 'does NOT match the registry'}`,
      `Reward epoch ${summary.registry.rewardEpoch ?? 'none'}: publish tx ${summary.transactions.publishEpoch ?? '-'}`,
      '',
    ].join('\n'),
  );
  printTable(
    summary.contributors.map((c) => ({
      address: c.address,
      rows: c.rows,
      fraud: `${(c.fraudRate * 100).toFixed(1)}%`,
      shapley: c.contribution ?? '',
      status: c.status,
      tokens: c.tokens,
    })),
  );
}

/** N parties of decreasing size (from 2× to ½× the mean), fraud rates alternating low (5 %…) and high (…60 %). */
function skewedSpecs(count: number): PartySpec[] {
  const weights = Array.from({ length: count }, (_, i) => 2 - (1.5 * i) / Math.max(1, count - 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight, i) => ({
    share: weight / total,
    fraudRate: i % 2 === 0 ? 0.05 + (0.25 * i) / count : 0.6 - (0.25 * i) / count,
  }));
}

function csvLine(fields: readonly string[]): string {
  return fields.map((field) => (/[",\n\r]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)).join(',');
}

function pick(metrics: { f1: number; rocAuc: number }) {
  return { f1: round(metrics.f1, 6), rocAuc: round(metrics.rocAuc, 6) };
}

function round(value: number, digits = 1) {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
