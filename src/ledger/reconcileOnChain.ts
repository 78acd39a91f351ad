import { sql } from 'kysely';
import { type Account, type AccountRow, accountColumns, accountFromRow } from './Account.js';
import type { LedgerContext } from './LedgerContext.js';
import { assertText } from './ledgerInput.js';
import { toLedgerError } from './toLedgerError.js';

/** Reads a holding's balance on chain, in minor units of `currency` (the chain layer supplies it). */
export type ReadChainBalance = (chainId: number, address: string, currency: string) => Promise<bigint>;

export type ReconcileOnChainParameters = {
  companyId: string;
  readChainBalance: ReadChainBalance;
};

export type OnChainReconciliation = {
  account: Account;
  /** The account's balance over all its entries, minor units. */
  ledgerBalance: bigint;
  /** null when the chain could not be read. */
  chainBalance: bigint | null;
  /** chainBalance − ledgerBalance: positive when the chain holds more than the ledger says. */
  difference: bigint | null;
  status: 'matched' | 'mismatch' | 'unreadable';
  /** Why the chain could not be read. */
  error?: string;
};

export type ReconcileOnChainReturnType = {
  /** Every mirroring account matched its on-chain holding. */
  ok: boolean;
  companyId: string;
  reconciledAt: Date;
  accounts: OnChainReconciliation[];
};

/**
 * Compares each account that mirrors an on-chain holding with the balance read from the chain. The ledger counts
 * every entry posted, so an entry posted for a transaction not yet mined shows as a mismatch until it is.
 * @example await ledger.reconcileOnChain({ companyId, readChainBalance: (chainId, address, currency) => chain.balanceOf(…) })
 */
export async function reconcileOnChain(
  context: LedgerContext,
  parameters: ReconcileOnChainParameters,
): Promise<ReconcileOnChainReturnType> {
  const { companyId, readChainBalance } = parameters;
  assertText(companyId, 'companyId', 200);
  let rows: (AccountRow & { balance: string })[];
  try {
    ({ rows } = await sql<AccountRow & { balance: string }>`
      select ${sql.raw(accountColumns())},
        (select coalesce(sum(p.amount), 0) from ledger_postings p where p.account_id = ledger_accounts.id)::text as balance
      from ledger_accounts where company_id = ${companyId} and chain_id is not null order by code`.execute(context.db));
  } catch (error) {
    throw toLedgerError(error);
  }
  const reconciledAt = new Date();
  const accounts = await Promise.all(
    rows.map(async (row): Promise<OnChainReconciliation> => {
      const account = accountFromRow(row);
      const ledgerBalance = BigInt(row.balance);
      let chainBalance: unknown;
      try {
        chainBalance = await readChainBalance(account.chainId!, account.address!, account.currency);
      } catch (error) {
        return unreadable(account, ledgerBalance, error instanceof Error ? error.message : String(error));
      }
      if (typeof chainBalance !== 'bigint')
        return unreadable(account, ledgerBalance, `The chain reader returned a ${typeof chainBalance}, not a bigint.`);
      const difference = chainBalance - ledgerBalance;
      return { account, ledgerBalance, chainBalance, difference, status: difference === 0n ? 'matched' : 'mismatch' };
    }),
  );
  return { ok: accounts.every((entry) => entry.status === 'matched'), companyId, reconciledAt, accounts };
}

function unreadable(account: Account, ledgerBalance: bigint, error: string): OnChainReconciliation {
  return { account, ledgerBalance, chainBalance: null, difference: null, status: 'unreadable', error };
}
