import type { ColumnType, Generated } from 'kysely';

/** numeric(78,0): written as bigint or string, read as string. */
type Uint256 = ColumnType<string, bigint | string, bigint | string>;
/** jsonb: read parsed, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

export type ContributorKind = 'data' | 'compute';
export type NetworkRoundStatus = 'running' | 'completed' | 'failed';
export type RewardEpochStatus = 'prepared' | 'published';
export type RewardClaimStatus = 'claimable' | 'claimed';
export type ContributionStatus = 'paid' | 'no-value' | 'flagged';

export type NetworkContributorsTable = {
  /** Lowercased. */
  address: string;
  kind: ContributorKind;
  name: string | null;
  joined_at: Generated<Date>;
  flagged: Generated<boolean>;
  flagged_reason: string | null;
};

export type NetworkRoundsTable = {
  id: string;
  status: NetworkRoundStatus;
  started_at: Date;
  ended_at: Date | null;
  parties: number;
  trees: number | null;
  model_sha256: string | null;
  model_file: string | null;
  secure_aggregation: boolean;
  privacy_epsilon: number | null;
  privacy_delta: number | null;
  metrics: Json<Record<string, unknown>>;
  cost: Json<Record<string, unknown>>;
  training_curve: Json<unknown> | null;
  error: string | null;
  created_at: Generated<Date>;
};

export type NetworkContributionsTable = {
  round_id: string;
  contributor: string;
  kind: ContributorKind;
  /** sha256 of the party's training data, its row count and its EIP-191 signature over them (data contributors). */
  data_sha256: string | null;
  rows: number | null;
  data_signature: string | null;
  /** What the model registry records for the party: the digest the party signed (see dataCommitmentDigest). */
  data_commitment: string | null;
  /** Whether its rows trained the model (a duplicate is left out). */
  trained: boolean;
  score: number;
  share: number;
  method: string;
  status: ContributionStatus;
  reason: string;
};

export type NetworkRewardEpochsTable = {
  chain_id: number;
  distributor: string;
  epoch: number;
  round_id: string | null;
  merkle_root: string;
  total: Uint256;
  budget: Uint256;
  tree: Json<unknown>;
  status: RewardEpochStatus;
  tx_hash: string | null;
  published_at: Date | null;
  created_at: Generated<Date>;
};

export type NetworkRewardClaimsTable = {
  chain_id: number;
  distributor: string;
  epoch: number;
  account: string;
  amount: Uint256;
  score: number;
  proof: Json<string[]>;
  status: RewardClaimStatus;
  tx_hash: string | null;
  claimed_at: Date | null;
};

export type NetworkModelVersionsTable = {
  chain_id: number;
  registry: string;
  version: number;
  model_sha256: string;
  file_path: string | null;
  uri: string;
  round_id: string | null;
  reward_epoch: number | null;
  metrics: Json<Record<string, unknown>>;
  privacy_epsilon: number | null;
  privacy_delta: number | null;
  data_commitments: Json<{ party: string; commitment: string }[]>;
  tx_hash: string | null;
  registered_at: Date;
};

/** The open AI network's tables (migration 0040_deai). */
export type NetworkTables = {
  network_contributors: NetworkContributorsTable;
  network_rounds: NetworkRoundsTable;
  network_contributions: NetworkContributionsTable;
  network_reward_epochs: NetworkRewardEpochsTable;
  network_reward_claims: NetworkRewardClaimsTable;
  network_model_versions: NetworkModelVersionsTable;
};
