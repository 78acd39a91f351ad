export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One line of an entry: signed minor units of the account's currency, debit positive, credit negative. */
export type Posting = {
  accountId: string;
  currency: string;
  amount: bigint;
};

/** A balanced, immutable journal entry. */
export type LedgerEntry = {
  id: string;
  /** Increases with every entry written; orders entries of the same date. */
  sequence: bigint;
  companyId: string;
  idempotencyKey: string;
  /** Effective (booking) date, `YYYY-MM-DD`. */
  date: string;
  description: string;
  /** Links to the world outside the ledger: tx hash and log index, pay run id, rate source … */
  metadata: Record<string, JsonValue>;
  /** The entry this one reverses, or null. */
  reversesEntryId: string | null;
  createdAt: Date;
  /** In the order they were posted. */
  postings: Posting[];
};

/** The columns every entry query selects, in the shape `entryFromRow` reads (table alias `e`). */
export const entryColumns = `e.id, e.seq::text as seq, e.company_id, e.idempotency_key,
  to_char(e.effective_date, 'YYYY-MM-DD') as effective_date, e.description, e.metadata, e.reverses_entry_id,
  e.created_at`;

export type EntryRow = {
  id: string;
  seq: string;
  company_id: string;
  idempotency_key: string;
  effective_date: string;
  description: string;
  metadata: Record<string, JsonValue>;
  reverses_entry_id: string | null;
  created_at: Date;
};

export function entryFromRow(row: EntryRow, postings: Posting[]): LedgerEntry {
  return {
    id: row.id,
    sequence: BigInt(row.seq),
    companyId: row.company_id,
    idempotencyKey: row.idempotency_key,
    date: row.effective_date,
    description: row.description,
    metadata: row.metadata,
    reversesEntryId: row.reverses_entry_id,
    createdAt: row.created_at,
    postings,
  };
}
