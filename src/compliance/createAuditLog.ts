import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Tables } from '../db/Tables.js';

export type AuditEvent = {
  seq: bigint;
  at: Date;
  actor: string;
  action: string;
  subject: string;
  data: unknown;
  prevHash: string;
  hash: string;
};

export type AppendAuditEvent = { actor: string; action: string; subject: string; data?: unknown };

const genesisHash = '0'.repeat(64);
// Serialises appends across processes and connections so the chain never forks.
const auditLockId = 0x7a6e_0001;

/** The hash-chained, append-only audit trail every state change of Tandem writes to. */
export function createAuditLog({ db }: { db: Kysely<Tables> }) {
  /**
   * Appends events in order as one link of the chain after another, with one lock, one read of the chain's end
   * and one insert: what a batch of screenings opening many cases at once needs.
   */
  async function appendMany(events: readonly AppendAuditEvent[], executor: Kysely<Tables> = db): Promise<AuditEvent[]> {
    if (events.length === 0) return [];
    const run = async (trx: Kysely<Tables>) => {
      await sql`select pg_advisory_xact_lock(${auditLockId})`.execute(trx);
      const last = await trx
        .selectFrom('audit_events')
        .select(['seq', 'hash'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      let seq = last?.seq ?? 0n;
      let prevHash = last?.hash ?? genesisHash;
      const at = new Date();
      const appended: AuditEvent[] = events.map((event) => {
        seq += 1n;
        const data = event.data ?? {};
        const link = { seq, at, actor: event.actor, action: event.action, subject: event.subject, data, prevHash };
        const hash = hashEvent(link);
        prevHash = hash;
        return { ...link, hash };
      });
      await trx
        .insertInto('audit_events')
        .values(
          appended.map((event) => ({
            seq: event.seq,
            at: event.at,
            actor: event.actor,
            action: event.action,
            subject: event.subject,
            data: JSON.stringify(event.data),
            prev_hash: event.prevHash,
            hash: event.hash,
          })),
        )
        .execute();
      return appended;
    };
    return executor.isTransaction ? run(executor) : executor.transaction().execute(run);
  }

  return {
    /** Appends an event; pass a transaction as `db` to make it part of the change it records. */
    async append(event: AppendAuditEvent, executor: Kysely<Tables> = db): Promise<AuditEvent> {
      const [appended] = await appendMany([event], executor);
      return appended!;
    },

    appendMany,

    async list(filter: { subject?: string; limit?: number } = {}): Promise<AuditEvent[]> {
      let query = db
        .selectFrom('audit_events')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(filter.limit ?? 100);
      if (filter.subject) query = query.where('subject', '=', filter.subject);
      return (await query.execute()).map(toEvent);
    },

    /** Recomputes the whole chain; names the first event that does not fit. */
    async verify(): Promise<{ ok: boolean; events: number; brokenAt?: bigint; reason?: string }> {
      let prevHash = genesisHash;
      let expectedSeq = 1n;
      let events = 0;
      for (const row of await db.selectFrom('audit_events').selectAll().orderBy('seq').execute()) {
        const event = toEvent(row);
        if (event.seq !== expectedSeq)
          return { ok: false, events, brokenAt: event.seq, reason: `gap before event ${event.seq}` };
        if (event.prevHash !== prevHash)
          return { ok: false, events, brokenAt: event.seq, reason: 'previous hash does not match' };
        if (hashEvent(event) !== event.hash)
          return { ok: false, events, brokenAt: event.seq, reason: 'event content does not match its hash' };
        prevHash = event.hash;
        expectedSeq += 1n;
        events += 1;
      }
      return { ok: true, events };
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;

function toEvent(row: Tables['audit_events'] extends infer T ? { [K in keyof T]: unknown } : never): AuditEvent {
  return {
    seq: BigInt(row.seq as bigint),
    at: new Date(row.at as Date),
    actor: row.actor as string,
    action: row.action as string,
    subject: row.subject as string,
    data: row.data,
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}

function hashEvent(event: Omit<AuditEvent, 'hash'>): string {
  const canonical = JSON.stringify([
    event.seq.toString(),
    event.at.toISOString(),
    event.actor,
    event.action,
    event.subject,
    canonicalJson(event.data),
    event.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** JSON with object keys sorted, so the hash does not depend on how jsonb reorders keys. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
