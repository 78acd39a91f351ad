import { resolve } from 'node:path';
import type { Command } from 'commander';
import { sha256File } from '../../deai/onchain/sha256File.js';
import type { ModelVerification } from '../../deai/onchain/verifyModelHash.js';
import { ValidationError } from '../../errors/BaseError.js';
import { parseDecimalAmount } from '../../money/parseDecimalAmount.js';
import { commandConfig } from '../commandConfig.js';
import { createCliClient } from '../createCliClient.js';
import { formatMinor, printJson, printTable } from '../output.js';

/** The reward token's decimals. */
const tokenDecimals = 18;

type ModelVersion = NonNullable<ModelVerification['record']> & {
  roundId?: string | null;
  filePath?: string | null;
  txHash?: string | null;
};
type Reward = {
  epoch: number;
  roundId: string | null;
  account: string;
  amount: string;
  status: 'claimable' | 'claimed';
  txHash: string | null;
};

const positiveInteger = (flag: string) => (value: string) => {
  if (!/^[1-9]\d{0,8}$/.test(value))
    throw new ValidationError(`${flag} must be 1, 2, …, not "${value}".`, { field: flag });
  return Number(value);
};

/** `network` is shared with the protocol's `coordinator` and `node` commands: whoever registers first creates it. */
export function networkCommand(program: Command): Command {
  return (
    program.commands.find((command) => command.name() === 'network') ??
    program.command('network').description('The open AI network: training rounds, rewards, model versions on chain')
  );
}

export function registerNetworkRegistryCommands(program: Command) {
  const network = networkCommand(program);

  network
    .command('verify')
    .description('recompute a model file’s sha256 and show its on-chain registry record (exit 1 when none matches)')
    .requiredOption('--model <file>', 'the model file')
    .option(
      '--version <n>',
      'compare with this registry version (default: find the version of the file)',
      positiveInteger('--version'),
    )
    .option('--json', 'machine-readable output')
    .action(async (options: { model: string; version?: number; json?: boolean }, command: Command) => {
      // Hashed here, so the file never leaves this machine and a remote server is asked only about its hash.
      const file = resolve(options.model);
      const sha256 = await sha256File(file);
      const client = await createCliClient(commandConfig(command));
      try {
        const verification = await client.request<ModelVerification>('POST', '/v1/network/models/verify', {
          sha256,
          ...(options.version ? { version: options.version } : {}),
        });
        if (!verification.matches) process.exitCode = 1;
        if (options.json) return printJson({ file, ...verification });
        process.stdout.write(`${file}\n  sha256 ${sha256}\n${verification.verdict}\n`);
        if (verification.record) printModelVersion(verification.record);
      } finally {
        await client.close();
      }
    });

  network
    .command('models')
    .description('model versions recorded in the on-chain registry, newest first (or one with --version)')
    .option('--version <n>', 'one version in full', positiveInteger('--version'))
    .option('--json', 'machine-readable output')
    .action(async (options: { version?: number; json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        if (options.version) {
          const version = await client.request<ModelVersion>('GET', `/v1/network/models/${options.version}`);
          if (options.json) return printJson(version);
          return printModelVersion(version);
        }
        const { versions } = await client.request<{ versions: ModelVersion[] }>('GET', '/v1/network/models');
        if (options.json) return printJson(versions);
        printTable(
          versions.map((v) => ({
            version: v.version,
            sha256: `${v.modelSha256.slice(0, 16)}…`,
            f1: v.metrics.f1.toFixed(4),
            rocAuc: v.metrics.rocAuc.toFixed(4),
            epsilon: v.privacy ? String(v.privacy.epsilon) : 'no DP',
            parties: v.dataCommitments.length,
            epoch: v.rewardEpoch ?? '',
            round: v.roundId ?? '',
            registered: v.registeredAt,
          })),
        );
      } finally {
        await client.close();
      }
    });

  network
    .command('rewards')
    .description('rewards per epoch and contributor: claimed, or still claimable')
    .option('--account <address>', 'one contributor')
    .option('--epoch <n>', 'one epoch', positiveInteger('--epoch'))
    .option('--json', 'machine-readable output')
    .action(async (options: { account?: string; epoch?: number; json?: boolean }, command: Command) => {
      const query = new URLSearchParams();
      if (options.account) query.set('account', options.account);
      if (options.epoch) query.set('epoch', String(options.epoch));
      const client = await createCliClient(commandConfig(command));
      try {
        const { rewards } = await client.request<{ rewards: Reward[] }>('GET', `/v1/network/rewards?${query}`);
        if (options.json) return printJson(rewards);
        printTable(rewards.map(rewardRow));
      } finally {
        await client.close();
      }
    });

  network
    .command('claim')
    .description('claim rewards for contributors (Tandem pays the gas; the tokens go to each contributor)')
    .option('--epoch <n>', 'the epoch', positiveInteger('--epoch'))
    .option('--account <address>', 'the contributor whose reward to claim')
    .option('--all', 'every claimable reward (of --epoch, when given)')
    .option('--json', 'machine-readable output')
    .action(async (options: { epoch?: number; account?: string; all?: boolean; json?: boolean }, command: Command) => {
      if (!options.all && !(options.account && options.epoch))
        throw new ValidationError('Say which reward: --epoch N --account ADDRESS, or --all [--epoch N].', {
          field: '--account',
        });
      const client = await createCliClient(commandConfig(command));
      try {
        const claimed = options.all
          ? (
              await client.request<{ claimed: Reward[] }>('POST', '/v1/network/rewards/claim-all', {
                ...(options.epoch ? { epoch: options.epoch } : {}),
              })
            ).claimed
          : [
              await client.request<Reward>('POST', '/v1/network/rewards/claim', {
                epoch: options.epoch,
                account: options.account,
              }),
            ];
        if (options.json) return printJson(claimed);
        if (claimed.length === 0) return void process.stdout.write('Nothing left to claim.\n');
        printTable(claimed.map(rewardRow));
      } finally {
        await client.close();
      }
    });

  network
    .command('rounds')
    .description('training rounds, newest first (or one with --round, with each contribution)')
    .option('--round <id>', 'one round in full')
    .option('--json', 'machine-readable output')
    .action(async (options: { round?: string; json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        if (options.round) {
          const round = await client.request<Record<string, unknown>>(
            'GET',
            `/v1/network/rounds/${encodeURIComponent(options.round)}`,
          );
          return printJson(round);
        }
        const { rounds } = await client.request<{ rounds: Record<string, unknown>[] }>('GET', '/v1/network/rounds');
        if (options.json) return printJson(rounds);
        printTable(rounds, ['id', 'status', 'startedAt', 'parties', 'trees', 'rewardEpoch', 'modelVersion']);
      } finally {
        await client.close();
      }
    });

  network
    .command('contributors')
    .description('contributors: kind, flags, rounds, tokens rewarded and claimed')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const { contributors } = await client.request<{ contributors: Record<string, string>[] }>(
          'GET',
          '/v1/network/contributors',
        );
        if (options.json) return printJson(contributors);
        printTable(
          contributors.map((c) => ({
            address: c.address,
            kind: c.kind,
            flagged: c.flagged ? c.flaggedReason : '',
            rounds: c.rounds,
            rewarded: formatMinor(c.rewarded!, tokenDecimals),
            claimed: formatMinor(c.claimed!, tokenDecimals),
          })),
        );
      } finally {
        await client.close();
      }
    });

  network
    .command('publish')
    .description('reward a completed round’s contributors on chain and register its model version')
    .requiredOption('--round <id>', 'the round')
    .option('--budget <tokens>', 'the epoch’s reward in tokens, e.g. 1000 (default: the platform’s)')
    .option('--uri <uri>', 'where others can fetch the model file')
    .option('--json', 'machine-readable output')
    .action(async (options: { round: string; budget?: string; uri?: string; json?: boolean }, command: Command) => {
      const budget = options.budget
        ? parseDecimalAmount(options.budget, { decimals: tokenDecimals }, { field: '--budget' }).toString()
        : undefined;
      const client = await createCliClient(commandConfig(command));
      try {
        const published = await client.request<{
          epoch: { epoch: number; total: string; txHash: string } | null;
          rewards: { account: string; kind: string; amount: string }[];
          modelVersion: { version: number; txHash: string | null; uri: string };
        }>('POST', `/v1/network/rounds/${encodeURIComponent(options.round)}/publish`, {
          ...(budget ? { budget } : {}),
          ...(options.uri ? { uri: options.uri } : {}),
        });
        if (options.json) return printJson(published);
        process.stdout.write(
          `${published.epoch ? `Reward epoch ${published.epoch.epoch}: ${formatMinor(published.epoch.total, tokenDecimals)} tokens (tx ${published.epoch.txHash})\n` : 'No contributor earned a reward.\n'}` +
            `Model version ${published.modelVersion.version} registered${published.modelVersion.txHash ? ` (tx ${published.modelVersion.txHash})` : ''}\n`,
        );
        printTable(
          published.rewards.map((r) => ({
            account: r.account,
            kind: r.kind,
            tokens: formatMinor(r.amount, tokenDecimals),
          })),
        );
      } finally {
        await client.close();
      }
    });
}

function rewardRow(reward: Reward) {
  return {
    epoch: reward.epoch,
    account: reward.account,
    tokens: formatMinor(reward.amount, tokenDecimals),
    status: reward.status,
    tx: reward.txHash ?? '',
  };
}

function printModelVersion(version: ModelVersion) {
  const privacy = version.privacy
    ? `epsilon ${version.privacy.epsilon}, delta ${version.privacy.delta}`
    : 'trained without differential privacy';
  process.stdout.write(
    [
      `Model version ${version.version}`,
      `  sha256        ${version.modelSha256}`,
      `  F1            ${version.metrics.f1.toFixed(4)}   ROC-AUC ${version.metrics.rocAuc.toFixed(4)}`,
      `  privacy       ${privacy}`,
      `  reward epoch  ${version.rewardEpoch ?? 'none'}${version.rewardRoot ? ` (root ${version.rewardRoot})` : ''}`,
      `  uri           ${version.uri}`,
      `  registered    ${version.registeredAt} by ${version.registrar}`,
      ...(version.roundId ? [`  round         ${version.roundId}`] : []),
      `  data commitments (${version.dataCommitments.length}):`,
      ...version.dataCommitments.map((c) => `    ${c.party}  ${c.commitment}`),
      '',
    ].join('\n'),
  );
}
