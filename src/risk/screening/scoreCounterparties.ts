import { scoreRows } from '../model/scoreRows.js';
import type { ModelInForce } from '../registry/createModelRegistry.js';
import type { TransferHistory } from '../rules/createTransferHistory.js';
import type { RiskThresholds } from '../rules/RiskThresholds.js';
import { type AccountFeatureRow, computeAccountFeatures } from './computeAccountFeatures.js';
import type { TopReason } from './RiskDecision.js';

/** What the fraud model said about one counterparty, or why it said nothing. */
export type ModelOutcome = {
  score: number | null;
  hash: string | null;
  note: string;
  topReasons: TopReason[];
  /** The feature row it scored, kept with the decision: with the model hash it reproduces score and reasons. */
  features: AccountFeatureRow | null;
};

export type CounterpartyToScore = {
  counterparty: string;
  history: TransferHistory;
  at: Date;
  thresholds: RiskThresholds;
};

/**
 * Scores the counterparties of a batch of screenings with the model in force, in one pass (one TreeSHAP explainer
 * for the batch): each from the account features its history gives, when it holds at least
 * `model.minCounterpartyTransfers` of its transfers and gives at least `model.minFeatureCoverage` of the model's
 * features. (Token transfers alone give the ERC20 columns, about two fifths of them; the native coin's transfers
 * give the rest that Tandem can know. A row mostly of missing values is far from anything the model learned from.)
 */
export function scoreCounterparties(
  items: readonly CounterpartyToScore[],
  model: ModelInForce | null,
  nativeAsset: string,
): ModelOutcome[] {
  if (!model)
    return items.map(() => ({
      score: null,
      hash: null,
      note: 'No fraud model is in force; sanctions and rules decide.',
      topReasons: [],
      features: null,
    }));
  const known = new Set(model.model.encoding.features.map((feature) => feature.name));
  const outcomes: ModelOutcome[] = [];
  const rows: AccountFeatureRow[] = [];
  const scoredAt: number[] = [];
  for (const { counterparty, history, at, thresholds } of items) {
    const { row, transfers } = computeAccountFeatures(counterparty, history, { nativeAsset, until: at });
    const needed = thresholds.model.minCounterpartyTransfers;
    if (transfers < needed) {
      outcomes.push({
        score: null,
        hash: model.hash,
        note: `Not scored: the history holds ${transfers} transfer${transfers === 1 ? '' : 's'} of ${counterparty}; the model needs ${needed}.`,
        topReasons: [],
        features: null,
      });
      continue;
    }
    const features: AccountFeatureRow = {};
    for (const [name, value] of Object.entries(row)) if (known.has(name)) features[name] = value;
    const coverage = Object.keys(features).length / known.size;
    if (coverage < thresholds.model.minFeatureCoverage) {
      outcomes.push({
        score: null,
        hash: model.hash,
        note: `Not scored: Tandem's history of ${counterparty} gives ${Object.keys(features).length} of the model's ${known.size} features; it needs ${Math.ceil(thresholds.model.minFeatureCoverage * known.size)}.`,
        topReasons: [],
        features,
      });
      continue;
    }
    scoredAt.push(outcomes.length);
    rows.push(features);
    outcomes.push({
      score: null,
      hash: model.hash,
      note: `Scored ${counterparty} from ${transfers} transfers in Tandem's history (${Object.keys(features).length} of ${known.size} features known).`,
      topReasons: [],
      features,
    });
  }
  if (rows.length === 0) return outcomes;
  const topContributions = Math.max(...items.map((item) => item.thresholds.model.topReasons));
  const scores = scoreRows(model.model, rows, { topContributions });
  for (const [i, scored] of scores.entries()) {
    const index = scoredAt[i]!;
    const outcome = outcomes[index]!;
    outcome.score = scored.score;
    outcome.topReasons = scored.contributions
      .slice(0, items[index]!.thresholds.model.topReasons)
      .map(({ feature, contribution, value }) => ({ feature, contribution, value }));
  }
  return outcomes;
}
