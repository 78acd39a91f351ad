/**
 * Everything a payslip shows, already computed by the pay run: plain values, no database rows. Fiat amounts are
 * integer minor units of `currency` (with `currencyDecimals`), token amounts integer base units with the
 * token's decimals, so what is printed is exactly what was paid.
 */
export type PayslipView = {
  /** Printed as the payslip number and used for the file name, e.g. `2026-11-E-0042`. */
  payslipId: string;
  payRunId: string;
  /** Becomes the PDF's CreationDate: the same view always renders to the same bytes. */
  createdAt: Date;
  company: {
    name: string;
    addressLines?: readonly string[] | undefined;
    country?: string | undefined;
    /** Legal Entity Identifier, printed when the company has one. */
    lei?: string | undefined;
  };
  employee: {
    id: string;
    /** In any script, printed as given. */
    name: string;
    addressLines?: readonly string[] | undefined;
    email?: string | undefined;
  };
  period: {
    /** e.g. `2026-11` or `November 2026`. */
    label: string;
    /** First and last day of the period, `YYYY-MM-DD`. */
    start: string;
    end: string;
    /** The day the salary is paid, `YYYY-MM-DD`. */
    payDate: string;
  };
  /** ISO 4217 code of the salary, e.g. `EUR`. */
  currency: string;
  /** Minor-unit exponent of `currency` (2 for EUR). */
  currencyDecimals: number;
  grossMinor: bigint;
  /** Income tax first, then each social contribution, in the order the tax profile lists them. */
  deductions: readonly PayslipDeduction[];
  netMinor: bigint;
  /** How the net pay is split between the bank account and crypto assets; shares add up to 100. */
  split: readonly PayslipSplitShare[];
  /** One per crypto share. */
  cryptoPayouts: readonly PayslipCryptoPayout[];
  /** The bank transfer of the fiat share, when there is one. */
  fiatPayout?: PayslipFiatPayout | undefined;
};

export type PayslipDeduction = {
  kind: 'income-tax' | 'social-contribution' | 'other';
  /** e.g. `Income tax`, `Pension insurance (employee)`. */
  label: string;
  /** The rate as printed, e.g. `9.30 %`, or the bracket, e.g. `progressive`. */
  rate?: string | undefined;
  /** The base the rate applies to, when it differs from the gross (a contribution ceiling). */
  baseMinor?: bigint | undefined;
  amountMinor: bigint;
};

export type PayslipSplitShare = {
  /** `EUR` for the bank account, or a crypto asset symbol (`USDC`, `ETH`). */
  asset: string;
  /** Percent of the net pay, e.g. 60 or 33.33. */
  percent: number;
  /** The share of the net pay in the salary currency. */
  fiatMinor: bigint;
};

export type PayslipCryptoPayout = {
  asset: string;
  /** Token base units (6 decimals for USDC, 18 for ETH). */
  tokenAmount: bigint;
  tokenDecimals: number;
  /** The salary-currency value of the share that bought these tokens. */
  fiatMinor: bigint;
  rate: PayslipRate;
  /** Network the payout went over, e.g. `Ethereum (chain 1)`. */
  network?: string | undefined;
  recipient: string;
  /** Null while the batch is not yet mined. */
  txHash: string | null;
  /** e.g. `paid`, `held for review`, `failed`. */
  status?: string | undefined;
};

/** The price the tokens were bought at: salary currency per whole token, as the price feed answered it. */
export type PayslipRate = {
  /** Integer answer of the feed, e.g. 92_145_000n with 8 decimals = 0.92145 EUR per USDC. */
  answer: bigint;
  decimals: number;
  /** e.g. `Chainlink USDC / EUR`, with the feed's address when there is room. */
  source: string;
  roundId: string;
  updatedAt: Date;
};

export type PayslipFiatPayout = {
  /** The employee's IBAN; printed with its middle masked. */
  iban: string;
  amountMinor: bigint;
  endToEndId: string;
};
