import type { Selectable } from 'kysely';
import type {
  PayComponentRow,
  PayoutBatchStatus,
  PayoutChannel,
  PayoutStatus,
  PayRunApprovalsTable,
  PayRunBatchesTable,
  PayRunHold,
  PayRunLineStatus,
  PayRunLinesTable,
  PayRunPayoutsTable,
  PayRunStatus,
  PayRunsTable,
  VaultFundingRow,
} from './PayRunTables.js';

export type { PayoutBatchStatus, PayoutChannel, PayoutStatus, PayRunHold, PayRunLineStatus, PayRunStatus };

/** A company's payroll for one month: a state machine persisted in the database (see payRunStatus). */
export type PayRun = {
  id: string;
  companyId: string;
  /** `YYYY-MM`. */
  period: string;
  status: PayRunStatus;
  currency: string;
  taxProfileId: string | null;
  /** `YYYY-MM-DD`: the day the bank should pay the SEPA leg. */
  requestedExecutionDate: string;
  lineCount: number;
  grossTotal: bigint;
  netTotal: bigint;
  employerCostTotal: bigint;
  /** Paid by the SEPA file. */
  fiatTotal: bigint;
  /** The crypto leg's value in `currency`. */
  cryptoFiatTotal: bigint;
  vault: { chainId: number; address: string } | null;
  pricedAt: Date | null;
  /** EIP-712 digest of the run as a whole (see payRunTypedData). */
  runDigest: string | null;
  /** What the run digest commits to (payRunContentHash). */
  contentHash: string | null;
  sepa: { messageId: string; sha256: string; file: string | null } | null;
  funding: VaultFundingRow[];
  /** The chain's block when execution began. */
  executionStartBlock: bigint | null;
  /** The last step that failed, and why; cleared when a step succeeds. */
  error: { code: string; message: string; at: Date } | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  calculatedAt: Date | null;
  screenedAt: Date | null;
  approvedAt: Date | null;
  executionStartedAt: Date | null;
  finishedAt: Date | null;
  cancelledAt: Date | null;
  version: number;
};

export type PayComponent = { name: string; amount: bigint };

/** One employee's line: who they were when the run was calculated, their pay, and whether they are paid. */
export type PayRunLine = {
  employeeId: string;
  lineNo: number;
  fullName: string;
  email: string;
  country: string;
  iban: string | null;
  bic: string | null;
  wallet: string | null;
  split: { asset: string; percent: string }[];
  currency: string;
  gross: bigint;
  /** null when the pay could not be calculated (then `reason` says why). */
  incomeTax: bigint | null;
  socialContributions: PayComponent[];
  employerContributions: PayComponent[];
  employerCost: bigint | null;
  net: bigint | null;
  status: PayRunLineStatus;
  hold: PayRunHold | null;
  reason: string | null;
  riskDecisionId: string | null;
  riskCaseId: string | null;
  release: { by: string; at: Date; comment: string } | null;
};

/** The price a crypto payout was converted at. */
export type PayoutQuote = {
  /** Token units per unit of the run's currency, exactly: numerator / denominator. */
  rateNumerator: bigint;
  rateDenominator: bigint;
  /** The same rate as a decimal for people (8 decimals, rounded half-even). */
  rate: string;
  /** The feed the rate mainly comes from (the run currency's feed), null for a par rate. */
  feed: string | null;
  roundId: string | null;
  updatedAt: Date | null;
  /** e.g. `chainlink:EUR/USD÷USDC/USD` or `par:EURC=EUR`. */
  source: string;
  /** Every feed read, with its answer. */
  details: unknown;
};

/** One asset of a line's split: the SEPA transfer of the bank share, or an on-chain payout of a crypto share. */
export type PayRunPayout = {
  employeeId: string;
  asset: string;
  payoutNo: number;
  channel: PayoutChannel;
  percent: string;
  /** Minor units of the run's currency. */
  fiatAmount: bigint;
  /** IBAN (SEPA) or wallet (chain). */
  recipient: string;
  token: { address: string; decimals: number; amount: bigint } | null;
  quote: PayoutQuote | null;
  endToEndId: string | null;
  batchIndex: number | null;
  batchPosition: number | null;
  txHash: string | null;
  logIndex: number | null;
  blockNumber: bigint | null;
  paidAt: Date | null;
  status: PayoutStatus;
  reason: string | null;
  risk: {
    decisionId: string;
    decision: string;
    score: number | null;
    caseId: string | null;
    summary: string | null;
    rulesFired: string[];
    modelHash: string | null;
  } | null;
  ivms101: unknown;
  ledgerEntryId: string | null;
};

/** One executeBatch transaction of the crypto leg: one token, up to a block's worth of payouts. */
export type PayRunBatch = {
  batchIndex: number;
  asset: string;
  tokenAddress: string;
  payoutsHash: string;
  total: bigint;
  payoutCount: number;
  /** Unix seconds after which the vault refuses the batch. */
  deadline: bigint;
  digest: string;
  status: PayoutBatchStatus;
  idempotencyKey: string | null;
  txHash: string | null;
  blockNumber: bigint | null;
  gasUsed: bigint | null;
  executedAt: Date | null;
  error: string | null;
};

export type PayRunApproval = {
  id: string;
  /** null: the run as a whole. */
  batchIndex: number | null;
  digest: string;
  approver: string;
  signature: string;
  actor: string;
  createdAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
};

/** How far an executing run is, for live progress. */
export type PayRunProgress = {
  status: PayRunStatus;
  batchesTotal: number;
  batchesDone: number;
  payoutsTotal: number;
  payoutsPaid: number;
  payoutsFailed: number;
  linesPaid: number;
  linesHeld: number;
  linesFailed: number;
};

/** Everything about a run: what GET /v1/pay-runs/{id} answers. */
export type PayRunDetail = PayRun & {
  lines: PayRunLine[];
  payouts: PayRunPayout[];
  batches: PayRunBatch[];
  approvals: PayRunApproval[];
  progress: PayRunProgress;
  /** Approvals still needed per digest before the run can be approved: `run` and each batch index. */
  approvalsNeeded: { batchIndex: number | null; digest: string; have: number; need: number }[];
};

const big = (value: bigint | string | number | null | undefined): bigint | null =>
  value === null || value === undefined ? null : BigInt(value);
const date = (value: Date | string | null | undefined): Date | null =>
  value === null || value === undefined ? null : new Date(value);

export function toPayRun(row: Selectable<PayRunsTable>): PayRun {
  return {
    id: row.id,
    companyId: row.company_id,
    period: row.period,
    status: row.status,
    currency: row.currency,
    taxProfileId: row.tax_profile_id,
    requestedExecutionDate: isoDay(row.requested_execution_date),
    lineCount: row.line_count,
    grossTotal: BigInt(row.gross_total),
    netTotal: BigInt(row.net_total),
    employerCostTotal: BigInt(row.employer_cost_total),
    fiatTotal: BigInt(row.fiat_total),
    cryptoFiatTotal: BigInt(row.crypto_fiat_total),
    vault:
      row.vault_address && row.chain_id !== null ? { chainId: Number(row.chain_id), address: row.vault_address } : null,
    pricedAt: date(row.priced_at),
    runDigest: row.run_digest,
    contentHash: row.content_hash,
    sepa:
      row.sepa_message_id && row.sepa_sha256
        ? { messageId: row.sepa_message_id, sha256: row.sepa_sha256, file: row.sepa_file }
        : null,
    funding: parseJson(row.funding) as VaultFundingRow[],
    executionStartBlock: big(row.execution_start_block),
    error:
      row.error && row.error_at
        ? { code: row.error_code ?? 'internal', message: row.error, at: new Date(row.error_at) }
        : null,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    calculatedAt: date(row.calculated_at),
    screenedAt: date(row.screened_at),
    approvedAt: date(row.approved_at),
    executionStartedAt: date(row.execution_started_at),
    finishedAt: date(row.finished_at),
    cancelledAt: date(row.cancelled_at),
    version: row.version,
  };
}

export function toPayRunLine(row: Selectable<PayRunLinesTable>): PayRunLine {
  const components = (value: unknown) =>
    (parseJson(value) as PayComponentRow[]).map((c) => ({ name: c.name, amount: BigInt(c.amount) }));
  return {
    employeeId: row.employee_id,
    lineNo: row.line_no,
    fullName: row.full_name,
    email: row.email,
    country: row.country,
    iban: row.iban,
    bic: row.bic,
    wallet: row.wallet,
    split: parseJson(row.split) as { asset: string; percent: string }[],
    currency: row.currency,
    gross: BigInt(row.gross),
    incomeTax: big(row.income_tax),
    socialContributions: components(row.social_contributions),
    employerContributions: components(row.employer_contributions),
    employerCost: big(row.employer_cost),
    net: big(row.net),
    status: row.status,
    hold: row.hold,
    reason: row.reason,
    riskDecisionId: row.risk_decision_id,
    riskCaseId: row.risk_case_id,
    release:
      row.released_by && row.released_at
        ? { by: row.released_by, at: new Date(row.released_at), comment: row.release_comment ?? '' }
        : null,
  };
}

export function toPayRunPayout(row: Selectable<PayRunPayoutsTable>): PayRunPayout {
  return {
    employeeId: row.employee_id,
    asset: row.asset,
    payoutNo: row.payout_no,
    channel: row.channel,
    percent: row.percent,
    fiatAmount: BigInt(row.fiat_amount),
    recipient: row.recipient,
    token:
      row.token_address && row.token_decimals !== null && row.token_amount !== null
        ? { address: row.token_address, decimals: row.token_decimals, amount: BigInt(row.token_amount) }
        : null,
    quote:
      row.rate && row.rate_numerator !== null && row.rate_denominator !== null && row.quote_source
        ? {
            rateNumerator: BigInt(row.rate_numerator),
            rateDenominator: BigInt(row.rate_denominator),
            rate: row.rate,
            feed: row.quote_feed,
            roundId: row.quote_round_id,
            updatedAt: date(row.quote_updated_at),
            source: row.quote_source,
            details: parseJson(row.quote),
          }
        : null,
    endToEndId: row.end_to_end_id,
    batchIndex: row.batch_index,
    batchPosition: row.batch_position,
    txHash: row.tx_hash,
    logIndex: row.log_index,
    blockNumber: big(row.block_number),
    paidAt: date(row.paid_at),
    status: row.status,
    reason: row.reason,
    risk: row.risk_decision_id
      ? {
          decisionId: row.risk_decision_id,
          decision: row.risk_decision ?? 'unknown',
          score: row.risk_score,
          caseId: row.risk_case_id,
          summary: row.risk_summary,
          rulesFired: (parseJson(row.risk_rules_fired) as string[] | null) ?? [],
          modelHash: row.risk_model_hash,
        }
      : null,
    ivms101: parseJson(row.ivms101),
    ledgerEntryId: row.ledger_entry_id,
  };
}

export function toPayRunBatch(row: Selectable<PayRunBatchesTable>): PayRunBatch {
  return {
    batchIndex: row.batch_index,
    asset: row.asset,
    tokenAddress: row.token_address,
    payoutsHash: row.payouts_hash,
    total: BigInt(row.total),
    payoutCount: row.payout_count,
    deadline: BigInt(row.deadline),
    digest: row.digest,
    status: row.status,
    idempotencyKey: row.idempotency_key,
    txHash: row.tx_hash,
    blockNumber: big(row.block_number),
    gasUsed: big(row.gas_used),
    executedAt: date(row.executed_at),
    error: row.error,
  };
}

export function toPayRunApproval(row: Selectable<PayRunApprovalsTable>): PayRunApproval {
  return {
    id: row.id,
    batchIndex: row.batch_index,
    digest: row.digest,
    approver: row.approver,
    signature: row.signature,
    actor: row.actor,
    createdAt: new Date(row.created_at),
    revokedAt: date(row.revoked_at),
    revokedBy: row.revoked_by,
  };
}

/** jsonb comes back parsed from Postgres and PGlite; text written by hand may not be. */
function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** A `YYYY-MM-DD` text column. */
export function isoDay(value: unknown): string {
  return String(value).slice(0, 10);
}
