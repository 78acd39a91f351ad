import { type Kysely, sql } from 'kysely';

/**
 * `audit_expect_head(seq, hash)`: for a statement that appends audit events it linked itself (a screening batch
 * stores its decisions, cases and their events in one statement). It takes the audit lock that every append takes
 * (createAuditLog), then reads the chain's end with a snapshot of its own (a volatile function's query sees what
 * committed while it waited for the lock) and refuses, with SQLSTATE TA001 and the real end as `seq hash` in the
 * detail, if that is not where the events were linked: the statement fails as a whole and nothing is written.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function audit_expect_head(expected_seq bigint, expected_hash text) returns boolean
    language plpgsql volatile as $$
    declare
      head_seq bigint;
      head_hash text;
    begin
      perform pg_advisory_xact_lock(${sql.lit(0x7a6e_0001)});
      select seq, hash into head_seq, head_hash from audit_events order by seq desc limit 1;
      head_seq := coalesce(head_seq, 0);
      head_hash := coalesce(head_hash, repeat('0', 64));
      if head_seq <> expected_seq or head_hash <> expected_hash then
        raise exception 'the audit chain ends at event %, not %', head_seq, expected_seq
          using errcode = 'TA001', detail = head_seq::text || ' ' || head_hash;
      end if;
      return true;
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function audit_expect_head`.execute(db);
}
