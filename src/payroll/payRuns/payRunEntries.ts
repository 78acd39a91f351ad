import type { Account } from '../../ledger/Account.js';
import type { JsonValue } from '../../ledger/LedgerEntry.js';
import type { PostEntryParameters } from '../../ledger/postEntry.js';
import type { PayRun, PayRunLine, PayRunPayout } from './PayRun.js';
import type { PayRunAccounts } from './payRunAccounts.js';

/** The last day of a `YYYY-MM` period. */
export function periodEnd(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

const nonZero = (postings: { accountId: string; amount: bigint }[]) => postings.filter((p) => p.amount !== 0n);

/**
 * The accrual of a run, dated the period's last day: Dr salaries (gross) and Dr employer contributions; Cr income tax
 * withheld, Cr social contributions payable (employee and employer shares), Cr net pay payable. Every line whose pay
 * was calculated is accrued, held ones included: their salary is owed whether or not it is paid in this run.
 */
export function accrualEntry(run: PayRun, lines: readonly PayRunLine[], accounts: PayRunAccounts): PostEntryParameters {
  const accrued = lines.filter((line) => line.net !== null);
  let gross = 0n;
  let tax = 0n;
  let employeeSocial = 0n;
  let employer = 0n;
  let net = 0n;
  for (const line of accrued) {
    gross += line.gross;
    tax += line.incomeTax ?? 0n;
    employeeSocial += line.socialContributions.reduce((s, c) => s + c.amount, 0n);
    employer += line.employerContributions.reduce((s, c) => s + c.amount, 0n);
    net += line.net ?? 0n;
  }
  return {
    companyId: run.companyId,
    idempotencyKey: `payrun:${run.id}:accrual`,
    date: periodEnd(run.period),
    description: `Payroll ${run.period}: salaries and contributions of ${accrued.length} employees`,
    postings: nonZero([
      { accountId: accounts.salaries.id, amount: gross },
      { accountId: accounts.employerContributions.id, amount: employer },
      { accountId: accounts.incomeTax.id, amount: -tax },
      { accountId: accounts.socialContributions.id, amount: -(employeeSocial + employer) },
      { accountId: accounts.netPay.id, amount: -net },
    ]),
    metadata: { payRunId: run.id, period: run.period, lines: accrued.length },
  };
}

/** The SEPA leg, dated the requested execution date: Dr net pay payable / Cr bank, the file's control sum. */
export function sepaEntry(
  run: PayRun,
  sepa: { messageId: string; sha256: string; transactions: number; controlSum: bigint },
  accounts: PayRunAccounts,
): PostEntryParameters {
  return {
    companyId: run.companyId,
    idempotencyKey: `payrun:${run.id}:sepa`,
    date: run.requestedExecutionDate,
    description: `Payroll ${run.period}: SEPA credit transfers (${sepa.transactions}), file ${sepa.messageId}`,
    postings: [
      { accountId: accounts.netPay.id, amount: sepa.controlSum },
      { accountId: accounts.bank.id, amount: -sepa.controlSum },
    ],
    metadata: {
      payRunId: run.id,
      sepaMessageId: sepa.messageId,
      sepaSha256: sepa.sha256,
      transactions: sepa.transactions,
    },
  };
}

/**
 * One crypto payout, dated the day its block was mined, balanced per currency: Dr net pay payable / Cr FX clearing in
 * the run's currency (the EUR owed), Dr FX clearing / Cr the vault's treasury account in the token (the tokens paid).
 * The metadata carries the transaction hash and log index it is reconciled by, and the rate with its source.
 */
export function cryptoPayoutEntry(parameters: {
  run: PayRun;
  payout: PayRunPayout;
  accounts: PayRunAccounts;
  fiatClearing: Account;
  tokenClearing: Account;
  vault: Account;
  chainId: number;
  txHash: string;
  logIndex: number;
  blockNumber: bigint;
  paidAt: Date;
}): PostEntryParameters {
  const { run, payout, accounts, fiatClearing, tokenClearing, vault } = parameters;
  const token = payout.token!;
  const quote = payout.quote!;
  const metadata: Record<string, JsonValue> = {
    payRunId: run.id,
    employeeId: payout.employeeId,
    asset: payout.asset,
    chainId: parameters.chainId,
    vault: vault.address,
    recipient: payout.recipient,
    txHash: parameters.txHash,
    logIndex: parameters.logIndex,
    blockNumber: parameters.blockNumber.toString(),
    batchIndex: payout.batchIndex,
    fiatAmount: payout.fiatAmount.toString(),
    tokenAmount: token.amount.toString(),
    rate: quote.rate,
    rateNumerator: quote.rateNumerator.toString(),
    rateDenominator: quote.rateDenominator.toString(),
    rateSource: quote.source,
    rateFeed: quote.feed,
    rateRoundId: quote.roundId,
    rateUpdatedAt: quote.updatedAt?.toISOString() ?? null,
  };
  return {
    companyId: run.companyId,
    idempotencyKey: `payrun:${run.id}:payout:${payout.employeeId}:${payout.asset}`,
    date: parameters.paidAt.toISOString().slice(0, 10),
    description: `Payroll ${run.period}: ${payout.asset} to ${payout.employeeId} at ${quote.rate} ${payout.asset}/${run.currency}`,
    postings: [
      { accountId: accounts.netPay.id, amount: payout.fiatAmount },
      { accountId: fiatClearing.id, amount: -payout.fiatAmount },
      { accountId: tokenClearing.id, amount: token.amount },
      { accountId: vault.id, amount: -token.amount },
    ],
    metadata,
  };
}

/** Tokens put into the vault: Dr the vault's treasury account / Cr vault funding (equity). */
export function vaultFundingEntry(parameters: {
  run: PayRun;
  kind: 'deposit' | 'fund';
  asset: string;
  amount: bigint;
  vault: Account;
  funding: Account;
  date: string;
  txHash: string | null;
}): PostEntryParameters {
  const { run, kind, asset, amount, vault, funding, date, txHash } = parameters;
  return {
    companyId: run.companyId,
    idempotencyKey: `payrun:${run.id}:${kind}:${asset}`,
    date,
    description:
      kind === 'fund'
        ? `Payroll ${run.period}: ${asset} minted to the vault on the development chain`
        : `Payroll ${run.period}: ${asset} found in the vault beyond the ledger's balance (a deposit)`,
    postings: [
      { accountId: vault.id, amount },
      { accountId: funding.id, amount: -amount },
    ],
    metadata: { payRunId: run.id, asset, kind, txHash, vault: vault.address },
  };
}
