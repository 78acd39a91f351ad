import type { RiskDecisionKind, RiskTransferDirection, RiskTransferSource } from '../RiskTables.js';
import type { RiskThresholds } from '../rules/RiskThresholds.js';
import type { RuleName, RuleResult } from '../rules/RuleResult.js';
import type { SanctionsCheck } from '../sanctions/createSanctionsList.js';
import type { AccountFeatureRow } from './computeAccountFeatures.js';

/** A feature's share in the fraud model's score (TreeSHAP, in log-odds). */
export type TopReason = { feature: string; contribution: number; value: number | string | null };

/** The sanctions check of both parties. */
export type SanctionsScreening = {
  hit: boolean;
  listVersion: string;
  from: SanctionsCheck;
  to: SanctionsCheck;
};

/** The screened transfer as stored; amounts as decimal strings of minor units. */
export type ScreenedTransferRecord = {
  chainId: number;
  asset: string;
  amount: string;
  decimals: number;
  fiatValueEurCents: string | null;
  from: string;
  to: string;
  direction: RiskTransferDirection;
  source: RiskTransferSource;
  reference: string | null;
  at: Date;
};

/** What a screening answers, and what is stored for it. */
export type RiskDecision = {
  decisionId: string;
  transferId: string;
  companyId: string | null;
  decision: RiskDecisionKind;
  /** The decision score in [0, 1] (see combineDecision). */
  score: number;
  /** The fraud model's probability for the counterparty; null when it did not score. */
  modelScore: number | null;
  /** sha256 of the model in force; null when none is. */
  modelHash: string | null;
  /** Why the model did or did not score. */
  modelNote: string | null;
  rulesFired: RuleResult[];
  /** The rules that did not fire, each with its one-sentence reason. */
  rulesChecked: { rule: RuleName; explanation: string }[];
  topReasons: TopReason[];
  sanctions: SanctionsScreening;
  summary: string;
  /** The alert case a review or block opened. */
  caseId: string | null;
  transfer: ScreenedTransferRecord;
  createdAt: Date;
};

/** A stored decision with the inputs that explain it: the model's feature row and the thresholds in force. */
export type RiskDecisionRecord = RiskDecision & {
  features: AccountFeatureRow | null;
  thresholds: RiskThresholds;
  /** Names the threshold set in `risk_threshold_sets`. */
  thresholdsSha256: string;
};
