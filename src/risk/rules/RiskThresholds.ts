import { z } from 'zod';
import { ValidationError } from '../../errors/BaseError.js';

const severity = z.enum(['low', 'medium', 'high']);
const hours = z
  .number()
  .gt(0)
  .max(24 * 366);
const eurCents = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const count = z.number().int().min(1).max(1_000_000);
const score = z.number().min(0).max(1);

/**
 * Every number the risk engine decides with. A company may override any of them (`risk_thresholds`); what it does
 * not set stays at the default below. Money is in EUR cents.
 */
export const riskThresholdsSchema = z
  .object({
    decision: z
      .object({
        /** A score at or above this goes to review (a case is opened). */
        reviewScore: score,
        /** A score at or above this is blocked (and a case is opened). */
        blockScore: score,
        /**
         * Whether the fraud model's score alone may block. Off by default: the model learned from public Ethereum
         * accounts' whole histories, and Tandem sees part of an account's life, so on its own it sends to review.
         */
        modelMayBlock: z.boolean(),
      })
      .strict(),
    /** The score each severity of a fired rule contributes; the decision score is the highest contribution. */
    severityScores: z.object({ low: score, medium: score, high: score }).strict(),
    history: z
      .object({
        /** How far back the rules and the model's account features look. */
        lookbackDays: z.number().int().min(1).max(3660),
        /** Most recent transfers read per address and direction (bounds the work of one screening). */
        maxTransfersPerAddress: z.number().int().min(1).max(10_000),
        /** Addresses expanded per hop of a graph walk (the most recently active first). */
        maxAddressesPerHop: z.number().int().min(1).max(10_000),
      })
      .strict(),
    model: z
      .object({
        /** The model scores the counterparty only when the history holds at least this many of its transfers… */
        minCounterpartyTransfers: z.number().int().min(1).max(1_000_000),
        /** …and gives at least this share of the model's features (the rest are missing values). */
        minFeatureCoverage: z.number().min(0).max(1),
        /** How many feature contributions a decision keeps as its top reasons. */
        topReasons: z.number().int().min(1).max(50),
      })
      .strict(),
    structuring: z
      .object({
        /** Amounts people stay under: EUR 1,000 (Transfer of Funds Regulation) and EUR 10,000 (AML reporting). */
        thresholdsEurCents: z.array(eurCents.min(1)).min(1).max(10),
        /** "Just below": within this many percent under a threshold. */
        marginPercent: z.number().gt(0).lt(100),
        windowHours: hours,
        /** Fires at this many such transfers (the screened one included). */
        minTransfers: count,
        severity,
      })
      .strict(),
    velocity: z
      .object({
        windowHours: hours,
        /** Fires above this many transfers of one account in the window (the screened one included). */
        maxCount: count,
        /** Fires above this EUR sum of one account's transfers in the window. */
        maxSumEurCents: eurCents,
        severity,
      })
      .strict(),
    fanOut: z
      .object({ windowHours: hours, /** Fires at this many new recipients. */ minNewRecipients: count, severity })
      .strict(),
    fanIn: z
      .object({ windowHours: hours, /** Fires at this many new senders. */ minNewSenders: count, severity })
      .strict(),
    newCounterparty: z
      .object({
        /** Fires when a first transfer between two addresses is worth at least this. */
        minAmountEurCents: eurCents,
        severity,
      })
      .strict(),
    unhostedWallet: z
      .object({
        /** Transfers exceeding this to or from a self-hosted wallet need proof the wallet is the counterparty's. */
        thresholdEurCents: eurCents,
        severity,
      })
      .strict(),
    roundTrip: z
      .object({
        /** Longest cycle looked for, in transfers, the screened one included (3 = one address in between). */
        maxHops: z.number().int().min(3).max(6),
        windowHours: hours,
        /** The returning transfer must be worth at least this share of what left (when both values are known). */
        minReturnShare: z.number().min(0).max(1),
        severity,
      })
      .strict(),
    sanctionsExposure: z
      .object({
        /** How many hops of the transfer graph are walked from each outside party. */
        maxHops: z.number().int().min(1).max(4),
        /** Severity when a sanctioned address is a direct counterparty. */
        directSeverity: severity,
        /** Severity when it is further away. */
        indirectSeverity: severity,
      })
      .strict(),
  })
  .strict()
  .superRefine((value, context) => {
    if (value.decision.reviewScore > value.decision.blockScore)
      context.addIssue({
        code: 'custom',
        path: ['decision', 'reviewScore'],
        message: 'must not be above decision.blockScore',
      });
  });

export type RiskThresholds = z.infer<typeof riskThresholdsSchema>;
export type Severity = RiskThresholds['structuring']['severity'];

/** Tandem's defaults; each is documented in the rule that uses it. */
export const defaultRiskThresholds: RiskThresholds = {
  decision: { reviewScore: 0.5, blockScore: 0.9, modelMayBlock: false },
  severityScores: { low: 0.3, medium: 0.6, high: 0.95 },
  history: { lookbackDays: 90, maxTransfersPerAddress: 200, maxAddressesPerHop: 100 },
  model: { minCounterpartyTransfers: 2, minFeatureCoverage: 0.5, topReasons: 5 },
  structuring: {
    thresholdsEurCents: [100_000, 1_000_000],
    marginPercent: 10,
    windowHours: 72,
    minTransfers: 3,
    severity: 'medium',
  },
  velocity: { windowHours: 24, maxCount: 20, maxSumEurCents: 2_500_000, severity: 'medium' },
  fanOut: { windowHours: 24, minNewRecipients: 10, severity: 'medium' },
  fanIn: { windowHours: 24, minNewSenders: 10, severity: 'medium' },
  newCounterparty: { minAmountEurCents: 1_000_000, severity: 'medium' },
  unhostedWallet: { thresholdEurCents: 100_000, severity: 'medium' },
  roundTrip: { maxHops: 3, windowHours: 168, minReturnShare: 0.5, severity: 'medium' },
  sanctionsExposure: { maxHops: 2, directSeverity: 'high', indirectSeverity: 'medium' },
};

/** A company's overrides: any subset of the thresholds, section by section. */
export type RiskThresholdOverrides = { [K in keyof RiskThresholds]?: Partial<RiskThresholds[K]> };

/**
 * The defaults with a company's overrides applied, checked as a whole; a bad value is refused naming its path.
 * @example mergeThresholds({ velocity: { maxCount: 50 } }).velocity // { windowHours: 24, maxCount: 50, … }
 */
export function mergeThresholds(overrides: unknown, base: RiskThresholds = defaultRiskThresholds): RiskThresholds {
  if (overrides === null || overrides === undefined) return base;
  if (typeof overrides !== 'object' || Array.isArray(overrides))
    throw new ValidationError('Risk thresholds must be an object of sections.', { field: 'thresholds' });
  const merged: Record<string, unknown> = { ...base };
  for (const [section, values] of Object.entries(overrides)) {
    if (!(section in base))
      throw new ValidationError(`Unknown risk threshold section "${section}".`, {
        field: `thresholds.${section}`,
        details: `Known sections: ${Object.keys(base).join(', ')}.`,
      });
    if (typeof values !== 'object' || values === null || Array.isArray(values))
      throw new ValidationError(`Risk threshold section "${section}" must be an object.`, {
        field: `thresholds.${section}`,
      });
    merged[section] = { ...(base[section as keyof RiskThresholds] as object), ...values };
  }
  const result = riskThresholdsSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = ['thresholds', ...(issue?.path ?? [])].join('.');
    throw new ValidationError(`Invalid risk threshold ${path}: ${issue?.message ?? 'invalid'}`, { field: path });
  }
  return result.data;
}
