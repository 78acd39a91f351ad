import type { Kysely, Selectable } from 'kysely';
import type { Logger } from 'pino';
import {
  type Address,
  type Chain,
  erc20Abi,
  getAddress,
  type Hex,
  isAddress,
  type PublicClient,
  type Transport,
} from 'viem';
import { modelRegistryAbi } from '../../chain/contracts/generated/ModelRegistry.js';
import { rewardDistributorAbi } from '../../chain/contracts/generated/RewardDistributor.js';
import type { TransactionSender } from '../../chain/sender/createTransactionSender.js';
import type { Tables } from '../../db/Tables.js';
import { NotFoundError, ValidationError } from '../../errors/BaseError.js';
import type { RegistryModel } from '../../risk/registry/createModelRegistry.js';
import { claimReward } from './claimReward.js';
import { createRegistryModelFetcher } from './createRegistryModelFetcher.js';
import type { NetworkContracts } from './deployNetworkContracts.js';
import type { ModelVersionRecord } from './ModelVersionRecord.js';
import type {
  ContributionStatus,
  ContributorKind,
  NetworkRoundStatus,
  NetworkRoundsTable,
  RewardClaimStatus,
} from './NetworkTables.js';
import type { NetworkRoundReportInput } from './networkRoundReport.js';
import { type PublishRoundReturnType, publishRound } from './publishRound.js';
import { readModelVersion } from './readModelVersion.js';
import { recordRound } from './recordRound.js';
import { type ModelVerification, verifyModelHash } from './verifyModelHash.js';

export type CreateOpenNetworkParameters = {
  db: Kysely<Tables>;
  chainId: number;
  publicClient: PublicClient<Transport, Chain>;
  sender: TransactionSender;
  contracts: NetworkContracts;
  dataDir: string;
  /** The reward of one epoch (one published model version) unless a publication names another; default 1,000 tokens. */
  epochBudget?: bigint | undefined;
  logger?: Logger | undefined;
};

export type Contributor = {
  address: Address;
  kind: ContributorKind;
  name: string | null;
  joinedAt: Date;
  flagged: boolean;
  flaggedReason: string | null;
  rounds: number;
  /** Token smallest units allocated to it over all epochs, and how much of that was claimed. */
  rewarded: bigint;
  claimed: bigint;
};

export type NetworkRound = {
  id: string;
  status: NetworkRoundStatus;
  startedAt: Date;
  endedAt: Date | null;
  parties: number;
  trees: number | null;
  modelSha256: string | null;
  secureAggregation: boolean;
  privacy: { epsilon: number; delta: number } | null;
  metrics: Record<string, unknown>;
  cost: Record<string, unknown>;
  error: string | null;
  rewardEpoch: number | null;
  modelVersion: number | null;
};

export type Contribution = {
  roundId: string;
  contributor: Address;
  kind: ContributorKind;
  /** sha256 of its training data, rows, and the commitment the registry records (data contributors). */
  dataSha256: string | null;
  rows: number | null;
  dataCommitment: Hex | null;
  trained: boolean;
  score: number;
  share: number;
  method: string;
  status: ContributionStatus;
  reason: string;
};

export type RewardClaim = {
  epoch: number;
  roundId: string | null;
  account: Address;
  amount: bigint;
  score: number;
  proof: Hex[];
  status: RewardClaimStatus;
  txHash: Hex | null;
  claimedAt: Date | null;
};

export type ModelVersionView = ModelVersionRecord & {
  registry: Address;
  /** Tandem's local knowledge of the version, when Tandem published it. */
  roundId: string | null;
  filePath: string | null;
  txHash: Hex | null;
};

const tokenUnit = 10n ** 18n;

/**
 * The open AI network's records and on-chain actions, for the API and the CLI: contributors, rounds and
 * contributions as the coordinator reported them; reward epochs and claims; model versions read from the on-chain
 * registry; and the risk engine's `registry:N` seam.
 * @example const network = createOpenNetwork({ db, chainId, publicClient, sender, contracts, dataDir })
 */
export function createOpenNetwork(parameters: CreateOpenNetworkParameters) {
  const { db, chainId, publicClient, sender, contracts, logger } = parameters;
  const distributor = contracts.rewardDistributor.address;
  const distributorKey = distributor.toLowerCase();
  const registry = contracts.modelRegistry.address;
  const registryKey = registry.toLowerCase();
  const epochBudget = parameters.epochBudget ?? 1_000n * tokenUnit;
  const fetchRegistryVersion = createRegistryModelFetcher({ db, publicClient, chainId, registry });

  async function claimRows(filter: { account?: string | undefined; epoch?: number | undefined }) {
    let query = db
      .selectFrom('network_reward_claims as c')
      .innerJoin('network_reward_epochs as e', (join) =>
        join
          .onRef('e.chain_id', '=', 'c.chain_id')
          .onRef('e.distributor', '=', 'c.distributor')
          .onRef('e.epoch', '=', 'c.epoch'),
      )
      .select([
        'c.epoch',
        'e.round_id',
        'e.status as epoch_status',
        'c.account',
        'c.amount',
        'c.score',
        'c.proof',
        'c.status',
        'c.tx_hash',
        'c.claimed_at',
      ])
      .where('c.chain_id', '=', chainId)
      .where('c.distributor', '=', distributorKey)
      .orderBy('c.epoch')
      .orderBy('c.account');
    if (filter.account) query = query.where('c.account', '=', parseAccount(filter.account).toLowerCase());
    if (filter.epoch !== undefined) query = query.where('c.epoch', '=', filter.epoch);
    return query.execute();
  }

  /** Marks rewards claimed outside Tandem (by the contributor itself) as claimed. */
  async function refreshClaims(rows: Awaited<ReturnType<typeof claimRows>>) {
    for (const row of rows) {
      if (row.status !== 'claimable' || row.epoch_status !== 'published') continue;
      const claimed = await publicClient.readContract({
        address: distributor,
        abi: rewardDistributorAbi,
        functionName: 'isClaimed',
        args: [BigInt(row.epoch), getAddress(row.account)],
      });
      if (!claimed) continue;
      await db
        .updateTable('network_reward_claims')
        .set({ status: 'claimed', claimed_at: new Date() })
        .where('chain_id', '=', chainId)
        .where('distributor', '=', distributorKey)
        .where('epoch', '=', row.epoch)
        .where('account', '=', row.account)
        .where('status', '=', 'claimable')
        .execute();
      row.status = 'claimed';
      row.claimed_at = new Date();
    }
    return rows;
  }

  const toClaim = (row: Awaited<ReturnType<typeof claimRows>>[number]): RewardClaim => ({
    epoch: row.epoch,
    roundId: row.round_id,
    account: getAddress(row.account),
    amount: BigInt(row.amount),
    score: row.score,
    proof: row.proof as Hex[],
    status: row.status,
    txHash: (row.tx_hash as Hex | null) ?? null,
    claimedAt: row.claimed_at,
  });

  async function modelVersionView(record: ModelVersionRecord): Promise<ModelVersionView> {
    const local = await db
      .selectFrom('network_model_versions')
      .select(['round_id', 'file_path', 'tx_hash'])
      .where('chain_id', '=', chainId)
      .where('registry', '=', registryKey)
      .where('version', '=', record.version)
      .executeTakeFirst();
    return {
      ...record,
      registry,
      roundId: local?.round_id ?? null,
      filePath: local?.file_path ?? null,
      txHash: (local?.tx_hash as Hex | null | undefined) ?? null,
    };
  }

  return {
    contracts,

    /** Stores a round as the coordinator reports it (idempotent). */
    recordRound: (report: NetworkRoundReportInput) => recordRound(db, report),

    /** Rewards a completed round's contributors and registers its model on chain (idempotent). */
    publishRound(options: {
      roundId: string;
      budget?: bigint | undefined;
      computeShare?: number | undefined;
      uri?: string | undefined;
    }): Promise<PublishRoundReturnType> {
      return publishRound({
        db,
        publicClient,
        sender,
        chainId,
        contracts,
        dataDir: parameters.dataDir,
        roundId: options.roundId,
        budget: options.budget ?? epochBudget,
        computeShare: options.computeShare,
        uri: options.uri,
        logger,
      });
    },

    async contributors(): Promise<Contributor[]> {
      const rows = await db
        .selectFrom('network_contributors as p')
        .selectAll('p')
        .select((eb) => [
          eb
            .selectFrom('network_contributions as c')
            .select((inner) => inner.fn.countAll<string>().as('n'))
            .whereRef('c.contributor', '=', 'p.address')
            .as('rounds'),
          eb
            .selectFrom('network_reward_claims as r')
            .select((inner) => inner.fn.coalesce(inner.fn.sum<string>('r.amount'), inner.val('0')).as('s'))
            .whereRef('r.account', '=', 'p.address')
            .where('r.chain_id', '=', chainId)
            .where('r.distributor', '=', distributorKey)
            .as('rewarded'),
          eb
            .selectFrom('network_reward_claims as r')
            .select((inner) => inner.fn.coalesce(inner.fn.sum<string>('r.amount'), inner.val('0')).as('s'))
            .whereRef('r.account', '=', 'p.address')
            .where('r.chain_id', '=', chainId)
            .where('r.distributor', '=', distributorKey)
            .where('r.status', '=', 'claimed')
            .as('claimed'),
        ])
        .orderBy('p.joined_at')
        .orderBy('p.address')
        .execute();
      return rows.map((row) => ({
        address: getAddress(row.address),
        kind: row.kind,
        name: row.name,
        joinedAt: row.joined_at,
        flagged: row.flagged,
        flaggedReason: row.flagged_reason,
        rounds: Number(row.rounds ?? 0),
        rewarded: BigInt(row.rewarded ?? 0),
        claimed: BigInt(row.claimed ?? 0),
      }));
    },

    async rounds(): Promise<NetworkRound[]> {
      const rows = await db.selectFrom('network_rounds').selectAll().orderBy('started_at', 'desc').execute();
      return Promise.all(rows.map((row) => toRound(row)));
    },

    /** A round with its contributions and, when the coordinator reported it, its per-tree training curve. */
    async round(
      id: string,
    ): Promise<NetworkRound & { contributions: Contribution[]; trainingCurve: unknown[] | null }> {
      const row = await db.selectFrom('network_rounds').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new NotFoundError(`No round ${id} was recorded.`, { field: 'id' });
      return {
        ...(await toRound(row)),
        contributions: await this.contributions({ roundId: id }),
        trainingCurve: (row.training_curve as unknown[] | null) ?? null,
      };
    },

    async contributions(
      filter: { roundId?: string | undefined; contributor?: string | undefined } = {},
    ): Promise<Contribution[]> {
      let query = db.selectFrom('network_contributions').selectAll().orderBy('round_id').orderBy('contributor');
      if (filter.roundId) query = query.where('round_id', '=', filter.roundId);
      if (filter.contributor) query = query.where('contributor', '=', parseAccount(filter.contributor).toLowerCase());
      return (await query.execute()).map((row) => ({
        roundId: row.round_id,
        contributor: getAddress(row.contributor),
        kind: row.kind,
        dataSha256: row.data_sha256,
        rows: row.rows,
        dataCommitment: row.data_commitment as Hex | null,
        trained: row.trained,
        score: row.score,
        share: row.share,
        method: row.method,
        status: row.status,
        reason: row.reason,
      }));
    },

    /** Every reward allocated (to `account`, when given), with what is still claimable; claims made outside Tandem are picked up from the chain. */
    async rewards(filter: { account?: string | undefined; epoch?: number | undefined } = {}): Promise<RewardClaim[]> {
      return (await refreshClaims(await claimRows(filter))).map(toClaim);
    },

    /** Claims `account`'s reward of `epoch` for it (Tandem pays the gas; exactly once). */
    async claim(input: { epoch: number; account: string }): Promise<RewardClaim> {
      const account = parseAccount(input.account);
      const [row] = await refreshClaims(await claimRows({ account, epoch: input.epoch }));
      if (!row) throw new NotFoundError(`${account} has no reward in epoch ${input.epoch}.`, { field: 'account' });
      if (row.epoch_status !== 'published')
        throw new NotFoundError(`Epoch ${input.epoch} is not published yet.`, { field: 'epoch' });
      if (row.status === 'claimed') return toClaim(row);
      const claimed = await claimReward({
        sender,
        publicClient,
        distributor,
        epoch: BigInt(row.epoch),
        account,
        amount: BigInt(row.amount),
        proof: row.proof as Hex[],
      });
      const claimedAt = new Date();
      await db
        .updateTable('network_reward_claims')
        .set({ status: 'claimed', tx_hash: claimed.txHash, claimed_at: claimedAt })
        .where('chain_id', '=', chainId)
        .where('distributor', '=', distributorKey)
        .where('epoch', '=', row.epoch)
        .where('account', '=', row.account)
        .execute();
      return toClaim({ ...row, status: 'claimed', tx_hash: claimed.txHash, claimed_at: claimedAt });
    },

    /** Claims every claimable reward (of `epoch`, when given). */
    async claimAll(filter: { epoch?: number | undefined } = {}): Promise<RewardClaim[]> {
      const claimable = (await this.rewards(filter)).filter((reward) => reward.status === 'claimable');
      const claimed: RewardClaim[] = [];
      for (const reward of claimable) claimed.push(await this.claim({ epoch: reward.epoch, account: reward.account }));
      return claimed;
    },

    /** The reward token balance of `account`, in its smallest unit. */
    tokenBalance(account: string): Promise<bigint> {
      return publicClient.readContract({
        address: contracts.rewardToken.address,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [parseAccount(account)],
      });
    },

    /** Every version in the on-chain registry, newest first. */
    async modelVersions(): Promise<ModelVersionView[]> {
      const count = await publicClient.readContract({
        address: registry,
        abi: modelRegistryAbi,
        functionName: 'versionCount',
      });
      const versions: ModelVersionView[] = [];
      for (let version = Number(count); version >= 1; version--)
        versions.push(await modelVersionView(await readModelVersion({ publicClient, registry, version })));
      return versions;
    },

    async modelVersion(version: number): Promise<ModelVersionView> {
      return modelVersionView(await readModelVersion({ publicClient, registry, version }));
    },

    /** Compares a model file's sha256 with the registry (with `version`'s record, or by finding its version). */
    verify(input: { sha256: string; version?: number | undefined }): Promise<ModelVerification> {
      return verifyModelHash({ publicClient, registry, sha256: input.sha256, version: input.version });
    },

    /** The risk engine's `registry:N` seam. */
    fetchRegistryVersion: (version: number): Promise<RegistryModel> => fetchRegistryVersion(version),
  };

  async function toRound(row: Selectable<NetworkRoundsTable>): Promise<NetworkRound> {
    const [epoch, version] = await Promise.all([
      db
        .selectFrom('network_reward_epochs')
        .select('epoch')
        .where('chain_id', '=', chainId)
        .where('distributor', '=', distributorKey)
        .where('round_id', '=', row.id)
        .executeTakeFirst(),
      db
        .selectFrom('network_model_versions')
        .select('version')
        .where('chain_id', '=', chainId)
        .where('registry', '=', registryKey)
        .where('round_id', '=', row.id)
        .executeTakeFirst(),
    ]);
    return {
      id: row.id,
      status: row.status,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      parties: row.parties,
      trees: row.trees,
      modelSha256: row.model_sha256,
      secureAggregation: row.secure_aggregation,
      privacy: row.privacy_epsilon === null ? null : { epsilon: row.privacy_epsilon, delta: row.privacy_delta ?? 0 },
      metrics: row.metrics,
      cost: row.cost,
      error: row.error,
      rewardEpoch: epoch?.epoch ?? null,
      modelVersion: version?.version ?? null,
    };
  }
}

export type OpenNetwork = ReturnType<typeof createOpenNetwork>;

function parseAccount(account: string): Address {
  if (!isAddress(account, { strict: false }))
    throw new ValidationError(`"${account}" is not an EVM address.`, { field: 'account' });
  return getAddress(account);
}
