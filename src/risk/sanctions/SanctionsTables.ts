import type { ColumnType } from 'kysely';

/** One loaded OFAC list; exactly one row has `superseded_at` null: the list in force. */
export type SanctionsListVersionsTable = {
  /** `YYYY-MM-DD.` + the first 12 hex digits of the sha256: readable, and the same on every database. */
  id: string;
  /** The list's DateOfIssue, `YYYY-MM-DD`. */
  published_on: string;
  /** sha256 of the unpacked XML, hex. */
  sha256: string;
  source_file: string;
  loaded_at: ColumnType<Date, Date | undefined, never>;
  superseded_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  address_count: number;
  ticker_count: number;
  by_ticker: ColumnType<Record<string, number>, string, never>;
  added_count: number;
  removed_count: number;
  changed_count: number;
};

/** The addresses of the list in force, one row per ticker and address; replaced whole by each load. */
export type SanctionedAddressesTable = {
  ticker: string;
  /** Lookup form: EVM lowercased, others verbatim. */
  address: string;
  listed_address: string;
  entity: string;
  programs: string[];
  profile_ids: number[];
  version_id: string;
  /** Order in the list file. */
  position: number;
};

/** What each load added, removed or changed (same ticker and address, other party or programs). */
export type SanctionsListChangesTable = {
  version_id: string;
  change: 'added' | 'removed' | 'changed';
  ticker: string;
  address: string;
  listed_address: string;
  entity: string;
  programs: string[];
};

export type SanctionsTables = {
  sanctions_list_versions: SanctionsListVersionsTable;
  sanctioned_addresses: SanctionedAddressesTable;
  sanctions_list_changes: SanctionsListChangesTable;
};
