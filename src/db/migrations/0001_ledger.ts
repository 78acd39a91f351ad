import { type Kysely, sql } from 'kysely';

/**
 * The double-entry ledger. The database itself holds the rules, so that no code path — a bug, a script, a person at
 * a psql prompt — can write a ledger that does not add up:
 *
 * - every entry has at least two postings and balances per currency, and each posting is in its account's
 *   currency and company: all checked at commit by one deferred constraint trigger per entry (`ledger_entry_balanced`,
 *   `ledger_posting_account`); the entry declares how many postings it has, and they must all be there
 *   (`ledger_entry_postings`);
 * - a posting's line number lies in 0 … its entry's posting_count − 1 (`ledger_posting_line_no`) and is unique, and
 *   its company and posting_count are its entry's (composite foreign key `ledger_posting_entry`), so once the check has
 *   counted the postings nobody can append one — neither later in the transaction (after SET CONSTRAINTS … IMMEDIATE)
 *   nor in another transaction;
 * - within a company a currency has one number of decimals (foreign key onto `ledger_currencies`), so minor units of
 *   one currency are always summed at the same scale;
 * - entries and postings are immutable (`ledger_immutable`: UPDATE, DELETE and TRUNCATE are refused), accounts are
 *   never deleted and keep their company, type, currency, scale and address (`ledger_account_immutable`); corrections are
 *   reversal entries, an entry can be reversed at most once (unique `reverses_entry_id`), and a reversal's postings
 *   mirror the reversed entry's exactly (`ledger_reversal_mirrors`).
 *
 * Amounts are numeric(78,0): signed minor units (debit positive, credit negative) with room for any uint256, since
 * int8 (±9.2e18) holds only 9.2 ETH at 18 decimals.
 *
 * Each statement runs on its own because PGlite's extended-protocol queries take one statement at a time.
 */
const upStatements = [
  `create table ledger_currencies (
    company_id text not null,
    code text not null constraint ledger_currency_code check (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$'),
    decimals smallint not null constraint ledger_currency_decimals check (decimals between 0 and 36),
    constraint ledger_currencies_pkey primary key (company_id, code),
    constraint ledger_currencies_scale unique (company_id, code, decimals)
  )`,

  `create table ledger_accounts (
    id uuid not null constraint ledger_accounts_pkey primary key,
    company_id text not null constraint ledger_account_company check (length(company_id) between 1 and 200),
    code text not null constraint ledger_account_code check (length(code) between 1 and 200),
    name text not null constraint ledger_account_name check (length(name) between 1 and 500),
    type text not null constraint ledger_account_type
      check (type in ('asset', 'liability', 'equity', 'income', 'expense')),
    currency text not null,
    decimals smallint not null,
    chain_id bigint,
    address text,
    created_at timestamptz not null default now(),
    constraint ledger_accounts_code_key unique (company_id, code),
    constraint ledger_account_currency foreign key (company_id, currency, decimals)
      references ledger_currencies (company_id, code, decimals),
    constraint ledger_account_on_chain check (
      (chain_id is null and address is null)
      or (chain_id > 0 and address ~ '^0x[0-9a-f]{40}$' and type = 'asset')
    )
  )`,
  // One ledger account per on-chain holding, so reconciliation compares like with like.
  `create unique index ledger_accounts_on_chain_key on ledger_accounts (company_id, chain_id, address, currency)
    where chain_id is not null`,

  `create table ledger_entries (
    id uuid not null constraint ledger_entries_pkey primary key,
    seq bigint generated always as identity,
    company_id text not null constraint ledger_entry_company check (length(company_id) between 1 and 200),
    idempotency_key text not null constraint ledger_entry_idempotency_key
      check (length(idempotency_key) between 1 and 500),
    effective_date date not null,
    description text not null constraint ledger_entry_description check (length(description) <= 2000),
    metadata jsonb not null default '{}' constraint ledger_entry_metadata check (jsonb_typeof(metadata) = 'object'),
    reverses_entry_id uuid,
    -- How many postings the entry has: its lines are numbered 0 … posting_count − 1.
    posting_count smallint not null constraint ledger_entry_posting_count check (posting_count >= 2),
    created_at timestamptz not null default now(),
    constraint ledger_entries_idempotency_key_key unique (company_id, idempotency_key),
    constraint ledger_entries_lines_key unique (id, company_id, posting_count),
    constraint ledger_entry_reverses foreign key (reverses_entry_id) references ledger_entries (id),
    constraint ledger_entry_reverses_other check (reverses_entry_id <> id)
  )`,
  `create index ledger_entries_journal on ledger_entries (company_id, effective_date, seq)`,
  // Partial, so that ordinary entries (no reversal) cost no entry in this index.
  `create unique index ledger_entries_reversed_once on ledger_entries (reverses_entry_id)
    where reverses_entry_id is not null`,

  `create table ledger_postings (
    entry_id uuid not null,
    line_no smallint not null,
    posting_count smallint not null,
    company_id text not null,
    account_id uuid not null,
    currency text not null,
    amount numeric(78, 0) not null constraint ledger_posting_amount check (amount <> 0),
    constraint ledger_postings_pkey primary key (entry_id, line_no),
    constraint ledger_posting_line_no check (line_no >= 0 and line_no < posting_count),
    constraint ledger_posting_entry foreign key (entry_id, company_id, posting_count)
      references ledger_entries (id, company_id, posting_count)
    -- No foreign key onto ledger_accounts: its check would take a KEY SHARE lock on the account row for every
    -- posting, and concurrent writers to one bank account would contend on that row (MultiXacts). The commit-time
    -- check below proves account, currency and company instead; accounts are never deleted, so it stays true.
  )`,
  `create index ledger_postings_account on ledger_postings (account_id) include (amount)`,

  `create function ledger_refuse_change() returns trigger language plpgsql as $$
  begin
    raise exception '% on % refused: the ledger is append-only; correct an entry by reversing it', tg_op, tg_table_name
      using errcode = 'restrict_violation', constraint = 'ledger_immutable';
  end
  $$`,
  `create trigger ledger_entries_immutable before update or delete on ledger_entries
    for each row execute function ledger_refuse_change()`,
  `create trigger ledger_entries_no_truncate before truncate on ledger_entries
    for each statement execute function ledger_refuse_change()`,
  `create trigger ledger_postings_immutable before update or delete on ledger_postings
    for each row execute function ledger_refuse_change()`,
  `create trigger ledger_postings_no_truncate before truncate on ledger_postings
    for each statement execute function ledger_refuse_change()`,

  // An account's identity, kind, scale and on-chain address are facts its postings rely on; name and code may change,
  // and an account is never deleted (one no longer used is simply left without new postings).
  `create function ledger_account_guard() returns trigger language plpgsql as $$
  begin
    if (new.id, new.company_id, new.type, new.currency, new.decimals, new.chain_id, new.address)
       is distinct from (old.id, old.company_id, old.type, old.currency, old.decimals, old.chain_id, old.address) then
      raise exception 'ledger account %: only its name and code may change', old.id
        using errcode = 'restrict_violation', constraint = 'ledger_account_immutable';
    end if;
    return new;
  end
  $$`,
  `create trigger ledger_accounts_guard before update on ledger_accounts
    for each row execute function ledger_account_guard()`,
  `create trigger ledger_accounts_no_delete before delete on ledger_accounts
    for each row execute function ledger_refuse_change()`,
  `create trigger ledger_accounts_no_truncate before truncate on ledger_accounts
    for each statement execute function ledger_refuse_change()`,

  // The commit-time proof that an entry is whole, once per entry. Postings need no trigger of their own: their line
  // numbers lie in 0 … posting_count − 1 and are unique, so once this check has counted posting_count of them no
  // further posting can ever be added.
  `create function ledger_entry_check() returns trigger language plpgsql as $$
  declare
    v_lines bigint;
    v_total numeric;
    v_first_currency text;
    v_last_currency text;
    v_misfits bigint;
    v_misfit record;
    v_unbalanced_currency text;
    v_unbalanced_total numeric;
  begin
    -- One aggregate over the entry's postings and their accounts; per-currency sums only for multi-currency entries.
    select count(*), sum(p.amount), min(p.currency), max(p.currency),
        count(*) filter (where a.id is null or a.currency <> p.currency or a.company_id <> p.company_id)
      into v_lines, v_total, v_first_currency, v_last_currency, v_misfits
      from ledger_postings p left join ledger_accounts a on a.id = p.account_id
      where p.entry_id = new.id;
    if v_misfits > 0 then
      select p.line_no, p.account_id, p.currency, a.id is null as missing, a.currency as account_currency
        into v_misfit
        from ledger_postings p left join ledger_accounts a on a.id = p.account_id
        where p.entry_id = new.id and (a.id is null or a.currency <> p.currency or a.company_id <> p.company_id)
        order by p.line_no limit 1;
      raise exception 'ledger entry %, line %: %', new.id, v_misfit.line_no, case
          when v_misfit.missing then format('account %s does not exist', v_misfit.account_id)
          when v_misfit.account_currency <> v_misfit.currency
            then format('posting in %s to an account in %s', v_misfit.currency, v_misfit.account_currency)
          else format('account %s belongs to another company', v_misfit.account_id) end
        using errcode = 'foreign_key_violation', constraint = 'ledger_posting_account';
    end if;
    if v_first_currency <> v_last_currency then
      select currency, sum(amount) into v_unbalanced_currency, v_unbalanced_total from ledger_postings
        where entry_id = new.id group by currency having sum(amount) <> 0 order by currency limit 1;
    elsif v_total <> 0 then
      v_unbalanced_currency := v_first_currency;
      v_unbalanced_total := v_total;
    end if;
    if v_unbalanced_currency is not null then
      raise exception 'ledger entry % does not balance in %: its postings sum to %',
        new.id, v_unbalanced_currency, v_unbalanced_total
        using errcode = 'check_violation', constraint = 'ledger_entry_balanced';
    end if;
    if v_lines <> new.posting_count then
      raise exception 'ledger entry % declares % postings but has %', new.id, new.posting_count, v_lines
        using errcode = 'check_violation', constraint = 'ledger_entry_postings';
    end if;
    if new.reverses_entry_id is not null and exists (
      (select account_id, amount from ledger_postings where entry_id = new.reverses_entry_id
       except all select account_id, -amount from ledger_postings where entry_id = new.id)
      union all
      (select account_id, -amount from ledger_postings where entry_id = new.id
       except all select account_id, amount from ledger_postings where entry_id = new.reverses_entry_id)
    ) then
      raise exception 'ledger entry % does not mirror the postings of the entry % it reverses',
        new.id, new.reverses_entry_id
        using errcode = 'check_violation', constraint = 'ledger_reversal_mirrors';
    end if;
    return null;
  end
  $$`,
  `create constraint trigger ledger_entry_whole after insert on ledger_entries
    deferrable initially deferred for each row execute function ledger_entry_check()`,

  // The write path of postEntry in one statement: one round trip per entry, with plans PL/pgSQL caches per session.
  // It writes nothing and returns nulls when the idempotency key is taken; the trigger above still judges the entry.
  `create function ledger_post_entry(
    p_id uuid, p_company_id text, p_idempotency_key text, p_effective_date date, p_description text,
    p_metadata jsonb, p_reverses_entry_id uuid, p_account_ids uuid[], p_currencies text[], p_amounts numeric[],
    out seq bigint, out created_at timestamptz
  ) language plpgsql as $$
  declare
    v_count smallint := cardinality(p_account_ids);
  begin
    insert into ledger_entries as e
      (id, company_id, idempotency_key, effective_date, description, metadata, reverses_entry_id, posting_count)
    values (p_id, p_company_id, p_idempotency_key, p_effective_date, p_description, p_metadata, p_reverses_entry_id,
      v_count)
    on conflict (company_id, idempotency_key) do nothing
    returning e.seq, e.created_at into seq, created_at;
    if found then
      insert into ledger_postings (entry_id, line_no, posting_count, company_id, account_id, currency, amount)
      select p_id, (line.ord - 1)::smallint, v_count, p_company_id, line.account_id, line.currency, line.amount
      from unnest(p_account_ids, p_currencies, p_amounts) with ordinality as line (account_id, currency, amount, ord);
    end if;
  end
  $$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    'drop function if exists ledger_post_entry',
    'drop table if exists ledger_postings',
    'drop table if exists ledger_entries',
    'drop table if exists ledger_accounts',
    'drop table if exists ledger_currencies',
    'drop function if exists ledger_entry_check',
    'drop function if exists ledger_account_guard',
    'drop function if exists ledger_refuse_change',
  ])
    await sql.raw(statement).execute(db);
}
