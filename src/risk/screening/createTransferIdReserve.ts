import type { Kysely } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import { drawTransferIds } from './drawTransferIds.js';

export type CreateTransferIdReserveParameters = {
  db: Kysely<Tables>;
  /** Ids drawn from the sequence at a time (default 256). */
  blockSize?: number | undefined;
  /**
   * A block older than this is dropped unused and a fresh one drawn (default 5 s): a reader of the history by id
   * (createTailCursor) waits 60 s for an id it skipped before giving it up, so a transfer must be stored well within
   * that of its id being drawn, or another process's history would never see it.
   */
  maxAgeMs?: number | undefined;
  /** Told of every block drawn, and awaited, before any of its ids is handed out (the history index expects them). */
  onDrawn?: ((ids: readonly bigint[]) => void | Promise<void>) | undefined;
  now?: (() => number) | undefined;
};

/**
 * Hands out risk_transfers ids for screenings about to be decided, drawn from the table's sequence a block at a time:
 * one statement per block instead of one per batch (on embedded PGlite each statement has a fixed cost near a
 * millisecond, as much as storing four decisions). Ids are handed out in increasing order; one that is never used
 * is a gap, as a rolled-back insert leaves.
 * @example const ids = await reserve.take(20)
 */
export function createTransferIdReserve(parameters: CreateTransferIdReserveParameters) {
  const { db, onDrawn } = parameters;
  const blockSize = parameters.blockSize ?? 256;
  const maxAgeMs = parameters.maxAgeMs ?? 5_000;
  const now = parameters.now ?? Date.now;
  let held: bigint[] = [];
  let drawnAt = 0;
  // Takes run one after the other, so two callers never draw the same block twice or share its ids.
  let queue: Promise<unknown> = Promise.resolve();

  async function takeNow(count: number): Promise<bigint[]> {
    if (count === 0) return [];
    // A block too old, or too short for this batch, is dropped (its rest become gaps): every id handed out was
    // drawn less than `maxAgeMs` ago.
    if (held.length < count || now() - drawnAt > maxAgeMs) {
      const drawn = await drawTransferIds(db, Math.max(blockSize, count));
      const at = now();
      await onDrawn?.(drawn);
      held = drawn;
      drawnAt = at;
    }
    return held.splice(0, count);
  }

  return {
    /** `count` unused ids, in increasing order. */
    take(count: number): Promise<bigint[]> {
      const run = queue.then(() => takeNow(count));
      queue = run.catch(() => {});
      return run;
    },
  };
}
