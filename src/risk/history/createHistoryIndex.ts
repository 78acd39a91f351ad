import type { Kysely } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import { createPreparedQuery } from '../createPreparedQuery.js';
import type { RiskTransfer } from '../rules/RiskTransfer.js';
import { createTailCursor } from './createTailCursor.js';
import type { HistorySource, HistoryWindow } from './HistorySource.js';
import { packedTransfers, unpackTransfers } from './packedTransfers.js';

/** Transfers read per page while catching up (the first sync reads the whole history). */
const pageSize = 20_000;

/**
 * New and re-asked transfers by id, and the changes recorded since (risk_transfer_changes: a row deleted, or one of
 * the columns the rules read updated), in one statement and so one snapshot.
 */
const tailQuery = createPreparedQuery<
  { after: string; gaps: string[]; changesAfter: string; changeGaps: string[]; limit: number },
  { transfers: string; changes: string }
>(
  'risk_history_tail',
  `with p as materialized (
    select (j->>'after')::bigint as after, (j->>'changesAfter')::bigint as changes_after, (j->>'limit')::int as lim,
      array(select g::bigint from json_array_elements_text(j->'gaps') g) as gaps,
      array(select g::bigint from json_array_elements_text(j->'changeGaps') g) as change_gaps
    from (select current_setting('tandem.risk_history_tail')::json as j) input
  )
  select
    (select ${packedTransfers} from (
      (select r.* from p cross join lateral (
        select * from risk_transfers where id > p.after order by id limit p.lim) r)
      union all
      (select r.* from p cross join lateral (select * from risk_transfers where id = any(p.gaps)) r)
    ) t) as transfers,
    (select coalesce(json_agg(json_build_array(c.seq::text, c.transfer_id::text)), '[]')::text from (
      (select x.* from p cross join lateral (
        select * from risk_transfer_changes where seq > p.changes_after order by seq) x)
      union all
      (select x.* from p cross join lateral (select * from risk_transfer_changes where seq = any(p.change_gaps)) x)
    ) c) as changes`,
);

/** Transfers by id, to read again those a change touched (gone ones simply do not come back). */
const byIdQuery = createPreparedQuery<{ ids: string[] }, { transfers: string }>(
  'risk_history_by_id',
  `with p as materialized (
    select array(select g::bigint from json_array_elements_text(j->'ids') g) as ids
    from (select current_setting('tandem.risk_history_by_id')::json as j) input
  )
  select ${packedTransfers} from (select r.* from p cross join lateral (
    select * from risk_transfers where id = any(p.ids)) r) t`,
);

export type CreateHistoryIndexParameters = {
  db: Kysely<Tables>;
  /** Whether an address is on the sanctions list in force (the last ring of a walk keeps transfers to such). */
  sanctioned: () => Promise<(address: string) => boolean>;
  /** Transfers older than this many days are let go (their pairs' first meetings are kept); default 400. */
  retainDays?: number | undefined;
  now?: (() => number) | undefined;
};

/**
 * The screening history held in this process: every transfer of the last `retainDays` by sender and by recipient in
 * time order, and each pair's first transfer ever, kept current by reading what was added or changed in
 * risk_transfers since the last sync (by any writer, in any process; see createTailCursor for transactions that
 * commit out of id order, and the changes table for deletions and updates). A screening then reads its
 * neighbourhood without a query: on embedded PGlite the history query was a quarter of the screening's time.
 *
 * It answers the same reads as createSqlHistorySource with the same transfers, for windows it covers (`covers`).
 * @example const index = createHistoryIndex({ db, sanctioned: () => sanctionsList.listed() }); await index.sync(); await index.parties(window, [a, b], [[a, b]])
 */
export function createHistoryIndex(parameters: CreateHistoryIndexParameters) {
  const { db, sanctioned } = parameters;
  const retainMs = (parameters.retainDays ?? 400) * 86_400_000;
  const now = parameters.now ?? Date.now;
  const byId = new Map<bigint, RiskTransfer>();
  // Per address, its transfers in (at, id) order: sent by it, and received by it.
  const sent = new Map<string, RiskTransfer[]>();
  const received = new Map<string, RiskTransfer[]>();
  const firstOfPair = new Map<string, RiskTransfer>();
  const transfers = createTailCursor();
  const changes = createTailCursor();
  // Transfers before the horizon are not held; it moves forward as older ones are let go.
  let horizon = now() - retainMs;
  let lastSweep = now();
  let queue: Promise<unknown> = Promise.resolve();

  function add(transfer: RiskTransfer) {
    if (byId.has(transfer.id)) return;
    const pair = pairKey(transfer.from, transfer.to);
    const first = firstOfPair.get(pair);
    if (!first || earlier(transfer, first)) firstOfPair.set(pair, transfer);
    if (transfer.at.getTime() < horizon) return;
    byId.set(transfer.id, transfer);
    insertInOrder(sent, transfer.from, transfer);
    insertInOrder(received, transfer.to, transfer);
  }

  function remove(id: bigint) {
    const transfer = byId.get(id);
    if (!transfer) return;
    byId.delete(id);
    removeFrom(sent, transfer.from, transfer);
    removeFrom(received, transfer.to, transfer);
    const pair = pairKey(transfer.from, transfer.to);
    if (firstOfPair.get(pair) !== transfer) return;
    // The pair's next meeting, if any. Changes come from reorgs of recent blocks, so it is one still held.
    const next = (sent.get(transfer.from) ?? []).find((t) => t.to === transfer.to);
    if (next) firstOfPair.set(pair, next);
    else firstOfPair.delete(pair);
  }

  function letOldGo() {
    horizon = now() - retainMs;
    lastSweep = now();
    for (const [address, list] of sent) {
      const keep = firstHeld(list, horizon);
      if (keep === 0) continue;
      for (const transfer of list.slice(0, keep)) byId.delete(transfer.id);
      if (keep === list.length) sent.delete(address);
      else list.splice(0, keep);
    }
    for (const [address, list] of received) {
      const keep = firstHeld(list, horizon);
      if (keep === list.length) received.delete(address);
      else if (keep > 0) list.splice(0, keep);
    }
  }

  async function pull() {
    for (;;) {
      const [row] = await tailQuery.execute(db, {
        after: transfers.after.toString(),
        gaps: transfers.gaps().map(String),
        changesAfter: changes.after.toString(),
        changeGaps: changes.gaps().map(String),
        limit: pageSize,
      });
      const read = unpackTransfers(row?.transfers);
      const changed = (JSON.parse(row?.changes ?? '[]') as [string, string][]).map(
        ([seq, id]) => [BigInt(seq), BigInt(id)] as const,
      );
      changes.saw(changed.map(([seq]) => seq));
      const touched = [...new Set(changed.map(([, id]) => id))];
      for (const id of touched) remove(id);
      for (const transfer of read) add(transfer);
      transfers.saw(read.map((transfer) => transfer.id));
      // A changed row that still exists comes back as it is now.
      if (touched.length > 0) {
        const [again] = await byIdQuery.execute(db, { ids: touched.map(String) });
        for (const transfer of unpackTransfers(again?.transfers)) {
          remove(transfer.id);
          add(transfer);
        }
      }
      if (read.length < pageSize) break;
    }
    if (now() - lastSweep > 600_000) letOldGo();
  }

  function recent(
    list: readonly RiskTransfer[] | undefined,
    { since, until, limit }: HistoryWindow,
    other: (transfer: RiskTransfer) => string,
    keep: ((address: string) => boolean) | null,
    into: RiskTransfer[],
  ) {
    if (!list) return;
    const sinceMs = since.getTime();
    let taken = 0;
    for (let i = lastAtOrBefore(list, until.getTime()); i >= 0 && taken < limit; i--) {
      const transfer = list[i]!;
      if (transfer.at.getTime() < sinceMs) break;
      if (keep && !keep(other(transfer))) continue;
      into.push(transfer);
      taken++;
    }
  }

  const source: HistorySource = {
    async parties(window, addresses, pairs) {
      const found: RiskTransfer[] = [];
      for (const address of addresses) {
        recent(sent.get(address), window, (t) => t.to, null, found);
        recent(received.get(address), window, (t) => t.from, null, found);
      }
      for (const [from, to] of pairs) {
        const first = firstOfPair.get(pairKey(from, to));
        if (first && first.at.getTime() <= window.until.getTime()) found.push(first);
      }
      return found;
    },
    async ring(window, addresses, keep) {
      const found: RiskTransfer[] = [];
      let leadsSomewhere: ((address: string) => boolean) | null = null;
      if (keep) {
        const inView = new Set(keep);
        const listed = await sanctioned();
        leadsSomewhere = (address) => inView.has(address) || listed(address);
      }
      for (const address of addresses) {
        recent(sent.get(address), window, (t) => t.to, leadsSomewhere, found);
        recent(received.get(address), window, (t) => t.from, leadsSomewhere, found);
      }
      return found;
    },
  };

  return {
    ...source,
    /**
     * Reads what was added or changed since the last sync; a read of the index after it sees everything committed
     * before the call. Syncs run one after the other.
     */
    sync(): Promise<void> {
      const run = queue.then(pull);
      queue = run.catch(() => {});
      return run;
    },
    /** Whether reads from `since` on are answered in full (older transfers are let go after `retainDays`). */
    covers(since: Date): boolean {
      return since.getTime() >= horizon;
    },
    /** How many transfers are held. */
    get size(): number {
      return byId.size;
    },
  };
}

export type HistoryIndex = ReturnType<typeof createHistoryIndex>;

function pairKey(from: string, to: string): string {
  return `${from}>${to}`;
}

function earlier(a: RiskTransfer, b: RiskTransfer): boolean {
  const at = a.at.getTime() - b.at.getTime();
  return at < 0 || (at === 0 && a.id < b.id);
}

/** Inserts keeping (at, id) order; transfers mostly arrive in time order, so this is mostly a push. */
function insertInOrder(lists: Map<string, RiskTransfer[]>, address: string, transfer: RiskTransfer) {
  const list = lists.get(address);
  if (!list) {
    lists.set(address, [transfer]);
    return;
  }
  let i = list.length;
  while (i > 0 && earlier(transfer, list[i - 1]!)) i--;
  list.splice(i, 0, transfer);
}

function removeFrom(lists: Map<string, RiskTransfer[]>, address: string, transfer: RiskTransfer) {
  const list = lists.get(address);
  const i = list?.indexOf(transfer) ?? -1;
  if (i < 0) return;
  list!.splice(i, 1);
  if (list!.length === 0) lists.delete(address);
}

/** The index of the last transfer at or before `ms` (−1 when none). */
function lastAtOrBefore(list: readonly RiskTransfer[], ms: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]!.at.getTime() <= ms) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** The index of the first transfer at or after `ms`. */
function firstHeld(list: readonly RiskTransfer[], ms: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]!.at.getTime() < ms) low = middle + 1;
    else high = middle;
  }
  return low;
}
