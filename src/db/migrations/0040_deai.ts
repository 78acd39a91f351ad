import { type Kysely, sql } from 'kysely';

/**
 * The open AI network: its contributors, training rounds and each contributor's measured contribution to a round;
 * the reward epochs published on chain (with the whole Merkle tree, so any contributor's proof can be served later)
 * and each contributor's claim; and the model versions recorded in the on-chain registry.
 *
 * The chain is the authority for epochs, claims and model versions; these tables remember what Tandem sent and
 * why (which round, which file), so the API can answer without walking the chain and a crash can resume.
 * Addresses are stored lowercased; hashes as lowercase hex.
 *
 * Each statement runs on its own because PGlite's extended-protocol queries take one statement at a time.
 */
const upStatements = [
  `create table network_contributors (
    address text not null constraint network_contributors_pkey primary key
      constraint network_contributor_address check (address ~ '^0x[0-9a-f]{40}$'),
    kind text not null constraint network_contributor_kind check (kind in ('data', 'compute')),
    name text constraint network_contributor_name check (char_length(name) <= 200),
    joined_at timestamptz not null default now(),
    flagged boolean not null default false,
    flagged_reason text,
    constraint network_contributor_flag check (flagged = (flagged_reason is not null))
  )`,

  // A training round as the coordinator reports it. Metrics, costs and the per-tree training curve are documents
  // whose shape follows the coordinator's report; the columns are what the API filters and joins on.
  `create table network_rounds (
    id text not null constraint network_rounds_pkey primary key
      constraint network_round_id check (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    status text not null constraint network_round_status check (status in ('running', 'completed', 'failed')),
    started_at timestamptz not null,
    ended_at timestamptz,
    parties integer not null constraint network_round_parties check (parties >= 0),
    trees integer constraint network_round_trees check (trees >= 0),
    model_sha256 text constraint network_round_model check (model_sha256 ~ '^[0-9a-f]{64}$'),
    model_file text,
    secure_aggregation boolean not null,
    privacy_epsilon double precision constraint network_round_epsilon check (privacy_epsilon > 0),
    privacy_delta double precision constraint network_round_delta check (privacy_delta >= 0 and privacy_delta <= 1),
    metrics jsonb not null default '{}',
    cost jsonb not null default '{}',
    training_curve jsonb,
    error text,
    created_at timestamptz not null default now(),
    constraint network_round_completed check (status <> 'completed' or model_sha256 is not null),
    constraint network_round_privacy check ((privacy_epsilon is null) = (privacy_delta is null))
  )`,
  `create index network_rounds_started on network_rounds (started_at desc)`,

  // A contributor's measured contribution to a round: for data contributors the Shapley value (validation ROC-AUC
  // gained) and its signed data commitment; for compute contributors the value of its agreed jobs. `share` is its
  // part of the round's reward; `status` says why it earns or not (flagged: duplicated or flipped data, …).
  `create table network_contributions (
    round_id text not null constraint network_contribution_round references network_rounds (id),
    contributor text not null constraint network_contribution_contributor references network_contributors (address),
    kind text not null constraint network_contribution_kind check (kind in ('data', 'compute')),
    data_sha256 text constraint network_contribution_data_sha256 check (data_sha256 ~ '^[0-9a-f]{64}$'),
    rows integer constraint network_contribution_rows check (rows >= 0),
    data_signature text,
    data_commitment text constraint network_contribution_commitment check (data_commitment ~ '^0x[0-9a-f]{64}$'),
    trained boolean not null,
    score double precision not null,
    share double precision not null constraint network_contribution_share check (share >= 0 and share <= 1),
    method text not null constraint network_contribution_method check (char_length(method) between 1 and 80),
    status text not null constraint network_contribution_status check (status in ('paid', 'no-value', 'flagged')),
    reason text not null,
    constraint network_contributions_pkey primary key (round_id, contributor),
    constraint network_contribution_data check (kind = 'data' or data_commitment is null)
  )`,
  `create index network_contributions_contributor on network_contributions (contributor)`,

  // One Merkle root per epoch on one distributor. Written 'prepared' (with its tree) before the transaction is sent,
  // so a crash resumes with the same tree under the same idempotency key.
  `create table network_reward_epochs (
    chain_id integer not null,
    distributor text not null constraint network_reward_epoch_distributor check (distributor ~ '^0x[0-9a-f]{40}$'),
    epoch integer not null constraint network_reward_epoch_number check (epoch >= 1),
    round_id text constraint network_reward_epoch_round references network_rounds (id),
    merkle_root text not null constraint network_reward_epoch_root check (merkle_root ~ '^0x[0-9a-f]{64}$'),
    total numeric(78, 0) not null constraint network_reward_epoch_total check (total > 0),
    budget numeric(78, 0) not null constraint network_reward_epoch_budget check (budget >= total),
    tree jsonb not null,
    status text not null constraint network_reward_epoch_status check (status in ('prepared', 'published')),
    tx_hash text,
    published_at timestamptz,
    created_at timestamptz not null default now(),
    constraint network_reward_epochs_pkey primary key (chain_id, distributor, epoch),
    constraint network_reward_epoch_published check ((status = 'published') = (tx_hash is not null))
  )`,
  `create unique index network_reward_epochs_round on network_reward_epochs (chain_id, distributor, round_id)`,

  // Every contributor's reward of an epoch, claimable until claimed on chain (by Tandem or by the contributor).
  `create table network_reward_claims (
    chain_id integer not null,
    distributor text not null,
    epoch integer not null,
    account text not null constraint network_reward_claim_account check (account ~ '^0x[0-9a-f]{40}$'),
    amount numeric(78, 0) not null constraint network_reward_claim_amount check (amount > 0),
    score double precision not null,
    proof jsonb not null,
    status text not null constraint network_reward_claim_status check (status in ('claimable', 'claimed')),
    tx_hash text,
    claimed_at timestamptz,
    constraint network_reward_claims_pkey primary key (chain_id, distributor, epoch, account),
    constraint network_reward_claim_epoch foreign key (chain_id, distributor, epoch)
      references network_reward_epochs (chain_id, distributor, epoch)
  )`,
  `create index network_reward_claims_account on network_reward_claims (account, status)`,

  `create table network_model_versions (
    chain_id integer not null,
    registry text not null constraint network_model_version_registry check (registry ~ '^0x[0-9a-f]{40}$'),
    version integer not null constraint network_model_version_number check (version >= 1),
    model_sha256 text not null constraint network_model_version_sha256 check (model_sha256 ~ '^[0-9a-f]{64}$'),
    file_path text,
    uri text not null,
    round_id text constraint network_model_version_round references network_rounds (id),
    reward_epoch integer,
    metrics jsonb not null,
    privacy_epsilon double precision,
    privacy_delta double precision,
    data_commitments jsonb not null,
    tx_hash text,
    registered_at timestamptz not null,
    constraint network_model_versions_pkey primary key (chain_id, registry, version),
    constraint network_model_version_unique_model unique (chain_id, registry, model_sha256)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'network_model_versions',
    'network_reward_claims',
    'network_reward_epochs',
    'network_contributions',
    'network_rounds',
    'network_contributors',
  ])
    await sql.raw(`drop table ${table}`).execute(db);
}
