import type { Kysely } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import { createPreparedQuery } from '../createPreparedQuery.js';
import type { RiskTransfer } from '../rules/RiskTransfer.js';
import { createTailCursor } from './createTailCursor.js';
import { defaultHistoryDays } from './defaultHistoryDays.js';
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
    from (select $1::json as j) input
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
    from (select $1::json as j) input
  )
  select ${packedTransfers} from (select r.* from p cross join lateral (
    select * from risk_transfers where id = any(p.ids)) r) t`,
);

export type CreateHistoryIndexParameters = {
  db: Kysely<Tables>;
  /** Whether an address is on the sanctions list in force (the last ring of a walk keeps transfers to such). */
  sanctioned: () => Promise<(address: string) => boolean>;
  /** Transfers older than this many days are let go (their pairs' first meetings are kept); default defaultHistoryDays (400). */
  retainDays?: number | undefined;
  /** Most ids skipped by out-of-order commits tracked at once (createTailCursor; default 100,000). */
  maxGaps?: number | undefined;
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
  const retainMs = (parameters.retainDays ?? defaultHistoryDays) * 86_400_000;
  const now = parameters.now ?? Date.now;
  // Ids as numbers (a bigint key costs a heap object per entry); identity ids stay far below 2^53.
  const byId = new Map<number, RiskTransfer>();
  const parties = new Map<string, Party>();
  // Each address string once: a transfer's `from`, `to`, asset and the like point at the shared copy.
  const words = new Map<string, string>();
  // The first meeting of pairs whose first transfer was let go (of the pairs still held, it is found in the lists).
  const firstOfOldPair = new Map<string, RiskTransfer>();
  const transfers = createTailCursor({ maxGaps: parameters.maxGaps });
  const changes = createTailCursor();
  // Transfers before the horizon are not held; it moves forward as older ones are let go.
  let horizon = now() - retainMs;
  let lastSweep = now();
  let queue: Promise<unknown> = Promise.resolve();

  const word = (text: string): string => {
    const known = words.get(text);
    if (known !== undefined) return known;
    words.set(text, text);
    return text;
  };
  const party = (address: string): Party => {
    let found = parties.get(address);
    if (!found) {
      found = { sent: [], received: [] };
      parties.set(address, found);
    }
    return found;
  };

  function add(transfer: RiskTransfer) {
    const id = Number(transfer.id);
    if (byId.has(id)) return;
    if (transfer.at.getTime() < horizon) {
      rememberOldPair(transfer);
      return;
    }
    transfer.from = word(transfer.from);
    transfer.to = word(transfer.to);
    transfer.asset = word(transfer.asset);
    byId.set(id, transfer);
    insertInOrder(party(transfer.from).sent, transfer);
    insertInOrder(party(transfer.to).received, transfer);
  }

  function rememberOldPair(transfer: RiskTransfer) {
    const pair = `${transfer.from}>${transfer.to}`;
    const first = firstOfOldPair.get(pair);
    if (!first || earlier(transfer, first)) firstOfOldPair.set(pair, transfer);
  }

  function remove(id: bigint) {
    const transfer = byId.get(Number(id));
    if (!transfer) return;
    byId.delete(Number(id));
    const from = parties.get(transfer.from)!;
    const to = parties.get(transfer.to)!;
    removeFrom(from.sent, transfer);
    removeFrom(to.received, transfer);
    for (const [address, emptied] of [
      [transfer.from, from],
      [transfer.to, to],
    ] as const)
      if (emptied.sent.length === 0 && emptied.received.length === 0) forget(address);
  }

  /** An address no held transfer touches any more. */
  function forget(address: string) {
    parties.delete(address);
    words.delete(address);
  }

  /** The first transfer ever from `from` to `to` (null when they never met): among those held, or let go. */
  function firstOfPair(from: string, to: string): RiskTransfer | null {
    const old = firstOfOldPair.get(`${from}>${to}`);
    if (old) return old;
    // Whichever list is shorter: a vault's thousands of payouts, or its new employee's few receipts.
    const sent = parties.get(from)?.sent ?? [];
    const received = parties.get(to)?.received ?? [];
    if (sent.length <= received.length) return sent.find((t) => t.to === to) ?? null;
    return received.find((t) => t.from === from) ?? null;
  }

  function letOldGo() {
    horizon = now() - retainMs;
    lastSweep = now();
    for (const [address, held] of parties) {
      const sentGone = countBefore(held.sent, horizon);
      for (const transfer of held.sent.slice(0, sentGone)) {
        byId.delete(Number(transfer.id));
        rememberOldPair(transfer);
      }
      held.sent.splice(0, sentGone);
      held.received.splice(0, countBefore(held.received, horizon));
      if (held.sent.length === 0 && held.received.length === 0) forget(address);
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
    list: readonly RiskTransfer[],
    { since, until, limit }: HistoryWindow,
    other: (transfer: RiskTransfer) => string,
    keep: ((address: string) => boolean) | null,
    into: RiskTransfer[],
  ) {
    const sinceMs = since.getTime();
    let taken = 0;
    // Times are whole milliseconds: the last at or before `until` is the one before `until` + 1 ms.
    for (let i = countBefore(list, until.getTime() + 1) - 1; i >= 0 && taken < limit; i--) {
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
        const held = parties.get(address);
        if (!held) continue;
        recent(held.sent, window, (t) => t.to, null, found);
        recent(held.received, window, (t) => t.from, null, found);
      }
      for (const [from, to] of pairs) {
        const first = firstOfPair(from, to);
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
        const held = parties.get(address);
        if (!held) continue;
        recent(held.sent, window, (t) => t.to, leadsSomewhere, found);
        recent(held.received, window, (t) => t.from, leadsSomewhere, found);
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
    /**
     * Ids this process has drawn for transfers it is about to store (a screening batch's): they come in through
     * `learn` once stored, so no sync reads them back — on embedded PGlite reading a batch's own transfers back cost
     * it as much as deciding a tenth of it. They count as seen from now on; ids below them not seen yet are asked for
     * again as gaps, as for any out-of-order commit, and an id whose transfer is never stored is simply never held.
     * A sync runs first, so that only transfers still being committed become gaps: after a bulk load of history,
     * the hundreds of thousands of rows below the ids would otherwise all be gaps, past the most the cursor tracks.
     */
    expect(ids: readonly bigint[]): Promise<void> {
      const run = queue.then(async () => {
        await pull();
        transfers.saw(ids);
      });
      queue = run.catch(() => {});
      return run;
    },
    /**
     * Takes in transfers this process has just committed, as they were written, under ids given to `expect`. Runs in
     * turn with syncs, so a read after a sync called after it sees them.
     */
    learn(stored: readonly RiskTransfer[]): Promise<void> {
      const copies = stored.map(
        ({ id, companyId, chainId, asset, amount, decimals, fiatValueEurCents, from, to, direction, source, at }) => ({
          id,
          companyId,
          chainId,
          asset,
          amount,
          decimals,
          fiatValueEurCents,
          from,
          to,
          direction,
          source,
          at,
        }),
      );
      const run = queue.then(() => {
        for (const transfer of copies) add(transfer);
      });
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

/** An address's transfers in (at, id) order: those it sent, and those it received. */
type Party = { sent: RiskTransfer[]; received: RiskTransfer[] };

function earlier(a: RiskTransfer, b: RiskTransfer): boolean {
  const at = a.at.getTime() - b.at.getTime();
  return at < 0 || (at === 0 && a.id < b.id);
}

/** Inserts keeping (at, id) order; transfers mostly arrive in time order, so this is mostly a push. */
function insertInOrder(list: RiskTransfer[], transfer: RiskTransfer) {
  let i = list.length;
  while (i > 0 && earlier(transfer, list[i - 1]!)) i--;
  list.splice(i, 0, transfer);
}

function removeFrom(list: RiskTransfer[], transfer: RiskTransfer) {
  const i = list.indexOf(transfer);
  if (i >= 0) list.splice(i, 1);
}

/** How many transfers of the list (in time order) are before `ms`: a binary search. */
function countBefore(list: readonly RiskTransfer[], ms: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]!.at.getTime() < ms) low = middle + 1;
    else high = middle;
  }
  return low;
}
