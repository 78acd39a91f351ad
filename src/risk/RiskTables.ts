import type { ColumnType, Generated } from 'kysely';

/** numeric(78,0): written as bigint or string, read as string. */
type Uint256 = ColumnType<string, bigint | string, bigint | string>;
/** jsonb: read parsed, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

export type RiskTransferDirection = 'outgoing' | 'incoming' | 'external';
export type RiskTransferSource = 'payout' | 'indexed' | 'submitted';
export type RiskDecisionKind = 'allow' | 'review' | 'block';
export type RiskCaseStatus = 'open' | 'assigned' | 'resolved';
export type RiskCaseResolution = 'approve' | 'reject';
export type CounterpartyProofMethod = 'signed-message' | 'satoshi-test' | 'attestation';

export type RiskTransfersTable = {
  id: Generated<bigint>;
  company_id: string | null;
  chain_id: number;
  asset: string;
  amount: Uint256;
  decimals: number;
  fiat_value_eur_cents: bigint | null;
  /** Lookup form: EVM addresses lowercased. */
  from_address: string;
  to_address: string;
  direction: RiskTransferDirection;
  source: RiskTransferSource;
  tx_hash: string | null;
  log_index: number | null;
  block_number: bigint | null;
  reference: string | null;
  at: Date;
  created_at: Generated<Date>;
};

export type RiskIngestCursorsTable = { chain_id: number; block_number: bigint };

/** A risk_transfers row deleted or changed (filled by a trigger; see createHistoryIndex). */
export type RiskTransferChangesTable = {
  seq: Generated<string>;
  transfer_id: string;
  changed_at: Generated<Date>;
};

export type RiskDecisionsTable = {
  id: string;
  transfer_id: bigint;
  company_id: string | null;
  decision: RiskDecisionKind;
  score: number;
  model_score: number | null;
  model_hash: string | null;
  model_note: string | null;
  rules_fired: Json<unknown>;
  rules_checked: Json<unknown>;
  top_reasons: Json<unknown>;
  features: Json<unknown> | null;
  sanctions: Json<unknown>;
  thresholds_sha256: string;
  summary: string;
  created_at: Generated<Date>;
};

export type RiskCasesTable = {
  id: string;
  decision_id: string;
  company_id: string | null;
  status: RiskCaseStatus;
  assignee: string | null;
  resolution: RiskCaseResolution | null;
  comment: string | null;
  resolved_by: string | null;
  opened_at: Generated<Date>;
  assigned_at: Date | null;
  resolved_at: Date | null;
  updated_at: Generated<Date>;
};

export type RiskThresholdSetsTable = { sha256: string; thresholds: Json<unknown>; created_at: Generated<Date> };

export type RiskThresholdsTable = {
  company_id: string;
  thresholds: Json<unknown>;
  updated_by: string;
  updated_at: Generated<Date>;
};

export type CounterpartyProofsTable = {
  id: string;
  company_id: string;
  address: string;
  method: CounterpartyProofMethod;
  evidence: Json<unknown>;
  verified_by: string;
  verified_at: Generated<Date>;
};

export type RiskModelsTable = {
  sha256: string;
  file: string;
  source: string;
  summary: Json<unknown>;
  put_in_force_by: string;
  put_in_force_at: Generated<Date>;
  superseded_at: Date | null;
};

export type SanctionsOracleEntriesTable = {
  chain_id: number;
  oracle_address: string;
  address: string;
  list_version: string;
};

export type SanctionsOracleSyncsTable = {
  chain_id: number;
  oracle_address: string;
  list_version: string;
  additions: Json<string[]>;
  removals: Json<string[]>;
  batch_size: number;
  status: 'pending' | 'done';
  transactions: ColumnType<unknown, string | undefined, string>;
  started_at: Generated<Date>;
  finished_at: Date | null;
};

export type RiskTables = {
  risk_transfers: RiskTransfersTable;
  risk_ingest_cursors: RiskIngestCursorsTable;
  risk_transfer_changes: RiskTransferChangesTable;
  risk_decisions: RiskDecisionsTable;
  risk_threshold_sets: RiskThresholdSetsTable;
  risk_cases: RiskCasesTable;
  risk_thresholds: RiskThresholdsTable;
  counterparty_proofs: CounterpartyProofsTable;
  risk_models: RiskModelsTable;
  sanctions_oracle_entries: SanctionsOracleEntriesTable;
  sanctions_oracle_syncs: SanctionsOracleSyncsTable;
};
