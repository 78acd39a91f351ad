import { sql } from 'kysely';
import { getAccount } from './getAccount.js';
import type { LedgerContext } from './LedgerContext.js';
import { assertIsoDate } from './ledgerInput.js';
import { toLedgerError } from './toLedgerError.js';

/**
 * An account's balance (debits − credits, minor units of its currency), optionally counting only entries effective
 * on or before `asOf` (`YYYY-MM-DD`). NotFoundError if the account does not exist.
 */
export async function accountBalance(context: LedgerContext, accountId: string, asOf?: string): Promise<bigint> {
  if (asOf !== undefined) assertIsoDate(asOf, 'asOf');
  await getAccount(context, accountId);
  try {
    const { rows } = await (asOf === undefined
      ? sql<{ balance: string }>`
          select coalesce(sum(amount), 0)::text as balance from ledger_postings where account_id = ${accountId}`
      : sql<{ balance: string }>`
          select coalesce(sum(p.amount), 0)::text as balance
          from ledger_postings p join ledger_entries e on e.id = p.entry_id
          where p.account_id = ${accountId} and e.effective_date <= ${asOf}::text::date`
    ).execute(context.db);
    return BigInt(rows[0]?.balance ?? '0');
  } catch (error) {
    throw toLedgerError(error);
  }
}
