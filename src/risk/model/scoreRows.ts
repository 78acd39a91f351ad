import { ValidationError } from '../../errors/BaseError.js';
import { createTreeShapExplainer, type TreeShapExplainer } from './createTreeShapExplainer.js';
import { encodeFeatures } from './encodeFeatures.js';
import type { FeatureMatrix } from './FeatureEncoding.js';
import type { FraudModel } from './FraudModel.js';
import type { FraudColumn, FraudDataset } from './loadFraudDataset.js';
import { predictMargins } from './predictMargins.js';

/** One row to score: feature name → value; null, undefined, '' or an absent key is a missing value. */
export type FraudInputRow = Readonly<Record<string, number | string | null | undefined>>;

export type FeatureContribution = {
  feature: string;
  /** The row's raw value of the feature (null when missing). */
  value: number | string | null;
  /** Its SHAP contribution to the margin, in log-odds. */
  contribution: number;
};

export type FraudScore = {
  /** Fraud probability. */
  score: number;
  /** Log-odds: `expectedValue` + Σ contributions. */
  margin: number;
  expectedValue: number;
  /** Present when a threshold was given: 'fraud' when `score >= threshold`. */
  decision?: 'fraud' | 'legitimate';
  /** Features by decreasing |contribution|; features with no effect on this row are left out. */
  contributions: FeatureContribution[];
};

export type ScoreOptions = {
  threshold?: number | undefined;
  /** Keep only the largest contributions (default: all non-zero). */
  topContributions?: number | undefined;
};

/**
 * Scores rows with the model, each with its exact TreeSHAP explanation.
 * @example scoreRows(model, [{ 'Sent tnx': 12, 'ERC20 most sent token type': 'OmiseGO' }], { threshold: 0.5 })
 */
export function scoreRows(model: FraudModel, rows: readonly FraudInputRow[], options: ScoreOptions = {}): FraudScore[] {
  const known = new Set(model.encoding.features.map((feature) => feature.name));
  const columns: FraudColumn[] = model.encoding.features.map((feature) =>
    feature.kind === 'numeric'
      ? { name: feature.name, kind: 'numeric', values: new Float64Array(rows.length) }
      : { name: feature.name, kind: 'categorical', values: new Array<string | null>(rows.length).fill(null) },
  );
  for (const [index, row] of rows.entries()) {
    for (const key of Object.keys(row))
      if (!known.has(key))
        throw new ValidationError(`row ${index}: unknown feature "${key}"`, { field: `rows[${index}].${key}` });
    for (const column of columns) {
      const raw = row[column.name];
      const missing = raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
      if (column.kind === 'categorical') {
        if (!missing && typeof raw !== 'string' && typeof raw !== 'number')
          throw new ValidationError(`row ${index}, feature "${column.name}": expected text`, {
            field: `rows[${index}].${column.name}`,
          });
        column.values[index] = missing ? null : String(raw).trim();
        continue;
      }
      const value = missing ? Number.NaN : typeof raw === 'number' ? raw : Number(String(raw).trim());
      if (!missing && !Number.isFinite(value))
        throw new ValidationError(`row ${index}, feature "${column.name}": ${JSON.stringify(raw)} is not a number`, {
          field: `rows[${index}].${column.name}`,
        });
      column.values[index] = value;
    }
  }
  const dataset: FraudDataset = {
    source: 'rows',
    sha256: '',
    rowCount: rows.length,
    columns,
    labels: undefined,
    lineNumbers: new Uint32Array(rows.length),
    droppedColumns: [],
  };
  return scoreDataset(model, dataset, options);
}

// An explainer walks every tree once to set itself up (mean leaf values, per-leaf tables: some 40 ms for the fraud
// model): screening scores a few rows per batch, so the set-up is kept per model instead of repeated per call.
// Explaining is synchronous, so sharing its buffers between calls is safe.
const explainers = new WeakMap<FraudModel, TreeShapExplainer>();
function explainerOf(model: FraudModel): TreeShapExplainer {
  let explainer = explainers.get(model);
  if (!explainer) {
    explainer = createTreeShapExplainer(model);
    explainers.set(model, explainer);
  }
  return explainer;
}

/**
 * scoreRows for a dataset already loaded (e.g. `loadFraudDataset({ csvPath, features: model.encoding.features })`).
 */
export function scoreDataset(model: FraudModel, dataset: FraudDataset, options: ScoreOptions = {}): FraudScore[] {
  const { threshold, topContributions } = options;
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1))
    throw new ValidationError(`threshold must be in [0, 1], got ${threshold}`, { field: 'threshold' });
  const inputs: FeatureMatrix = encodeFeatures(model.encoding, dataset);
  const margins = predictMargins(model, inputs);
  const explainer = explainerOf(model);
  const byName = new Map(dataset.columns.map((column) => [column.name, column]));
  const phi = new Float64Array(model.featureCount);
  const scores: FraudScore[] = [];
  for (let row = 0; row < inputs.rowCount; row++) {
    explainer.explain(inputs.columns, row, phi);
    const contributions: FeatureContribution[] = [];
    for (const [feature, { name }] of model.encoding.features.entries()) {
      const contribution = phi[feature]!;
      if (contribution === 0) continue;
      const raw = byName.get(name)?.values[row];
      const value = raw === undefined || raw === null || (typeof raw === 'number' && Number.isNaN(raw)) ? null : raw;
      contributions.push({ feature: name, value, contribution });
    }
    contributions.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
    const margin = margins[row]!;
    const score = 1 / (1 + Math.exp(-margin));
    scores.push({
      score,
      margin,
      expectedValue: explainer.expectedValue,
      ...(threshold !== undefined ? { decision: score >= threshold ? 'fraud' : 'legitimate' } : {}),
      contributions: topContributions === undefined ? contributions : contributions.slice(0, topContributions),
    });
  }
  return scores;
}
