import type { PayslipRate } from './PayslipView.js';

/**
 * An employee's crypto receipts over one calendar year, as the pay runs recorded them: what they need to declare
 * each receipt's value at the time of receipt. Plain values, no database rows.
 */
export type YearlyStatementView = {
  /** Printed and used for the file name, e.g. `2026-E-0042`. */
  statementId: string;
  /** Calendar year (UTC) every receipt falls in. */
  year: number;
  /** Becomes the PDF's CreationDate: the same view always renders to the same bytes. */
  createdAt: Date;
  company: {
    name: string;
    addressLines?: readonly string[] | undefined;
    country?: string | undefined;
    lei?: string | undefined;
  };
  employee: {
    id: string;
    /** In any script, printed as given. */
    name: string;
    addressLines?: readonly string[] | undefined;
  };
  /** ISO 4217 code the receipts are valued in, e.g. `EUR`. */
  currency: string;
  currencyDecimals: number;
  receipts: readonly YearlyStatementReceipt[];
};

/** One crypto payout the employee received. */
export type YearlyStatementReceipt = {
  /** When the payout's transaction was mined (the moment of receipt). */
  receivedAt: Date;
  /** The pay period it paid, e.g. `2026-11`. */
  period: string;
  asset: string;
  /** Token base units received. */
  tokenAmount: bigint;
  tokenDecimals: number;
  /** The rate the tokens were bought at for this payout. */
  rate: PayslipRate;
  /** Value at receipt in `currency` minor units: the share of net pay paid in this asset. */
  fiatMinor: bigint;
  /** e.g. `Ethereum (chain 1)`. */
  network?: string | undefined;
  recipient: string;
  txHash: string;
  /** Index of the payout's event in the transaction, which tells apart payouts of one batch. */
  logIndex?: number | undefined;
};
