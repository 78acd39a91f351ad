import { sql } from 'kysely';
import { type Account, type AccountRow, type AccountType, accountColumns, accountFromRow } from './Account.js';
import type { LedgerContext } from './LedgerContext.js';
import { assertIsoDate, assertText } from './ledgerInput.js';
import { toLedgerError } from './toLedgerError.js';

export type BalancesParameters = {
  companyId: string;
  /** Count only entries effective on or before this day, `YYYY-MM-DD`; all entries when absent. */
  asOf?: string | undefined;
};

export type AccountBalance = {
  account: Account;
  /** Sum of the account's debit postings (positive amounts). */
  debits: bigint;
  /** Sum of the account's credit postings, as a positive number. */
  credits: bigint;
  /** debits − credits, in minor units of the account's currency. */
  balance: bigint;
  /** The balance in the account's normal direction: positive when an asset or expense holds debits, or a
   * liability, equity or income account holds credits. */
  normalBalance: bigint;
};

export type CurrencyBalance = {
  currency: string;
  decimals: number;
  debits: bigint;
  credits: bigint;
  /** debits − credits over all the company's accounts in this currency: 0 in a sound ledger (trial balance). */
  net: bigint;
  /** The sum of `balance` per account type. */
  byType: Record<AccountType, bigint>;
};

export type BalancesReturnType = {
  companyId: string;
  asOf: string | null;
  /** Every account of the company, ordered by currency and code, including those without postings. */
  accounts: AccountBalance[];
  currencies: CurrencyBalance[];
};

const creditNormal = new Set<AccountType>(['liability', 'equity', 'income']);

/**
 * The balance of every account of a company, optionally as of a date, and the totals per currency.
 * @example const { accounts, currencies } = await ledger.balances({ companyId, asOf: '2025-03-31' })
 */
export async function balances(context: LedgerContext, parameters: BalancesParameters): Promise<BalancesReturnType> {
  const { companyId, asOf } = parameters;
  assertText(companyId, 'companyId', 200);
  if (asOf !== undefined) assertIsoDate(asOf, 'asOf');
  // Per account through the (account_id) include (amount) index, rather than a scan of the company's postings.
  const totals =
    asOf === undefined
      ? sql`select sum(p.amount) filter (where p.amount > 0) as debits, -sum(p.amount) filter (where p.amount < 0) as credits
          from ledger_postings p where p.account_id = a.id`
      : sql`select sum(p.amount) filter (where p.amount > 0) as debits, -sum(p.amount) filter (where p.amount < 0) as credits
          from ledger_postings p join ledger_entries e on e.id = p.entry_id
          where p.account_id = a.id and e.effective_date <= ${asOf}::text::date`;
  let rows: (AccountRow & { debits: string; credits: string })[];
  try {
    ({ rows } = await sql<AccountRow & { debits: string; credits: string }>`
      select ${sql.raw(accountColumns('a'))},
        coalesce(t.debits, 0)::text as debits, coalesce(t.credits, 0)::text as credits
      from ledger_accounts a cross join lateral (${totals}) t
      where a.company_id = ${companyId}
      order by a.currency, a.code`.execute(context.db));
  } catch (error) {
    throw toLedgerError(error);
  }
  const accounts = rows.map((row): AccountBalance => {
    const account = accountFromRow(row);
    const debits = BigInt(row.debits);
    const credits = BigInt(row.credits);
    const balance = debits - credits;
    return { account, debits, credits, balance, normalBalance: creditNormal.has(account.type) ? -balance : balance };
  });
  const currencies = new Map<string, CurrencyBalance>();
  for (const { account, debits, credits, balance } of accounts) {
    let total = currencies.get(account.currency);
    if (!total) {
      total = {
        currency: account.currency,
        decimals: account.decimals,
        debits: 0n,
        credits: 0n,
        net: 0n,
        byType: { asset: 0n, liability: 0n, equity: 0n, income: 0n, expense: 0n },
      };
      currencies.set(account.currency, total);
    }
    total.debits += debits;
    total.credits += credits;
    total.net += balance;
    total.byType[account.type] += balance;
  }
  return { companyId, asOf: asOf ?? null, accounts, currencies: [...currencies.values()] };
}
