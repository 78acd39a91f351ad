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

/** Where the chain ends: its last event's seq and hash (0 and the genesis hash when empty). */
export type AuditHead = { seq: bigint; hash: string };

const genesisHash = '0'.repeat(64);
// Serialises appends across processes and connections so the chain never forks (audit_expect_head takes it too).
const auditLockId = 0x7a6e_0001;

/** Links events one after another after `head`: their seqs, previous hashes and hashes. */
function linkAuditEvents(events: readonly AppendAuditEvent[], head: AuditHead, at = new Date()): AuditEvent[] {
  let seq = head.seq;
  let prevHash = head.hash;
  return events.map((event) => {
    seq += 1n;
    const data = event.data ?? {};
    const link = { seq, at, actor: event.actor, action: event.action, subject: event.subject, data, prevHash };
    const hash = hashEvent(link);
    prevHash = hash;
    return { ...link, hash };
  });
}

// Tries of a guarded append whose chain end keeps moving before it gives up.
const guardedAppendTries = 5;

/**
 * The chain's real end, when a statement guarded by `audit_expect_head` failed because the chain had moved on
 * (SQLSTATE TA001); undefined for any other error.
 */
export function movedAuditHead(error: unknown): AuditHead | undefined {
  const { code, detail } = (error ?? {}) as { code?: unknown; detail?: unknown };
  if (code !== 'TA001' || typeof detail !== 'string') return undefined;
  const [seq, hash] = detail.split(' ');
  return seq && hash ? { seq: BigInt(seq), hash } : undefined;
}

/** Where the chain ends now, as `executor` sees it. */
async function readHead(executor: Kysely<Tables>): Promise<AuditHead> {
  const last = await executor
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last ? { seq: BigInt(last.seq), hash: last.hash } : { seq: 0n, hash: genesisHash };
}

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
      const appended = linkAuditEvents(events, await readHead(trx));
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

  // The chain's end as this log's last guarded append left it; read from the database the first time.
  let lastHead: AuditHead | undefined;

  return {
    /**
     * Appends events through a statement of the caller's that writes them itself together with other rows (a
     * screening batch's decisions and cases), without a transaction or a read of the chain's end of its own: the
     * events are linked after where this log's last guarded append left the chain, and `write` must call
     * `audit_expect_head(head.seq, head.hash)` in its statement, which refuses it whole if the chain ends elsewhere
     * (another writer appended); then they are linked after the real end and `write` runs again.
     * @example await audit.appendGuarded(events, (linked, head) => storeDecisions(db, items, { cases, events: linked, head }))
     */
    async appendGuarded<T>(
      events: readonly AppendAuditEvent[],
      write: (linked: AuditEvent[], head: AuditHead) => Promise<T>,
    ): Promise<T> {
      let head = lastHead ?? (await readHead(db));
      for (let attempt = 1; ; attempt++) {
        const linked = linkAuditEvents(events, head);
        try {
          const written = await write(linked, head);
          const last = linked.at(-1);
          if (last) lastHead = { seq: last.seq, hash: last.hash };
          return written;
        } catch (error) {
          const moved = movedAuditHead(error);
          if (!moved || attempt === guardedAppendTries) throw error;
          lastHead = moved;
          head = moved;
        }
      }
    },

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
