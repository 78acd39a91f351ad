import { type Kysely, sql } from 'kysely';

/**
 * Payroll's companies and their employees. The database refuses what no valid import could produce — malformed
 * codes, a threshold larger than the approvers, a non-positive salary — so a bug or a hand-written SQL statement
 * cannot store them either. Check digits (IBAN, LEI, EIP-55) are verified by the code that writes, not here.
 *
 * Each statement runs on its own because PGlite's extended-protocol queries take one statement at a time.
 */
const upStatements = [
  `create table companies (
    id text not null constraint companies_pkey primary key
      constraint company_id check (id ~ '^[a-z0-9][a-z0-9_-]{1,62}$'),
    legal_name text not null constraint company_legal_name
      check (char_length(legal_name) between 1 and 200 and legal_name = btrim(legal_name)),
    country text not null constraint company_country check (country ~ '^[A-Z]{2}$'),
    lei text constraint company_lei check (lei ~ '^[A-Z0-9]{18}[0-9]{2}$'),
    iban text not null constraint company_iban check (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
    bic text not null constraint company_bic check (bic ~ '^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$'),
    base_currency text not null default 'EUR' constraint company_base_currency check (base_currency ~ '^[A-Z]{3}$'),
    -- The company's vault contract, once deployed; the chain it lives on goes with it.
    vault_chain_id bigint,
    vault_address text constraint company_vault_address check (vault_address ~ '^0x[0-9a-fA-F]{40}$'),
    tax_profile_id text not null constraint company_tax_profile check (char_length(tax_profile_id) between 1 and 100),
    approvers jsonb not null default '[]',
    approval_threshold integer not null default 1,
    crypto_assets jsonb not null default '["USDC", "EURC", "ETH"]',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint company_vault check ((vault_chain_id is null) = (vault_address is null) and coalesce(vault_chain_id, 1) > 0),
    -- N of M: at least one approval, never more than there are approvers (a company without approvers yet keeps 1).
    constraint company_approval_threshold check (case when jsonb_typeof(approvers) = 'array'
      then approval_threshold between 1 and greatest(jsonb_array_length(approvers), 1) else false end),
    constraint company_crypto_assets check (jsonb_typeof(crypto_assets) = 'array')
  )`,

  `create table employees (
    company_id text not null constraint employee_company references companies (id),
    employee_id text not null constraint employee_id check (employee_id ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$'),
    full_name text not null constraint employee_full_name
      check (char_length(full_name) between 1 and 200 and full_name = btrim(full_name)),
    email text not null constraint employee_email check (char_length(email) <= 254 and email ~ '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$'),
    country text not null constraint employee_country check (country ~ '^[A-Z]{2}$'),
    iban text constraint employee_iban check (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
    bic text constraint employee_bic check (bic ~ '^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$'),
    wallet text constraint employee_wallet check (wallet ~ '^0x[0-9a-fA-F]{40}$'),
    gross_monthly bigint not null constraint employee_gross_monthly check (gross_monthly > 0),
    currency text not null constraint employee_currency check (currency ~ '^[A-Z]{3}$'),
    split jsonb not null constraint employee_split check (case when jsonb_typeof(split) = 'array'
      then jsonb_array_length(split) >= 1 else false end),
    active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint employees_pkey primary key (company_id, employee_id)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists employees`.execute(db);
  await sql`drop table if exists companies`.execute(db);
}
