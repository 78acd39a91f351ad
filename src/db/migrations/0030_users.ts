import { type Kysely, sql } from 'kysely';

/**
 * People who sign in to the web app: local users with scrypt password hashes, and their sessions. A session belongs
 * to a user or to an API key (signing in with a key), never both; only the sha256 of its cookie token is stored.
 *
 * Each statement runs on its own because PGlite's extended-protocol queries take one statement at a time.
 */
const upStatements = [
  `create table users (
    id text primary key,
    email text not null constraint user_email
      check (char_length(email) <= 254 and email = lower(btrim(email)) and email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    name text not null constraint user_name check (char_length(name) between 1 and 200 and name = btrim(name)),
    role text not null constraint user_role check (role in ('admin', 'approver', 'viewer', 'compliance')),
    password_hash text not null constraint user_password_hash check (password_hash like 'scrypt$%'),
    created_at timestamptz not null default now(),
    disabled_at timestamptz,
    constraint users_email_key unique (email)
  )`,
  `create table sessions (
    id text primary key,
    token_hash text not null constraint sessions_token_hash_key unique,
    user_id text references users (id),
    api_key_id text references api_keys (id),
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    revoked_at timestamptz,
    constraint session_owner check ((user_id is null) <> (api_key_id is null))
  )`,
  'create index sessions_user_id on sessions (user_id)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists sessions`.execute(db);
  await sql`drop table if exists users`.execute(db);
}
