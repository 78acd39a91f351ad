import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ValidationError } from '../../errors/BaseError.js';
import { parseDecimalAmount } from '../../money/parseDecimalAmount.js';
import { evaluateModel } from '../../risk/model/evaluateModel.js';
import { loadFraudDataset } from '../../risk/model/loadFraudDataset.js';
import { loadModel, saveModel } from '../../risk/model/modelFile.js';
import { trainFraudModel } from '../../risk/model/trainFraudModel.js';
import type { ModelStatus } from '../../risk/registry/createModelRegistry.js';
import { scoreCsvFile } from '../../risk/scoring/scoreCsvFile.js';
import type { RiskDecision } from '../../risk/screening/RiskDecision.js';
import { commandConfig } from '../commandConfig.js';
import { createCliClient } from '../createCliClient.js';
import { formatMinor, printJson, printTable } from '../output.js';

/** Decimals of the assets Tandem knows by symbol; others need --decimals. */
const knownDecimals: Record<string, number> = { USDC: 6, EURC: 6, USDT: 6, ETH: 18 };

const integer = (flag: string) => (value: string) => {
  if (!/^\d+$/.test(value))
    throw new ValidationError(`${flag} must be a whole number, not "${value}".`, { field: flag });
  return Number(value);
};
const probability = (flag: string) => (value: string) => {
  const number = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || number > 1)
    throw new ValidationError(`${flag} must be a number from 0 to 1, not "${value}".`, { field: flag });
  return number;
};

export function registerRiskCommands(program: Command) {
  const risk = program
    .command('risk')
    .description('The risk engine: fraud model training and scoring, screening, the model in force');

  risk
    .command('train')
    .description('train the fraud model on a labeled CSV (eth-fraud layout) and save it')
    .requiredOption('--data <csv>', 'labeled training data')
    .requiredOption('--out <model>', 'model file to write')
    .option('--seed <n>', 'seed of the split and the learner', integer('--seed'), 1)
    .option('--trees <n>', 'boosting rounds (default: the learner default)', integer('--trees'))
    .option('--json', 'machine-readable output')
    .action((options: { data: string; out: string; seed: number; trees?: number; json?: boolean }) => {
      const started = performance.now();
      const model = trainFraudModel({
        csvPath: resolve(options.data),
        seed: options.seed,
        ...(options.trees ? { params: { trees: options.trees } } : {}),
      });
      const { path, hash } = saveModel(model, resolve(options.out));
      const seconds = (performance.now() - started) / 1000;
      const test = model.metrics.test;
      const summary = {
        model: path,
        sha256: hash,
        rows: model.training.rows,
        positives: model.training.positives,
        trees: model.trees.length,
        seed: model.training.seed,
        seconds: +seconds.toFixed(2),
        test: test ?? null,
      };
      if (options.json) return printJson(summary);
      process.stdout.write(
        `Trained ${summary.trees} trees on ${summary.rows} rows (${summary.positives} fraud) in ${summary.seconds} s.\n` +
          `Saved ${path}\n  sha256 ${hash}\n` +
          (test
            ? `Held-out test (${test.rows} rows): F1 ${test.f1.toFixed(4)} at ${test.threshold}, ROC-AUC ${test.rocAuc.toFixed(4)}, average precision ${test.averagePrecision.toFixed(4)}\n`
            : ''),
      );
    });

  risk
    .command('score')
    .description('score every row of a CSV: writes the input columns plus score, decision and reasons')
    .requiredOption('--model <model>', 'model file')
    .requiredOption('--input <csv>', 'rows to score (the FLAG column may be absent)')
    .requiredOption('--output <csv>', 'file to write (written whole or not at all)')
    .option('--json', 'machine-readable output')
    .action((options: { model: string; input: string; output: string; json?: boolean }) => {
      const scored = scoreCsvFile({
        modelPath: resolve(options.model),
        inputPath: resolve(options.input),
        outputPath: resolve(options.output),
      });
      if (options.json) return printJson(scored);
      process.stdout.write(
        `Scored ${scored.rows} rows with model ${scored.modelHash.slice(0, 12)}…: ${scored.decisions.allow} allow, ${scored.decisions.review} review, ${scored.decisions.block} block.\nWrote ${scored.outputPath}\n`,
      );
    });

  risk
    .command('eval')
    .description('measure a model on labeled data: F1 at the threshold, ROC-AUC, average precision, confusion matrix')
    .requiredOption('--model <model>', 'model file')
    .requiredOption('--data <csv>', 'labeled data (with FLAG)')
    .option('--threshold <p>', 'decision threshold', probability('--threshold'), 0.5)
    .option('--json', 'machine-readable output')
    .action((options: { model: string; data: string; threshold: number; json?: boolean }) => {
      const { model, hash } = loadModel(resolve(options.model));
      const dataset = loadFraudDataset({
        csvPath: resolve(options.data),
        features: model.encoding.features,
        requireLabel: true,
      });
      const metrics = evaluateModel(model, dataset, options.threshold);
      if (options.json) return printJson({ model: hash, data: dataset.source, ...metrics });
      const c = metrics.confusion;
      process.stdout.write(
        `Model ${hash.slice(0, 12)}… on ${metrics.rows} rows (${metrics.positives} fraud):\n` +
          `  F1 ${metrics.f1.toFixed(4)} at threshold ${metrics.threshold} (precision ${metrics.precision.toFixed(4)}, recall ${metrics.recall.toFixed(4)})\n` +
          `  ROC-AUC ${metrics.rocAuc.toFixed(4)}, average precision ${metrics.averagePrecision.toFixed(4)}, log loss ${metrics.logLoss.toFixed(4)}\n` +
          `  confusion matrix     predicted fraud  predicted legitimate\n` +
          `    actual fraud       ${String(c.truePositives).padStart(15)}  ${String(c.falseNegatives).padStart(20)}\n` +
          `    actual legitimate  ${String(c.falsePositives).padStart(15)}  ${String(c.trueNegatives).padStart(20)}\n`,
      );
    });

  risk
    .command('use')
    .description('put a model in force for screening (checked, and kept under <data-dir>/models by its sha256)')
    .requiredOption('--model <model>', 'model file, or registry:N for an on-chain registry version')
    .option('--json', 'machine-readable output')
    .action(async (options: { model: string; json?: boolean }, command: Command) => {
      const source = options.model.startsWith('registry:') ? options.model : resolve(options.model);
      const client = await createCliClient(commandConfig(command));
      try {
        const used = await client.request<{ status: string; model: ModelStatus }>('POST', '/v1/risk/model', { source });
        if (options.json) return printJson(used);
        process.stdout.write(
          used.status === 'unchanged'
            ? `Model ${used.model.hash} is already in force.\n`
            : `Model ${used.model.hash} is in force (from ${used.model.source}).\n`,
        );
      } finally {
        await client.close();
      }
    });

  risk
    .command('model')
    .description('the model in force')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const status = await client.request<ModelStatus>('GET', '/v1/risk/model');
        if (options.json) return printJson(status);
        if (!status.hash) return void process.stdout.write('No model is in force: sanctions and rules decide.\n');
        process.stdout.write(
          `Model ${status.hash}${status.inForce ? '' : ' (recorded, but NOT loaded)'}\n  from ${status.source}, put in force ${status.putInForceAt} by ${status.putInForceBy}\n${status.error ? `  error: ${status.error}\n` : ''}`,
        );
      } finally {
        await client.close();
      }
    });

  risk
    .command('screen')
    .description('screen a transfer: sanctions, AML rules and the fraud model → allow, review or block')
    .requiredOption('--from <address>', 'sender')
    .requiredOption('--to <address>', 'recipient')
    .requiredOption('--asset <symbol>', 'e.g. USDC')
    .requiredOption('--amount <decimal>', 'amount in the asset, e.g. 1500 or 1500.25')
    .option('--decimals <n>', 'decimals of the asset (known for USDC, EURC, USDT, ETH)', integer('--decimals'))
    .option('--chain-id <n>', "chain id (default: Tandem's chain)", integer('--chain-id'))
    .option('--company <id>', 'the company on whose behalf (its thresholds apply)')
    .option('--direction <direction>', "outgoing, incoming or external, from the company's side")
    .option('--self-hosted', 'the counterparty wallet is self-hosted (unhosted)')
    .option('--counterparty-name <name>', "the counterparty's name")
    .option('--vasp <name>', 'the provider holding a hosted counterparty wallet')
    .option('--reference <text>', 'a reference kept with the decision')
    .option('--json', 'machine-readable output')
    .action(async (options: ScreenOptions, command: Command) => {
      const decimals = options.decimals ?? knownDecimals[options.asset];
      if (decimals === undefined)
        throw new ValidationError(`Say how many decimals ${options.asset} has (--decimals).`, { field: '--decimals' });
      const amount = parseDecimalAmount(options.amount, { decimals }, { field: '--amount' });
      const client = await createCliClient(commandConfig(command));
      try {
        const chainId =
          options.chainId ??
          (await client.request<{ chain: { chainId?: number } }>('GET', '/healthz')).chain.chainId ??
          31337;
        const decision = await client.request<RiskDecision>('POST', '/v1/risk/screen', {
          ...(options.company ? { companyId: options.company } : {}),
          chainId,
          asset: options.asset,
          amount: amount.toString(),
          decimals,
          from: options.from,
          to: options.to,
          ...(options.direction ? { direction: options.direction } : {}),
          counterparty: {
            hosted: !options.selfHosted,
            ...(options.counterpartyName ? { name: options.counterpartyName } : {}),
            ...(options.vasp ? { vasp: options.vasp } : {}),
          },
          ...(options.reference ? { reference: options.reference } : {}),
        });
        if (options.json) return printJson(decision);
        printDecision(decision);
      } finally {
        await client.close();
      }
    });

  risk
    .command('thresholds')
    .description("a company's rule thresholds; --set replaces its overrides with a JSON file's")
    .option('--company <id>', 'company (default: the defaults)')
    .option('--set <json-file>', 'overrides, e.g. {"velocity": {"maxCount": 50}}')
    .option('--json', 'machine-readable output')
    .action(async (options: { company?: string; set?: string; json?: boolean }, command: Command) => {
      if (options.set && !options.company)
        throw new ValidationError('Say which company the thresholds are for (--company).', { field: '--company' });
      let overrides: unknown;
      if (options.set)
        try {
          overrides = JSON.parse(readFileSync(resolve(options.set), 'utf8'));
        } catch (cause) {
          throw new ValidationError(`${options.set} is not readable JSON.`, { cause, field: '--set' });
        }
      const client = await createCliClient(commandConfig(command));
      try {
        const thresholds = options.set
          ? await client.request('PUT', `/v1/risk/thresholds/${encodeURIComponent(options.company!)}`, { overrides })
          : await client.request(
              'GET',
              `/v1/risk/thresholds${options.company ? `?companyId=${encodeURIComponent(options.company)}` : ''}`,
            );
        printJson(thresholds);
      } finally {
        await client.close();
      }
    });
}

type ScreenOptions = {
  from: string;
  to: string;
  asset: string;
  amount: string;
  decimals?: number;
  chainId?: number;
  company?: string;
  direction?: string;
  selfHosted?: boolean;
  counterpartyName?: string;
  vasp?: string;
  reference?: string;
  json?: boolean;
};

/** A decision for people: the verdict first, then why. */
export function printDecision(decision: RiskDecision) {
  const { transfer } = decision;
  const eur =
    transfer.fiatValueEurCents === null ? 'unknown EUR value' : `EUR ${formatMinor(transfer.fiatValueEurCents, 2)}`;
  process.stdout.write(
    `${decision.decision.toUpperCase()} (score ${decision.score.toFixed(3)}): ${formatMinor(transfer.amount, transfer.decimals)} ${transfer.asset} (${eur}) ${transfer.from} → ${transfer.to}\n` +
      `  decision ${decision.decisionId}${decision.caseId ? `, case ${decision.caseId}` : ''}\n`,
  );
  const { sanctions } = decision;
  process.stdout.write(
    sanctions.hit
      ? `  Sanctions: HIT (list ${sanctions.listVersion})${[sanctions.from, sanctions.to]
          .filter((check) => check.sanctioned)
          .map((check) => `; ${check.address}: ${check.entity} (${check.programs.join(', ')})`)
          .join('')}\n`
      : `  Sanctions: clear (list ${sanctions.listVersion})\n`,
  );
  if (decision.rulesFired.length) {
    process.stdout.write('  Rules fired:\n');
    for (const rule of decision.rulesFired)
      process.stdout.write(`    ${rule.rule} (${rule.severity}): ${rule.explanation}\n`);
  } else process.stdout.write('  Rules fired: none\n');
  process.stdout.write(
    decision.modelScore === null
      ? `  Model: ${decision.modelNote}\n`
      : `  Model ${decision.modelHash?.slice(0, 12)}…: ${decision.modelScore.toFixed(3)}; top reasons:\n`,
  );
  if (decision.modelScore !== null)
    printTable(
      decision.topReasons.map((reason) => ({
        feature: reason.feature,
        value: reason.value,
        contribution: (reason.contribution >= 0 ? '+' : '') + reason.contribution.toFixed(3),
      })),
    );
}
