/** A crypto payout to screen, as the pay run knows it. */
export type PayoutScreeningRequest = {
  companyId: string;
  chainId: number;
  asset: string;
  /** Token minor units. */
  amount: bigint;
  decimals: number;
  /** What the payout is worth in EUR cents (the run's quote). */
  fiatValueEurCents: bigint;
  /** The company's vault. */
  from: string;
  /** The employee's wallet. */
  to: string;
  /** `payrun:<id>:<employeeId>:<asset>`. */
  reference: string;
  beneficiary: { employeeId: string; name: string };
  /** Who asked (the audit actor of the screen step). */
  actor: string;
};

export type PayoutScreeningDecision = 'allow' | 'review' | 'block';

/** The risk engine's answer, narrowed to what a pay run stores and shows. */
export type PayoutScreeningResult = {
  decision: PayoutScreeningDecision;
  score: number;
  rulesFired: { rule: string; explanation?: string | undefined }[];
  topReasons: unknown[];
  decisionId: string;
  modelHash: string | null;
  /** The alert case a review or block opened. */
  caseId?: string | null | undefined;
  summary?: string | undefined;
};

/**
 * Screens one crypto payout (sanctions, AML rules, fraud model). Injected, so pay runs depend on this one function
 * rather than on the whole risk engine (see screenWithRiskEngine for the platform's).
 */
export type ScreenPayout = (request: PayoutScreeningRequest) => Promise<PayoutScreeningResult>;
