import { type Kysely, sql } from 'kysely';

// The audit trail: append-only and hash-chained (each event's hash covers the previous one), so removing or
// editing any event breaks the chain that `verify` recomputes. Updates and deletes are refused by the database.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_events (
      seq bigint primary key,
      at timestamptz not null,
      actor text not null,
      action text not null,
      subject text not null,
      data jsonb not null,
      prev_hash text not null,
      hash text not null unique
    )`.execute(db);
  await sql`
    create function audit_events_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'audit events are append-only (% refused)', tg_op using errcode = 'restrict_violation';
    end $$`.execute(db);
  await sql`
    create trigger audit_events_no_change before update or delete on audit_events
    for each row execute function audit_events_immutable()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_events`.execute(db);
  await sql`drop function audit_events_immutable`.execute(db);
}
