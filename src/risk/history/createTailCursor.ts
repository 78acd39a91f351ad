/**
 * Where a reader of an append-only table stands when it reads new rows by id (`id > after`). Ids come from a
 * sequence when a row is inserted, but rows become visible when their transaction commits, which on a server with
 * several writers is not in id order: a reader that saw id 12 may not yet see id 11. So every id skipped below the
 * highest one seen is kept as a gap and asked for again (`id = any(gaps)`) until it appears or `gapTtlMs` passes
 * (the inserting transaction rolled back, and the id will never appear).
 * @example const cursor = createTailCursor(); query(cursor.after, cursor.gaps()); cursor.saw([11n, 13n])
 */
export function createTailCursor({
  gapTtlMs = 60_000,
  maxGaps = 100_000,
  now = Date.now,
}: {
  gapTtlMs?: number | undefined;
  maxGaps?: number | undefined;
  now?: (() => number) | undefined;
} = {}) {
  let after = 0n;
  // Gap id → when it was first missed, in insertion (= id) order, so the oldest are dropped first.
  const gaps = new Map<bigint, number>();

  return {
    /** The highest id seen. */
    get after(): bigint {
      return after;
    },
    /** Ids below `after` not seen yet, to be asked for again. */
    gaps(): bigint[] {
      const expired = now() - gapTtlMs;
      for (const [id, missedAt] of gaps) if (missedAt < expired) gaps.delete(id);
      return [...gaps.keys()];
    },
    /** Records the ids a read returned (new ones above `after`, and gaps that appeared). */
    saw(ids: readonly bigint[]) {
      const fresh = new Set<bigint>();
      let highest = after;
      for (const id of ids) {
        if (gaps.delete(id)) continue;
        if (id > after) {
          fresh.add(id);
          if (id > highest) highest = id;
        }
      }
      // Past `maxGaps` the oldest gaps are given up (a jump of millions of ids is not tracked id by id).
      const missedAt = now();
      const lowest = highest - after > BigInt(maxGaps) ? highest - BigInt(maxGaps) : after + 1n;
      for (let id = lowest; id < highest; id++) if (!fresh.has(id)) gaps.set(id, missedAt);
      after = highest;
      for (const id of gaps.keys()) {
        if (gaps.size <= maxGaps) break;
        gaps.delete(id);
      }
    },
    /** Starts over from the beginning (everything is read again). */
    reset() {
      after = 0n;
      gaps.clear();
    },
  };
}

export type TailCursor = ReturnType<typeof createTailCursor>;
