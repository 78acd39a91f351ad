import { evaluateFanIn } from './fanInRule.js';
import { evaluateFanOut } from './fanOutRule.js';
import { evaluateNewCounterparty } from './newCounterpartyRule.js';
import type { RuleContext, RuleResult } from './RuleResult.js';
import { evaluateRoundTrip } from './roundTripRule.js';
import { evaluateSanctionsExposure } from './sanctionsExposureRule.js';
import { evaluateStructuring } from './structuringRule.js';
import { evaluateUnhostedWallet } from './unhostedWalletRule.js';
import { evaluateVelocity } from './velocityRule.js';

/** Every AML rule, in the order decisions list them. */
export const amlRules = [
  evaluateSanctionsExposure,
  evaluateUnhostedWallet,
  evaluateStructuring,
  evaluateVelocity,
  evaluateFanOut,
  evaluateFanIn,
  evaluateNewCounterparty,
  evaluateRoundTrip,
] as const;

/**
 * Runs every AML rule over the history for one screened transfer.
 * @example evaluateRules({ transfer, history, thresholds, sanctioned, ownershipProof: null }).filter((r) => r.fired)
 */
export function evaluateRules(context: RuleContext): RuleResult[] {
  return amlRules.map((rule) => rule(context));
}
