import { type RawBuilder, sql } from 'kysely';
import type { LedgerContext } from './LedgerContext.js';
import { assertText } from './ledgerInput.js';
import { toLedgerError } from './toLedgerError.js';

export type CheckLedgerParameters = {
  /** Check one company; the whole ledger when absent. */
  companyId?: string | undefined;
};

export type LedgerRule =
  | 'entry-balanced'
  | 'entry-postings'
  | 'posting-entry'
  | 'posting-account'
  | 'reversal-mirrors'
  | 'trial-balance';

/** One invariant, as proven by one SQL query over the stored rows. */
export type LedgerCheck = {
  rule: LedgerRule;
  description: string;
  passed: boolean;
  /** How many rows break the rule; `problems` lists at most 100 of them per rule. */
  violations: number;
};

export type LedgerProblem =
  | { rule: 'entry-balanced'; entryId: string; currency: string; sum: bigint }
  | { rule: 'entry-postings'; entryId: string; postings: number }
  | { rule: 'posting-entry'; entryId: string; lineNo: number }
  | { rule: 'posting-account'; entryId: string; lineNo: number; accountId: string; reason: string }
  | { rule: 'reversal-mirrors'; entryId: string; reversesEntryId: string }
  | { rule: 'trial-balance'; companyId: string; currency: string; net: bigint };

export type TrialBalanceLine = {
  companyId: string;
  currency: string;
  debits: bigint;
  /** As a positive number. */
  credits: bigint;
  /** debits − credits: 0 in a sound ledger. */
  net: bigint;
};

export type LedgerCheckReport = {
  /** Every check passed. */
  ok: boolean;
  companyId: string | null;
  checkedAt: Date;
  counts: { accounts: number; entries: number; postings: number };
  checks: LedgerCheck[];
  problems: LedgerProblem[];
  trialBalance: TrialBalanceLine[];
};

const detailLimit = 100;

/**
 * Proves the ledger's invariants from the stored rows rather than trusting the write path: every entry balances per
 * currency and has at least two postings, every posting has its entry and matches its account's currency and
 * company, every reversal mirrors the entry it reverses, and the trial balance of each currency sums to zero.
 * @example const report = await ledger.checkLedger({ companyId }); if (!report.ok) console.table(report.problems)
 */
export async function checkLedger(
  context: LedgerContext,
  parameters: CheckLedgerParameters = {},
): Promise<LedgerCheckReport> {
  const { companyId } = parameters;
  if (companyId !== undefined) assertText(companyId, 'companyId', 200);
  const of = (alias: string) =>
    companyId === undefined ? sql`true` : sql`${sql.ref(`${alias}.company_id`)} = ${companyId}`;
  const checkedAt = new Date();
  try {
    const counts = await one<{ accounts: string; entries: string; postings: string }>(
      context,
      sql`select
        (select count(*) from ledger_accounts a where ${of('a')})::text as accounts,
        (select count(*) from ledger_entries e where ${of('e')})::text as entries,
        (select count(*) from ledger_postings p where ${of('p')})::text as postings`,
    );

    const unbalanced = await many<{ entry_id: string; currency: string; sum: string }>(
      context,
      sql`select entry_id, currency, sum(amount)::text as sum from ledger_postings p where ${of('p')}
        group by entry_id, currency having sum(amount) <> 0`,
    );
    const fewPostings = await many<{ entry_id: string; postings: string }>(
      context,
      sql`select e.id as entry_id, count(p.entry_id)::text as postings
        from ledger_entries e left join ledger_postings p on p.entry_id = e.id
        where ${of('e')} group by e.id having count(p.entry_id) < 2`,
    );
    const orphans = await many<{ entry_id: string; line_no: number }>(
      context,
      sql`select p.entry_id, p.line_no from ledger_postings p left join ledger_entries e on e.id = p.entry_id
        where ${of('p')} and e.id is null`,
    );
    const wrongAccount = await many<{ entry_id: string; line_no: number; account_id: string; reason: string }>(
      context,
      sql`select p.entry_id, p.line_no, p.account_id, case
          when a.id is null then 'the account does not exist'
          when a.currency <> p.currency then 'posting in ' || p.currency || ', account in ' || a.currency
          when a.company_id <> p.company_id then 'the account belongs to another company'
          else 'the entry belongs to another company' end as reason
        from ledger_postings p
        left join ledger_accounts a on a.id = p.account_id
        left join ledger_entries e on e.id = p.entry_id
        where ${of('p')} and (a.id is null or a.currency <> p.currency or a.company_id <> p.company_id
          or e.company_id <> p.company_id)`,
    );
    const notMirroring = await many<{ entry_id: string; reverses_entry_id: string }>(
      context,
      sql`select r.id as entry_id, r.reverses_entry_id from ledger_entries r
        where ${of('r')} and r.reverses_entry_id is not null and exists (
          (select account_id, amount from ledger_postings where entry_id = r.reverses_entry_id
           except all select account_id, -amount from ledger_postings where entry_id = r.id)
          union all
          (select account_id, -amount from ledger_postings where entry_id = r.id
           except all select account_id, amount from ledger_postings where entry_id = r.reverses_entry_id))`,
    );
    const { rows: trialRows } = await sql<{
      company_id: string;
      currency: string;
      debits: string;
      credits: string;
      net: string;
    }>`select company_id, currency,
        coalesce(sum(amount) filter (where amount > 0), 0)::text as debits,
        coalesce(-sum(amount) filter (where amount < 0), 0)::text as credits,
        sum(amount)::text as net
      from ledger_postings p where ${of('p')} group by company_id, currency order by company_id, currency`.execute(
      context.db,
    );

    const trialBalance = trialRows.map(
      (row): TrialBalanceLine => ({
        companyId: row.company_id,
        currency: row.currency,
        debits: BigInt(row.debits),
        credits: BigInt(row.credits),
        net: BigInt(row.net),
      }),
    );
    const offTrial = trialBalance.filter((line) => line.net !== 0n);

    const checks: LedgerCheck[] = [
      check('entry-balanced', 'Every entry balances per currency.', unbalanced.total),
      check('entry-postings', 'Every entry has at least 2 postings.', fewPostings.total),
      check('posting-entry', 'Every posting belongs to an existing entry (no orphans).', orphans.total),
      check(
        'posting-account',
        "Every posting is in its account's currency and in the company of its account and entry.",
        wrongAccount.total,
      ),
      check(
        'reversal-mirrors',
        'Every reversal negates exactly the postings of the entry it reverses.',
        notMirroring.total,
      ),
      check('trial-balance', 'The trial balance of every currency sums to zero.', offTrial.length),
    ];
    const problems: LedgerProblem[] = [
      ...unbalanced.rows.map((row) => ({
        rule: 'entry-balanced' as const,
        entryId: row.entry_id,
        currency: row.currency,
        sum: BigInt(row.sum),
      })),
      ...fewPostings.rows.map((row) => ({
        rule: 'entry-postings' as const,
        entryId: row.entry_id,
        postings: Number(row.postings),
      })),
      ...orphans.rows.map((row) => ({ rule: 'posting-entry' as const, entryId: row.entry_id, lineNo: row.line_no })),
      ...wrongAccount.rows.map((row) => ({
        rule: 'posting-account' as const,
        entryId: row.entry_id,
        lineNo: row.line_no,
        accountId: row.account_id,
        reason: row.reason,
      })),
      ...notMirroring.rows.map((row) => ({
        rule: 'reversal-mirrors' as const,
        entryId: row.entry_id,
        reversesEntryId: row.reverses_entry_id,
      })),
      ...offTrial.map((line) => ({
        rule: 'trial-balance' as const,
        companyId: line.companyId,
        currency: line.currency,
        net: line.net,
      })),
    ];
    return {
      ok: checks.every((entry) => entry.passed),
      companyId: companyId ?? null,
      checkedAt,
      counts: { accounts: Number(counts.accounts), entries: Number(counts.entries), postings: Number(counts.postings) },
      checks,
      problems,
      trialBalance,
    };
  } catch (error) {
    throw toLedgerError(error);
  }
}

function check(rule: LedgerRule, description: string, violations: number): LedgerCheck {
  return { rule, description, passed: violations === 0, violations };
}

async function one<Row>(context: LedgerContext, query: RawBuilder<unknown>): Promise<Row> {
  const { rows } = await (query as RawBuilder<Row>).execute(context.db);
  return rows[0]!;
}

/** Up to `detailLimit` offending rows and how many there are in all. */
async function many<Row>(context: LedgerContext, query: RawBuilder<unknown>): Promise<{ rows: Row[]; total: number }> {
  const { rows } = await sql<Row & { total: string }>`
    select offending.*, (count(*) over ())::text as total from (${query}) offending limit ${detailLimit}`.execute(
    context.db,
  );
  return { rows, total: Number(rows[0]?.total ?? 0) };
}
