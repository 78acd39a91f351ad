import type { DuplicateParty } from './findDuplicates.js';

export type ContributionStatus = 'paid' | 'no-value' | 'flagged';

/** A data contributor's measured contribution to a model, ready for the reward distributor. */
export type ContributionAssessment = {
  address: string;
  /** Shapley value: validation ROC-AUC gained, averaged over join orders (0 for duplicates). */
  value: number;
  /** ROC-AUC − 0.5 of a model trained on this party's rows alone (null for duplicates). */
  aloneUtility: number | null;
  /** Share of the epoch's reward: max(value, 0) over the sum of paid values; 0 unless paid. */
  share: number;
  status: ContributionStatus;
  reason: string;
};

export type AssessmentThresholds = {
  /** Below this a party's value is noise: it earns nothing (random data lands here). */
  noValueBelow: number;
  /** Below this (negative) the party makes models worse: flagged. */
  harmfulBelow: number;
  /** A model on the party's rows alone scoring ROC-AUC below 0.5 + this (negative): labels look flipped. */
  flippedBelow: number;
};

/**
 * In validation ROC-AUC points; measured on eth-fraud, honest parties score 0.09 … 0.25, random rows up to 0.011
 * (contributions.test.ts: 0.0106 with 4 trees of depth 3), so the floor sits at twice that.
 */
export const defaultAssessmentThresholds: AssessmentThresholds = {
  noValueBelow: 0.02,
  harmfulBelow: -0.02,
  flippedBelow: -0.1,
};

/**
 * Turns Shapley values into rewards and flags: duplicates (Sybil copies) earn nothing and are flagged; a party
 * whose rows alone give a model worse than chance has flipped labels and is flagged; a party with a clearly
 * negative value harms the model and is flagged; a value under the noise floor earns nothing; the rest share the
 * reward in proportion to their values.
 */
export function assessContributions(parameters: {
  players: readonly string[];
  values: readonly number[];
  aloneUtilities: readonly number[];
  duplicates: readonly DuplicateParty[];
  thresholds?: AssessmentThresholds | undefined;
}): ContributionAssessment[] {
  const thresholds = parameters.thresholds ?? defaultAssessmentThresholds;
  const assessed: ContributionAssessment[] = parameters.players.map((address, i) => {
    const value = parameters.values[i]!;
    const aloneUtility = parameters.aloneUtilities[i]!;
    if (aloneUtility < thresholds.flippedBelow)
      return {
        address,
        value,
        aloneUtility,
        share: 0,
        status: 'flagged',
        reason: `labels look flipped: a model on its rows alone scores ROC-AUC ${(aloneUtility + 0.5).toFixed(3)} on the validation set`,
      };
    if (value < thresholds.harmfulBelow)
      return {
        address,
        value,
        aloneUtility,
        share: 0,
        status: 'flagged',
        reason: `its rows lower validation ROC-AUC by ${(-value).toFixed(4)} on average`,
      };
    if (value < thresholds.noValueBelow)
      return {
        address,
        value,
        aloneUtility,
        share: 0,
        status: 'no-value',
        reason: 'its rows add nothing measurable to the model',
      };
    return { address, value, aloneUtility, share: 0, status: 'paid', reason: 'contributed' };
  });
  for (const duplicate of parameters.duplicates)
    assessed.push({
      address: duplicate.address,
      value: 0,
      aloneUtility: null,
      share: 0,
      status: 'flagged',
      reason: `duplicate of ${duplicate.of}'s rows (Jaccard ${duplicate.jaccard.toFixed(2)}): left out of training`,
    });
  const paid = assessed.filter((entry) => entry.status === 'paid');
  const total = paid.reduce((sum, entry) => sum + entry.value, 0);
  for (const entry of paid) entry.share = total > 0 ? entry.value / total : 0;
  return assessed;
}
