import { type Kysely, sql } from 'kysely';

/**
 * Pay runs: the run (a state machine), its lines (a snapshot of each employee and their pay), the payouts of each
 * line (one per asset of the split: SEPA or on chain), the on-chain batches and the approvals. The database refuses
 * what the state machine never writes — an unknown status, a negative amount, one on-chain payout recorded twice
 * (transaction hash + log index), two live runs of a company for one period.
 *
 * Each statement runs on its own because PGlite's extended-protocol queries take one statement at a time.
 */
const upStatements = [
  `create table pay_runs (
    id uuid not null constraint pay_runs_pkey primary key,
    company_id text not null constraint pay_run_company references companies (id),
    period text not null constraint pay_run_period check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    status text not null constraint pay_run_status check (status in
      ('draft', 'calculated', 'screened', 'approved', 'executing', 'paid', 'partially_paid', 'failed', 'cancelled')),
    currency text not null constraint pay_run_currency check (currency ~ '^[A-Z]{3}$'),
    tax_profile_id text,
    requested_execution_date text not null
      constraint pay_run_execution_date check (requested_execution_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    line_count integer not null default 0 constraint pay_run_line_count check (line_count >= 0),
    gross_total bigint not null default 0 constraint pay_run_gross_total check (gross_total >= 0),
    net_total bigint not null default 0 constraint pay_run_net_total check (net_total >= 0),
    employer_cost_total bigint not null default 0 constraint pay_run_employer_cost_total check (employer_cost_total >= 0),
    fiat_total bigint not null default 0 constraint pay_run_fiat_total check (fiat_total >= 0),
    crypto_fiat_total bigint not null default 0 constraint pay_run_crypto_fiat_total check (crypto_fiat_total >= 0),
    chain_id bigint,
    vault_address text constraint pay_run_vault_address check (vault_address ~ '^0x[0-9a-fA-F]{40}$'),
    vault_pending_address text,
    priced_at timestamptz,
    run_digest text constraint pay_run_digest check (run_digest ~ '^0x[0-9a-f]{64}$'),
    content_hash text,
    sepa_message_id text,
    sepa_xml text,
    sepa_sha256 text,
    sepa_file text,
    funding jsonb not null default '[]',
    execution_start_block bigint,
    error text,
    error_code text,
    error_at timestamptz,
    created_by text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    calculated_at timestamptz,
    screened_at timestamptz,
    approved_at timestamptz,
    execution_started_at timestamptz,
    finished_at timestamptz,
    cancelled_at timestamptz,
    version integer not null default 1,
    constraint pay_run_vault check ((chain_id is null) = (vault_address is null))
  )`,
  // One live run per company and period: a correction run needs the first one cancelled.
  `create unique index pay_runs_company_period on pay_runs (company_id, period) where status <> 'cancelled'`,
  `create index pay_runs_executing on pay_runs (status) where status = 'executing'`,
  `create index pay_runs_company on pay_runs (company_id, period desc)`,

  `create table pay_run_lines (
    pay_run_id uuid not null constraint pay_run_line_run references pay_runs (id),
    employee_id text not null,
    line_no integer not null,
    full_name text not null,
    email text not null,
    country text not null,
    iban text,
    bic text,
    wallet text,
    split jsonb not null,
    currency text not null,
    gross bigint not null constraint pay_run_line_gross check (gross >= 0),
    income_tax bigint constraint pay_run_line_income_tax check (income_tax >= 0),
    social_contributions jsonb not null default '[]',
    employer_contributions jsonb not null default '[]',
    employer_cost bigint constraint pay_run_line_employer_cost check (employer_cost >= 0),
    net bigint constraint pay_run_line_net check (net >= 0),
    status text not null constraint pay_run_line_status check (status in ('calculated', 'cleared', 'held', 'paid', 'failed')),
    hold text constraint pay_run_line_hold check (hold in ('review', 'block')),
    reason text,
    risk_decision_id text,
    risk_case_id text,
    released_by text,
    released_at timestamptz,
    release_comment text,
    updated_at timestamptz not null default now(),
    constraint pay_run_lines_pkey primary key (pay_run_id, employee_id),
    constraint pay_run_line_no unique (pay_run_id, line_no),
    constraint pay_run_line_held check ((status = 'held') = (hold is not null))
  )`,

  `create table pay_run_payouts (
    pay_run_id uuid not null,
    employee_id text not null,
    asset text not null,
    payout_no integer not null,
    channel text not null constraint pay_run_payout_channel check (channel in ('sepa', 'chain')),
    percent text not null,
    fiat_amount bigint not null constraint pay_run_payout_fiat_amount check (fiat_amount > 0),
    recipient text not null,
    token_address text,
    token_decimals integer,
    token_amount numeric(78, 0) constraint pay_run_payout_token_amount check (token_amount > 0),
    rate text,
    rate_numerator numeric(78, 0),
    rate_denominator numeric(78, 0),
    quote_feed text,
    quote_round_id text,
    quote_updated_at timestamptz,
    quote_source text,
    quote jsonb,
    end_to_end_id text,
    batch_index integer,
    batch_position integer,
    tx_hash text,
    log_index integer,
    block_number bigint,
    paid_at timestamptz,
    status text not null constraint pay_run_payout_status check (status in ('pending', 'cleared', 'held', 'paid', 'failed')),
    reason text,
    risk_decision_id text,
    risk_decision text,
    risk_score double precision,
    risk_case_id text,
    risk_summary text,
    risk_rules_fired jsonb,
    risk_model_hash text,
    ivms101 jsonb,
    ledger_entry_id uuid,
    constraint pay_run_payouts_pkey primary key (pay_run_id, employee_id, asset),
    constraint pay_run_payout_line foreign key (pay_run_id, employee_id) references pay_run_lines (pay_run_id, employee_id),
    constraint pay_run_payout_no unique (pay_run_id, payout_no),
    -- An on-chain payout is paid by exactly one transaction and log; a SEPA payout never has them.
    constraint pay_run_payout_paid_on_chain check (channel = 'chain' or tx_hash is null),
    constraint pay_run_payout_chain_paid check (channel = 'sepa' or status <> 'paid' or (tx_hash is not null and log_index is not null))
  )`,
  `create unique index pay_run_payouts_on_chain on pay_run_payouts (tx_hash, log_index) where tx_hash is not null`,
  `create index pay_run_payouts_recipient on pay_run_payouts (employee_id, paid_at) where status = 'paid'`,

  `create table pay_run_batches (
    pay_run_id uuid not null constraint pay_run_batch_run references pay_runs (id),
    batch_index integer not null constraint pay_run_batch_index check (batch_index >= 0),
    asset text not null,
    token_address text not null,
    payouts_hash text not null,
    total numeric(78, 0) not null constraint pay_run_batch_total check (total > 0),
    payout_count integer not null constraint pay_run_batch_count check (payout_count > 0),
    deadline bigint not null,
    digest text not null,
    status text not null constraint pay_run_batch_status check (status in ('pending', 'sending', 'paid', 'failed')),
    idempotency_key text,
    tx_hash text,
    block_number bigint,
    gas_used bigint,
    executed_at timestamptz,
    error text,
    updated_at timestamptz not null default now(),
    constraint pay_run_batches_pkey primary key (pay_run_id, batch_index)
  )`,

  `create table pay_run_approvals (
    id uuid not null constraint pay_run_approvals_pkey primary key,
    pay_run_id uuid not null constraint pay_run_approval_run references pay_runs (id),
    batch_index integer,
    digest text not null,
    approver text not null constraint pay_run_approval_approver check (approver ~ '^0x[0-9a-fA-F]{40}$'),
    signature text not null,
    actor text not null,
    created_at timestamptz not null default now(),
    revoked_at timestamptz,
    revoked_by text
  )`,
  `create unique index pay_run_approvals_live on pay_run_approvals (pay_run_id, digest, lower(approver)) where revoked_at is null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['pay_run_approvals', 'pay_run_batches', 'pay_run_payouts', 'pay_run_lines', 'pay_runs'])
    await sql.raw(`drop table if exists ${table}`).execute(db);
}
