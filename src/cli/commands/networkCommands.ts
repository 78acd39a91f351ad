import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { runComputeJob } from '../../deai/contribution/runComputeJob.js';
import type { RoundReport } from '../../deai/coordinator/RoundReport.js';
import { serveCoordinator } from '../../deai/coordinator/serveCoordinator.js';
import { fraudFeatures } from '../../deai/federated/fraudFeatures.js';
import { createHttpLink } from '../../deai/node/connectNodeOverHttp.js';
import { createNetworkNode } from '../../deai/node/createNetworkNode.js';
import { loadNodeAccount } from '../../deai/node/loadNodeAccount.js';
import { ValidationError } from '../../errors/BaseError.js';
import { loadFraudDataset } from '../../risk/model/loadFraudDataset.js';
import { saveModel } from '../../risk/model/modelFile.js';
import { commandConfig } from '../commandConfig.js';
import { printJson } from '../output.js';

const wholeNumber = (flag: string) => (value: string) => {
  if (!/^\d+$/.test(value))
    throw new ValidationError(`${flag} must be a whole number, not "${value}".`, { field: flag });
  return Number(value);
};
const positiveNumber = (flag: string) => (value: string) => {
  const number = Number(value);
  if (!/^\d*\.?\d+(e-?\d+)?$/i.test(value) || !(number > 0))
    throw new ValidationError(`${flag} must be a positive number, not "${value}".`, { field: flag });
  return number;
};

/** Progress of the network on stderr, one line per event, so stdout stays for the JSON summary. */
function logLine(prefix: string) {
  return (event: string, details: Record<string, unknown>) => {
    const index = Number(details.index);
    if (event === 'tree' && index !== 0 && index % 10 !== 9 && index + 1 !== Number(details.of)) return;
    process.stderr.write(`${prefix} ${event} ${JSON.stringify(details)}\n`);
  };
}

type CoordinatorOptions = {
  host: string;
  port: number;
  validation?: string;
  key?: string;
  passwordFile?: string;
  parties: number;
  expect?: number;
  computeNodes: number;
  joinWindow: number;
  stepTimeout: number;
  trees?: number;
  maxDepth?: number;
  learningRate?: number;
  seed: number;
  dpEpsilon?: number;
  dpDelta: number;
  contribution: boolean;
  rounds: number;
  out: string;
  json?: boolean;
};

type NodeOptions = {
  coordinator: string;
  data?: string;
  key: string;
  passwordFile?: string;
  computeOnly?: boolean;
  rounds: number;
  json?: boolean;
};

export function registerNetworkCommands(program: Command) {
  // `network` is shared with the on-chain commands (verify, rewards …): whoever registers first creates it.
  const network =
    program.commands.find((command) => command.name() === 'network') ??
    program.command('network').description('The open AI network: training rounds, rewards, model versions on chain');

  network
    .command('coordinator')
    .description('run rounds of federated training: announce, admit signed joins, aggregate securely, write the model')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 = any free port)', wholeNumber('--port'), 7420)
    .option('--validation <csv>', 'labeled rows the coordinator holds to measure models and contributions')
    .option(
      '--key <keyfile|name>',
      "coordinator's signing key: a Web3 v3 key file or a keystore key name (default: a new key)",
    )
    .option('--password-file <path>', 'password of the key file (else TANDEM_KEY_PASSWORD)')
    .option('--parties <n>', 'fewest data contributors a round trains with', wholeNumber('--parties'), 3)
    .option('--expect <n>', 'start a round as soon as this many data contributors joined', wholeNumber('--expect'))
    .option('--compute-nodes <n>', 'compute contributors to wait for with --expect', wholeNumber('--compute-nodes'), 0)
    .option('--join-window <seconds>', 'how long a round takes joins', positiveNumber('--join-window'), 30)
    .option(
      '--step-timeout <seconds>',
      'how long a step waits before treating silent parties as dropped',
      positiveNumber('--step-timeout'),
      30,
    )
    .option('--trees <n>', 'boosting rounds of the model', wholeNumber('--trees'))
    .option('--max-depth <n>', 'tree depth', wholeNumber('--max-depth'))
    .option('--learning-rate <eta>', 'shrinkage', positiveNumber('--learning-rate'))
    .option('--seed <n>', 'seed of column sampling', wholeNumber('--seed'), 0)
    .option(
      '--dp-epsilon <epsilon>',
      'train with differential privacy at this total epsilon',
      positiveNumber('--dp-epsilon'),
    )
    .option('--dp-delta <delta>', 'delta of differential privacy', positiveNumber('--dp-delta'), 1e-5)
    .option('--no-contribution', 'do not measure contributions (equal shares)')
    .option('--rounds <n>', 'rounds to run before exiting', wholeNumber('--rounds'), 1)
    .option('--out <dir>', 'folder for each round’s model file and report', 'network-rounds')
    .option('--json', 'print each round report as JSON')
    .action(async (options: CoordinatorOptions, command: Command) => {
      const signer = options.key
        ? loadNodeAccount({
            key: options.key,
            passwordFile: options.passwordFile,
            dataDir: commandConfig(command).dataDir,
          })
        : privateKeyToAccount(generatePrivateKey());
      const validation = options.validation
        ? loadFraudDataset({ csvPath: resolve(options.validation), features: fraudFeatures, requireLabel: true })
        : undefined;
      const out = resolve(options.out);
      mkdirSync(out, { recursive: true });
      const served = await serveCoordinator({
        signer,
        host: options.host,
        port: options.port,
        validation,
        log: logLine('coordinator'),
        settings: {
          minParties: options.parties,
          expectedParties: options.expect ?? null,
          expectedComputeNodes: options.computeNodes,
          joinWindowMs: options.joinWindow * 1000,
          stepTimeoutMs: options.stepTimeout * 1000,
          params: {
            seed: options.seed,
            ...(options.trees !== undefined ? { trees: options.trees } : {}),
            ...(options.maxDepth !== undefined ? { maxDepth: options.maxDepth } : {}),
            ...(options.learningRate !== undefined ? { learningRate: options.learningRate } : {}),
            // Under DP: few bins and strong regularisation, so each noisy release is worth its noise.
            ...(options.dpEpsilon !== undefined ? { maxBins: 16, lambda: 10, minChildWeight: 5 } : {}),
          },
          privacy: options.dpEpsilon
            ? { epsilon: options.dpEpsilon, delta: options.dpDelta, gradientClip: 1, hessianClip: 0.25 }
            : null,
          contribution: { enabled: options.contribution } as never,
        },
      });
      process.stderr.write(`coordinator ${signer.address} listening on ${served.url}\n`);
      try {
        for (let round = 0; round < options.rounds; round++) {
          const report = await served.coordinator.runRound();
          const summary = writeRound(report, out);
          if (options.json) printJson(summary);
          else printRound(summary);
        }
      } finally {
        await served.close();
      }
    });

  network
    .command('node')
    .description('take part in rounds as a data contributor (--data) or a compute contributor (--compute-only)')
    .requiredOption('--coordinator <url>', "the coordinator's URL, e.g. http://127.0.0.1:7420")
    .option('--data <csv>', 'your labeled rows (eth-fraud layout); they never leave this process')
    .requiredOption('--key <keyfile|name>', 'your signing key: a Web3 v3 key file or a keystore key name')
    .option('--password-file <path>', 'password of the key file (else TANDEM_KEY_PASSWORD)')
    .option('--compute-only', 'contribute compute (verifiable jobs) instead of data')
    .option('--rounds <n>', 'rounds to complete before exiting', wholeNumber('--rounds'), 1)
    .option('--json', 'print the outcome of each round as JSON')
    .action(async (options: NodeOptions, command: Command) => {
      if (!options.computeOnly && !options.data)
        throw new ValidationError('A data contributor needs --data (or pass --compute-only).', { field: '--data' });
      const signer = loadNodeAccount({
        key: options.key,
        passwordFile: options.passwordFile,
        dataDir: commandConfig(command).dataDir,
      });
      const dataset = options.data
        ? loadFraudDataset({ csvPath: resolve(options.data), features: fraudFeatures, requireLabel: true })
        : undefined;
      const link = createHttpLink(options.coordinator);
      const node = createNetworkNode({
        signer,
        role: options.computeOnly ? 'compute' : 'data',
        dataset,
        send: link.send,
        runComputeJob,
        log: logLine(`node ${signer.address.slice(0, 10)}`),
      });
      process.stderr.write(
        `node ${signer.address} (${options.computeOnly ? 'compute' : `data: ${dataset!.rowCount} rows`}) polling ${options.coordinator}\n`,
      );
      const stop = () => {
        node.stop();
        link.stop();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const outcomes = await link.run(node, options.rounds);
      node.stop();
      if (options.json) printJson({ address: signer.address, outcomes });
      else
        for (const outcome of outcomes)
          process.stdout.write(
            `round ${outcome.roundId}: ${outcome.status}${outcome.modelSha256 ? ` model ${outcome.modelSha256}` : ''}${outcome.reason ? ` (${outcome.reason})` : ''}\n`,
          );
    });
}

type RoundSummary = Omit<RoundReport, 'model'> & { modelPath: string | null; reportPath: string };

/** Writes the round's model file (risk-engine format) and its report, and returns the report with their paths. */
function writeRound(report: RoundReport, out: string): RoundSummary {
  const { model, ...rest } = report;
  const modelPath = model ? join(out, `${report.roundId}.model.json`) : null;
  if (model && modelPath) saveModel(model, modelPath);
  const reportPath = join(out, `${report.roundId}.report.json`);
  const summary: RoundSummary = { ...rest, modelPath, reportPath };
  writeFileSync(reportPath, `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

function printRound(summary: RoundSummary): void {
  const lines = [`Round ${summary.roundId}: ${summary.status}${summary.reason ? ` (${summary.reason})` : ''}`];
  if (summary.modelPath) {
    const validation = summary.metrics.validation;
    lines.push(`  model ${summary.modelPath}`, `  sha256 ${summary.modelSha256}`);
    if (validation)
      lines.push(
        `  validation: F1 ${validation.f1.toFixed(4)}, ROC-AUC ${validation.rocAuc.toFixed(4)} on ${validation.rows} rows`,
      );
    if (summary.privacy)
      lines.push(`  privacy spent: epsilon ${summary.privacy.epsilon.toFixed(3)} at delta ${summary.privacy.delta}`);
  }
  for (const party of summary.parties) {
    const contribution = summary.contributions.find((entry) => entry.address === party.address);
    lines.push(
      `  ${party.address} ${party.role} ${party.status}${contribution ? ` share ${(100 * contribution.share).toFixed(1)}% (${contribution.reason})` : ''}`,
    );
  }
  lines.push(`  report ${summary.reportPath}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
