import { type Kysely, sql } from 'kysely';

/** Sanctions screening: the loaded OFAC list versions, the addresses of the one in force, and each load's diff. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sanctions_list_versions (
      id text primary key,
      published_on text not null check (published_on ~ '^\\d{4}-\\d{2}-\\d{2}$'),
      sha256 text not null unique check (sha256 ~ '^[0-9a-f]{64}$'),
      source_file text not null,
      loaded_at timestamptz not null default now(),
      superseded_at timestamptz,
      address_count integer not null check (address_count > 0),
      ticker_count integer not null,
      by_ticker jsonb not null,
      added_count integer not null,
      removed_count integer not null,
      changed_count integer not null
    )`.execute(db);
  // At most one list is in force.
  await sql`create unique index sanctions_list_versions_in_force on sanctions_list_versions ((true)) where superseded_at is null`.execute(
    db,
  );
  await sql`
    create table sanctioned_addresses (
      ticker text not null,
      address text not null,
      listed_address text not null,
      entity text not null,
      programs text[] not null,
      profile_ids integer[] not null,
      version_id text not null references sanctions_list_versions (id),
      -- order in the list file: an address filed under several tickers answers with the first one
      position integer not null,
      primary key (ticker, address)
    )`.execute(db);
  await sql`create index sanctioned_addresses_address on sanctioned_addresses (address)`.execute(db);
  await sql`
    create table sanctions_list_changes (
      version_id text not null references sanctions_list_versions (id),
      change text not null check (change in ('added', 'removed', 'changed')),
      ticker text not null,
      address text not null,
      listed_address text not null,
      entity text not null,
      programs text[] not null,
      primary key (version_id, ticker, address)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table sanctions_list_changes`.execute(db);
  await sql`drop table sanctioned_addresses`.execute(db);
  await sql`drop table sanctions_list_versions`.execute(db);
}
