import { type Kysely, sql } from 'kysely';

// API keys: only the sha256 of the secret is stored, so a database dump does not hand out access.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table api_keys (
      id text primary key,
      name text not null,
      role text not null check (role in ('admin', 'approver', 'viewer', 'compliance')),
      secret_hash text not null unique,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table api_keys`.execute(db);
}
