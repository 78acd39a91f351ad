import type { ColumnType, Generated } from 'kysely';

/** numeric(78,0) columns: written as bigint or string, read as string (parsed to bigint where they are used). */
type Uint256 = ColumnType<string, bigint | string, bigint | string>;
type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type OptionalTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type PayRunStatus =
  | 'draft'
  | 'calculated'
  | 'screened'
  | 'approved'
  | 'executing'
  | 'paid'
  | 'partially_paid'
  | 'failed'
  | 'cancelled';

/** `calculated`: waiting for screening; `cleared`: will be paid; `held`: waits for review or is blocked. */
export type PayRunLineStatus = 'calculated' | 'cleared' | 'held' | 'paid' | 'failed';
export type PayRunHold = 'review' | 'block';
export type PayoutChannel = 'sepa' | 'chain';
export type PayoutStatus = 'pending' | 'cleared' | 'held' | 'paid' | 'failed';
export type PayoutBatchStatus = 'pending' | 'sending' | 'paid' | 'failed';

/** A pay component as stored in `social_contributions` / `employer_contributions`: amount in minor units as text. */
export type PayComponentRow = { name: string; amount: string };

/** One token's funding of the vault for a run (see fundVault): amounts in token minor units as text. */
export type VaultFundingRow = {
  asset: string;
  token: string;
  decimals: number;
  /** What the run's batches need. */
  needed: string;
  /** The vault's balance on chain when execution began. */
  chainBalance: string;
  /** The vault account's ledger balance then: chainBalance − ledgerBalance, when positive, is booked as a deposit. */
  ledgerBalance: string;
  deposit: string;
  /** Minted to the vault on the development chain (0 elsewhere, where funding is the company's job). */
  mint: string;
  mintTxHash: string | null;
  funded: boolean;
};

export type PayRunsTable = {
  id: ColumnType<string, string, never>;
  company_id: ColumnType<string, string, never>;
  /** `YYYY-MM`. */
  period: ColumnType<string, string, never>;
  status: PayRunStatus;
  /** ISO 4217 of every fiat amount of the run (the company's base currency). */
  currency: ColumnType<string, string, never>;
  tax_profile_id: string | null;
  requested_execution_date: ColumnType<string, string, string>;
  line_count: Generated<number>;
  gross_total: Generated<bigint>;
  net_total: Generated<bigint>;
  employer_cost_total: Generated<bigint>;
  /** The SEPA leg. */
  fiat_total: Generated<bigint>;
  /** What the crypto leg is worth in `currency`. */
  crypto_fiat_total: Generated<bigint>;
  chain_id: bigint | null;
  vault_address: string | null;
  /** An address a vault deployment for this run was sent to, before the company recorded it (crash safety). */
  vault_pending_address: string | null;
  priced_at: OptionalTimestamp;
  /** EIP-712 digest of the run as a whole, which approvers sign (see payRunTypedData). */
  run_digest: string | null;
  content_hash: string | null;
  sepa_message_id: string | null;
  sepa_xml: string | null;
  sepa_sha256: string | null;
  sepa_file: string | null;
  funding: Json<VaultFundingRow[]>;
  /** The chain's block when execution began: where to look for the run's batches on chain. */
  execution_start_block: bigint | null;
  error: string | null;
  error_code: string | null;
  error_at: OptionalTimestamp;
  created_by: ColumnType<string, string, never>;
  created_at: ColumnType<Date, never, never>;
  updated_at: Timestamp;
  calculated_at: OptionalTimestamp;
  screened_at: OptionalTimestamp;
  approved_at: OptionalTimestamp;
  execution_started_at: OptionalTimestamp;
  finished_at: OptionalTimestamp;
  cancelled_at: OptionalTimestamp;
  /** Raised by every change: what a client read is what it changes, or the change is refused. */
  version: Generated<number>;
};

export type PayRunLinesTable = {
  pay_run_id: ColumnType<string, string, never>;
  employee_id: ColumnType<string, string, never>;
  line_no: ColumnType<number, number, never>;
  full_name: string;
  email: string;
  country: string;
  iban: string | null;
  bic: string | null;
  wallet: string | null;
  split: Json<{ asset: string; percent: string }[]>;
  currency: string;
  gross: bigint;
  income_tax: bigint | null;
  social_contributions: Json<PayComponentRow[]>;
  employer_contributions: Json<PayComponentRow[]>;
  employer_cost: bigint | null;
  net: bigint | null;
  status: PayRunLineStatus;
  hold: PayRunHold | null;
  reason: string | null;
  risk_decision_id: string | null;
  risk_case_id: string | null;
  released_by: string | null;
  released_at: OptionalTimestamp;
  release_comment: string | null;
  updated_at: Timestamp;
};

export type PayRunPayoutsTable = {
  pay_run_id: ColumnType<string, string, never>;
  employee_id: ColumnType<string, string, never>;
  asset: ColumnType<string, string, never>;
  payout_no: ColumnType<number, number, never>;
  channel: ColumnType<PayoutChannel, PayoutChannel, never>;
  percent: string;
  /** Minor units of the run's currency. */
  fiat_amount: bigint;
  /** IBAN for SEPA, wallet for chain. */
  recipient: string;
  token_address: string | null;
  token_decimals: number | null;
  token_amount: Uint256 | null;
  /** Token units per unit of the run's currency, as an exact fraction and as a decimal for people. */
  rate: string | null;
  rate_numerator: Uint256 | null;
  rate_denominator: Uint256 | null;
  quote_feed: string | null;
  quote_round_id: string | null;
  quote_updated_at: OptionalTimestamp;
  quote_source: string | null;
  quote: Json<unknown> | null;
  end_to_end_id: string | null;
  batch_index: number | null;
  batch_position: number | null;
  tx_hash: string | null;
  log_index: number | null;
  block_number: bigint | null;
  paid_at: OptionalTimestamp;
  status: PayoutStatus;
  reason: string | null;
  risk_decision_id: string | null;
  risk_decision: string | null;
  risk_score: number | null;
  risk_case_id: string | null;
  risk_summary: string | null;
  risk_rules_fired: Json<string[]> | null;
  risk_model_hash: string | null;
  ivms101: Json<unknown> | null;
  ledger_entry_id: string | null;
};

export type PayRunBatchesTable = {
  pay_run_id: ColumnType<string, string, never>;
  batch_index: ColumnType<number, number, never>;
  asset: string;
  token_address: string;
  payouts_hash: string;
  total: Uint256;
  payout_count: number;
  /** Unix seconds. */
  deadline: bigint;
  /** EIP-712 digest of the PayoutBatch, which the vault checks approvals against. */
  digest: string;
  status: PayoutBatchStatus;
  idempotency_key: string | null;
  tx_hash: string | null;
  block_number: bigint | null;
  gas_used: bigint | null;
  executed_at: OptionalTimestamp;
  error: string | null;
  updated_at: Timestamp;
};

export type PayRunApprovalsTable = {
  id: ColumnType<string, string, never>;
  pay_run_id: ColumnType<string, string, never>;
  /** null: the approval of the run as a whole. */
  batch_index: ColumnType<number | null, number | null, never>;
  digest: ColumnType<string, string, never>;
  /** EIP-55. */
  approver: ColumnType<string, string, never>;
  signature: ColumnType<string, string, never>;
  actor: ColumnType<string, string, never>;
  created_at: ColumnType<Date, never, never>;
  revoked_at: OptionalTimestamp;
  revoked_by: string | null;
};

export type PayRunTables = {
  pay_runs: PayRunsTable;
  pay_run_lines: PayRunLinesTable;
  pay_run_payouts: PayRunPayoutsTable;
  pay_run_batches: PayRunBatchesTable;
  pay_run_approvals: PayRunApprovalsTable;
};
