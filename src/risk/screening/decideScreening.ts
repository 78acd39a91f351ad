import { randomUUID } from 'node:crypto';
import type { RiskDecisionKind } from '../RiskTables.js';
import type { TransferHistory } from '../rules/createTransferHistory.js';
import { evaluateRules } from '../rules/evaluateRules.js';
import type { RiskThresholds } from '../rules/RiskThresholds.js';
import type { ScreenedTransfer } from '../rules/RiskTransfer.js';
import type { OwnershipProof, RuleName, RuleResult, SanctionedParty } from '../rules/RuleResult.js';
import { combineDecision } from './combineDecision.js';
import type { AccountFeatureRow } from './computeAccountFeatures.js';
import type { SanctionsScreening, TopReason } from './RiskDecision.js';
import type { ModelOutcome } from './scoreCounterparties.js';

export type DecideScreeningParameters = {
  transfer: ScreenedTransfer;
  thresholds: RiskThresholds;
  /** Names `thresholds` in `risk_threshold_sets`. */
  thresholdsSha256: string;
  sanctions: SanctionsScreening;
  history: TransferHistory;
  /** Whether the history walk was cut at its limit (said in the summary). */
  truncated: boolean;
  sanctioned: ReadonlyMap<string, SanctionedParty>;
  ownershipProof: OwnershipProof | null;
  /** The fraud model's outcome for the counterparty (see scoreCounterparties). */
  model: ModelOutcome;
};

/** A decision and everything that explains it, ready to store. */
export type DecisionRecord = {
  decisionId: string;
  decision: RiskDecisionKind;
  score: number;
  modelScore: number | null;
  modelHash: string | null;
  modelNote: string;
  rulesFired: RuleResult[];
  rulesChecked: { rule: RuleName; explanation: string }[];
  topReasons: TopReason[];
  features: AccountFeatureRow | null;
  sanctions: SanctionsScreening;
  thresholdsSha256: string;
  summary: string;
};

/**
 * Decides one screened transfer from what was gathered for it: the AML rules over its history, the fraud model's
 * outcome for the counterparty, and combineDecision. Pure: the same inputs give the same decision (but for its id).
 */
export function decideScreening(parameters: DecideScreeningParameters): DecisionRecord {
  const { transfer, thresholds, sanctions, history, sanctioned, ownershipProof, model } = parameters;
  const rules = evaluateRules({ transfer, history, thresholds, sanctioned, ownershipProof });
  const { decision, score } = combineDecision({
    sanctionsHit: sanctions.hit,
    rules,
    modelScore: model.score,
    thresholds,
  });
  const rulesFired = rules.filter((rule) => rule.fired);
  return {
    decisionId: randomUUID(),
    decision,
    score,
    modelScore: model.score,
    modelHash: model.hash,
    modelNote: model.note,
    rulesFired,
    rulesChecked: rules.filter((rule) => !rule.fired).map(({ rule, explanation }) => ({ rule, explanation })),
    topReasons: model.topReasons,
    features: model.features,
    sanctions,
    thresholdsSha256: parameters.thresholdsSha256,
    summary: summarize(decision, sanctions, rulesFired, model.score, parameters.truncated),
  };
}

function summarize(
  decision: RiskDecisionKind,
  sanctions: SanctionsScreening,
  rulesFired: RuleResult[],
  modelScore: number | null,
  truncated: boolean,
): string {
  const reasons: string[] = [];
  for (const [side, check] of [
    ['sender', sanctions.from],
    ['recipient', sanctions.to],
  ] as const)
    if (check.sanctioned)
      reasons.push(
        `the ${side} ${check.address} is on the sanctions list (${check.entity}; ${check.programs.join(', ')})`,
      );
  reasons.push(
    rulesFired.length ? rulesFired.map((rule) => `${rule.rule} (${rule.severity})`).join(', ') : 'no rule fired',
  );
  reasons.push(modelScore === null ? 'model did not score' : `model score ${modelScore.toFixed(3)}`);
  if (truncated) reasons.push('history walk truncated at its limit');
  return `${decision}: ${reasons.join('; ')}`;
}
