import { type Kysely, sql } from 'kysely';

// The transaction outbox: every transaction Tandem sends is stored — and signed — before it is broadcast, so after a
// crash its hash is known and its fate is read from the chain instead of being guessed. The indexer's tables keep
// the events Tandem cares about and the block hashes it saw, to notice reorgs.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table chain_outbox (
      id text primary key,
      idempotency_key text not null,
      chain_id integer not null,
      from_address text not null,
      to_address text,
      data text not null default '0x',
      value numeric(78, 0) not null default 0,
      purpose text not null,
      metadata jsonb not null default '{}',
      status text not null check (status in ('pending', 'signed', 'sent', 'confirmed', 'reverted', 'failed')),
      nonce bigint,
      gas_limit numeric(78, 0),
      max_fee_per_gas numeric(78, 0),
      max_priority_fee_per_gas numeric(78, 0),
      signed_raw text,
      tx_hash text,
      block_number bigint,
      gas_used numeric(78, 0),
      attempts integer not null default 0,
      error text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (chain_id, idempotency_key),
      unique (chain_id, from_address, nonce)
    )`.execute(db);
  await sql`create index chain_outbox_open on chain_outbox (chain_id, status) where status in ('pending', 'signed', 'sent')`.execute(
    db,
  );
  await sql`create unique index chain_outbox_hash on chain_outbox (tx_hash) where tx_hash is not null`.execute(db);

  await sql`
    create table chain_indexer_blocks (
      chain_id integer not null,
      block_number bigint not null,
      block_hash text not null,
      parent_hash text not null,
      primary key (chain_id, block_number)
    )`.execute(db);
  await sql`
    create table chain_events (
      chain_id integer not null,
      block_number bigint not null,
      block_hash text not null,
      tx_hash text not null,
      log_index integer not null,
      address text not null,
      event_name text not null,
      args jsonb not null,
      primary key (chain_id, tx_hash, log_index)
    )`.execute(db);
  await sql`create index chain_events_by_block on chain_events (chain_id, block_number)`.execute(db);
  await sql`create index chain_events_by_address on chain_events (chain_id, address, event_name)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table chain_events`.execute(db);
  await sql`drop table chain_indexer_blocks`.execute(db);
  await sql`drop table chain_outbox`.execute(db);
}
