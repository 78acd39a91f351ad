import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { type Address, type Chain, getAddress, type Hex, type PublicClient, type Transport } from 'viem';
import { rewardDistributorAbi } from '../../chain/contracts/generated/RewardDistributor.js';
import type { TransactionSender } from '../../chain/sender/createTransactionSender.js';
import type { Tables } from '../../db/Tables.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors/BaseError.js';
import { buildRewardTree, type RewardContribution } from './buildRewardTree.js';
import type { NetworkContracts } from './deployNetworkContracts.js';
import type { ContributorKind } from './NetworkTables.js';
import { publishEpoch } from './publishEpoch.js';
import { readModelVersion } from './readModelVersion.js';
import { registerModelVersion } from './registerModelVersion.js';
import { storeModelFile } from './storeModelFile.js';

export type PublishRoundParameters = {
  db: Kysely<Tables>;
  publicClient: PublicClient<Transport, Chain>;
  sender: TransactionSender;
  chainId: number;
  contracts: NetworkContracts;
  /** Model files are kept under `<dataDir>/network/models/`. */
  dataDir: string;
  roundId: string;
  /** The epoch's reward, in the token's smallest unit (18 decimals). */
  budget: bigint;
  /** The part of the budget that pays compute contributors when both kinds earned; default 0.1. */
  computeShare?: number | undefined;
  /** Where others can fetch the model; default a file: URL of the kept copy. */
  uri?: string | undefined;
  logger?: Logger | undefined;
};

export type PublishedReward = { account: Address; kind: ContributorKind; amount: bigint; score: number };

export type PublishRoundReturnType = {
  roundId: string;
  modelSha256: string;
  modelFile: string;
  /** Null when no contributor earned anything (every one flagged or without value). */
  epoch: { epoch: number; root: Hex; total: bigint; txHash: Hex } | null;
  rewards: PublishedReward[];
  modelVersion: { version: number; txHash: Hex | null; status: 'registered' | 'already-registered'; uri: string };
};

/**
 * Publishes a completed round on chain: keeps a verified copy of its model, splits the budget among the
 * contributors by their measured contribution (the reward epoch's Merkle tree, stored with every proof before
 * anything is sent), publishes the epoch's root, and registers the model version with the parties' data
 * commitments, metrics, privacy spent and the epoch. Every step is idempotent: run again after a crash, it
 * finishes what is missing and sends nothing twice.
 * @example const published = await publishRound({ ...network, roundId: 'r-1', budget: 1_000n * 10n ** 18n })
 */
export async function publishRound(parameters: PublishRoundParameters): Promise<PublishRoundReturnType> {
  const { db, publicClient, sender, chainId, contracts, roundId } = parameters;
  const distributor = contracts.rewardDistributor.address;
  const distributorKey = distributor.toLowerCase();
  const round = await db.selectFrom('network_rounds').selectAll().where('id', '=', roundId).executeTakeFirst();
  if (!round) throw new NotFoundError(`No round ${roundId} was recorded.`, { field: 'roundId' });
  if (round.status !== 'completed' || !round.model_sha256 || !round.model_file)
    throw new ConflictError(`Round ${roundId} is ${round.status}; only a completed round with a model is published.`, {
      field: 'roundId',
    });
  const modelSha256 = round.model_sha256;
  const modelFile = await storeModelFile({
    dataDir: parameters.dataDir,
    source: round.model_file,
    sha256: modelSha256,
  });
  const contributions = await db
    .selectFrom('network_contributions')
    .selectAll()
    .where('round_id', '=', roundId)
    .orderBy('contributor')
    .execute();

  // The epoch: prepared once (tree and proofs stored), then published.
  let epochRow = await db
    .selectFrom('network_reward_epochs')
    .selectAll()
    .where('chain_id', '=', chainId)
    .where('distributor', '=', distributorKey)
    .where('round_id', '=', roundId)
    .executeTakeFirst();
  if (!epochRow) {
    const scores = rewardScores(contributions);
    // Epochs are published in order: one prepared for another round (a crash before it was sent) goes first.
    const pending = await db
      .selectFrom('network_reward_epochs')
      .select(['epoch', 'round_id'])
      .where('chain_id', '=', chainId)
      .where('distributor', '=', distributorKey)
      .where('status', '=', 'prepared')
      .executeTakeFirst();
    if (pending && scores.length > 0)
      throw new ConflictError(
        `Reward epoch ${pending.epoch} of round ${pending.round_id} is prepared but not published.`,
        {
          field: 'roundId',
          details: `Publish round ${pending.round_id} again first; epochs are published in order.`,
        },
      );
    if (scores.length > 0) {
      const [onChain, stored] = await Promise.all([
        publicClient.readContract({ address: distributor, abi: rewardDistributorAbi, functionName: 'epochCount' }),
        db
          .selectFrom('network_reward_epochs')
          .select((eb) => eb.fn.max('epoch').as('epoch'))
          .where('chain_id', '=', chainId)
          .where('distributor', '=', distributorKey)
          .executeTakeFirst(),
      ]);
      const epoch = BigInt(Math.max(Number(onChain), stored?.epoch ?? 0) + 1);
      const tree = buildRewardTree({
        epoch,
        budget: parameters.budget,
        contributions: scores,
        computeShare: parameters.computeShare,
      });
      epochRow = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('network_reward_epochs')
          .values({
            chain_id: chainId,
            distributor: distributorKey,
            epoch: Number(epoch),
            round_id: roundId,
            merkle_root: tree.root,
            total: tree.total,
            budget: parameters.budget,
            tree: JSON.stringify(tree.dump),
            status: 'prepared',
            tx_hash: null,
            published_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('network_reward_claims')
          .values(
            tree.rewards.map((reward) => ({
              chain_id: chainId,
              distributor: distributorKey,
              epoch: Number(epoch),
              account: reward.account.toLowerCase(),
              amount: reward.amount,
              score: reward.score,
              proof: JSON.stringify(reward.proof),
              status: 'claimable' as const,
              tx_hash: null,
              claimed_at: null,
            })),
          )
          .execute();
        return inserted;
      });
      parameters.logger?.info({ roundId, epoch: Number(epoch), root: tree.root }, 'reward epoch prepared');
    }
  }

  let epoch: PublishRoundReturnType['epoch'] = null;
  if (epochRow) {
    const { txHash } = await publishEpoch({
      sender,
      publicClient,
      distributor,
      epoch: BigInt(epochRow.epoch),
      root: epochRow.merkle_root as Hex,
      total: BigInt(epochRow.total),
    });
    if (epochRow.status !== 'published')
      await db
        .updateTable('network_reward_epochs')
        .set({ status: 'published', tx_hash: txHash, published_at: new Date() })
        .where('chain_id', '=', chainId)
        .where('distributor', '=', distributorKey)
        .where('epoch', '=', epochRow.epoch)
        .execute();
    epoch = { epoch: epochRow.epoch, root: epochRow.merkle_root as Hex, total: BigInt(epochRow.total), txHash };
  }

  const uri = parameters.uri ?? pathToFileURL(modelFile).href;
  const trainedOn = contributions.filter((c) => c.kind === 'data' && c.trained && c.data_commitment);
  const metrics = round.metrics as { federated?: { f1?: number; rocAuc?: number } };
  const federated = metrics.federated;
  if (typeof federated?.f1 !== 'number' || typeof federated.rocAuc !== 'number')
    throw new ValidationError(`Round ${roundId} reports no federated F1 and ROC-AUC.`, { field: 'metrics.federated' });
  const registered = await registerModelVersion({
    sender,
    publicClient,
    registry: contracts.modelRegistry.address,
    input: {
      modelSha256,
      dataCommitments: trainedOn.map((c) => ({ party: c.contributor, commitment: c.data_commitment! })),
      metrics: { f1: federated.f1, rocAuc: federated.rocAuc },
      privacy:
        round.privacy_epsilon === null ? null : { epsilon: round.privacy_epsilon, delta: round.privacy_delta ?? 0 },
      rewardEpoch: epoch ? BigInt(epoch.epoch) : null,
      uri,
    },
  });
  const record = await readModelVersion({
    publicClient,
    registry: contracts.modelRegistry.address,
    version: registered.version,
  });
  await db
    .insertInto('network_model_versions')
    .values({
      chain_id: chainId,
      registry: contracts.modelRegistry.address.toLowerCase(),
      version: registered.version,
      model_sha256: record.modelSha256,
      file_path: record.modelSha256 === modelSha256 ? modelFile : null,
      uri: record.uri,
      round_id: record.modelSha256 === modelSha256 ? roundId : null,
      reward_epoch: record.rewardEpoch,
      metrics: JSON.stringify(round.metrics),
      privacy_epsilon: record.privacy?.epsilon ?? null,
      privacy_delta: record.privacy?.delta ?? null,
      data_commitments: JSON.stringify(record.dataCommitments),
      tx_hash: registered.txHash,
      registered_at: record.registeredAt,
    })
    .onConflict((oc) => oc.columns(['chain_id', 'registry', 'version']).doNothing())
    .execute();

  const claims = epochRow
    ? await db
        .selectFrom('network_reward_claims')
        .select(['account', 'amount', 'score'])
        .where('chain_id', '=', chainId)
        .where('distributor', '=', distributorKey)
        .where('epoch', '=', epochRow.epoch)
        .orderBy('account')
        .execute()
    : [];
  const kinds = new Map(contributions.map((c) => [c.contributor, c.kind]));
  return {
    roundId,
    modelSha256,
    modelFile,
    epoch,
    rewards: claims.map((claim) => ({
      account: getAddress(claim.account),
      kind: kinds.get(claim.account) ?? 'data',
      amount: BigInt(claim.amount),
      score: claim.score,
    })),
    modelVersion: {
      version: registered.version,
      txHash: registered.txHash,
      status: registered.status,
      uri: record.uri,
    },
  };
}

/** The tree's contributions: each paid contributor's share of its kind's reward; unpaid ones (flagged, no value) get none. */
function rewardScores(
  contributions: readonly { contributor: string; kind: ContributorKind; status: string; share: number }[],
): RewardContribution[] {
  return contributions
    .filter((c) => c.status === 'paid' && c.share > 0)
    .map((c) => ({ account: c.contributor, score: c.share, kind: c.kind }));
}
