import type { RiskDecisionKind } from '../RiskTables.js';
import type { RiskThresholds } from '../rules/RiskThresholds.js';
import type { RuleResult } from '../rules/RuleResult.js';

export type CombineDecisionParameters = {
  sanctionsHit: boolean;
  rules: readonly RuleResult[];
  /** The fraud model's probability for the counterparty, or null when it did not score. */
  modelScore: number | null;
  thresholds: RiskThresholds;
};

/**
 * One decision from the sanctions check, the AML rules and the fraud model:
 *
 * - score = 1 on a sanctions hit, otherwise the highest of the model's score and the fired rules' scores
 *   (severity scores: low 0.3, medium 0.6, high 0.95 by default);
 * - block when a party is sanctioned, a high-severity rule fired, or the rules' score is at least `blockScore` (0.9);
 *   the model's score alone blocks only when the company sets `modelMayBlock` (it is off by default: the model
 *   learned from public Ethereum accounts' whole histories, of which Tandem sees a part);
 * - review when a medium-severity rule fired or the score is at least `reviewScore` (0.5);
 * - allow otherwise (a low-severity rule alone is recorded but lets the transfer through).
 * @example combineDecision({ sanctionsHit: false, rules, modelScore: 0.62, thresholds }) // { decision: 'review', score: 0.62 }
 */
export function combineDecision(parameters: CombineDecisionParameters): { decision: RiskDecisionKind; score: number } {
  const { sanctionsHit, rules, modelScore, thresholds } = parameters;
  const fired = rules.filter((rule) => rule.fired);
  const ruleScore = Math.max(0, ...fired.map((rule) => rule.score));
  const score = sanctionsHit ? 1 : Math.max(modelScore ?? 0, ruleScore);
  const { reviewScore, blockScore, modelMayBlock } = thresholds.decision;
  if (
    sanctionsHit ||
    fired.some((rule) => rule.severity === 'high') ||
    ruleScore >= blockScore ||
    (modelMayBlock && (modelScore ?? 0) >= blockScore)
  )
    return { decision: 'block', score };
  if (fired.some((rule) => rule.severity === 'medium') || score >= reviewScore) return { decision: 'review', score };
  return { decision: 'allow', score };
}
