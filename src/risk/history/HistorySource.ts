import type { RiskTransfer } from '../rules/RiskTransfer.js';

/** The part of the history a read may return: transfers at `since` … `until`, at most `limit` per address each way. */
export type HistoryWindow = { since: Date; until: Date; limit: number };

/**
 * Where the screening history is read from: the database (createSqlHistorySource) or this process's index of it
 * (createHistoryIndex). Both answer the same reads with the same transfers; loadScreeningHistories walks the graph.
 */
export type HistorySource = {
  /**
   * Each address's most recent transfers each way in the window, and for each pair (from, to) its first transfer
   * ever up to `until` (did they meet before?).
   */
  parties(
    window: HistoryWindow,
    addresses: readonly string[],
    pairs: readonly (readonly [from: string, to: string])[],
  ): Promise<RiskTransfer[]>;
  /**
   * The most recent transfers each way of a ring of addresses further out; with `keep`, only those whose other side
   * is in `keep` or sanctioned (the last ring of a walk needs nothing else).
   */
  ring(window: HistoryWindow, addresses: readonly string[], keep: readonly string[] | null): Promise<RiskTransfer[]>;
};
