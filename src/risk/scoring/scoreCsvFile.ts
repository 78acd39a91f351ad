import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ValidationError } from '../../errors/BaseError.js';
import { loadFraudDataset } from '../model/loadFraudDataset.js';
import { loadModel } from '../model/modelFile.js';
import { parseCsv } from '../model/parseCsv.js';
import { scoreDataset } from '../model/scoreRows.js';
import type { RiskDecisionKind } from '../RiskTables.js';
import { defaultRiskThresholds } from '../rules/RiskThresholds.js';

export type ScoreCsvFileParameters = {
  modelPath: string;
  inputPath: string;
  outputPath: string;
  /** Scores at or above are `review` / `block` (defaults: the screening's 0.5 and 0.9). */
  reviewScore?: number | undefined;
  blockScore?: number | undefined;
  /** Contributions listed in `reasons` (default 3). */
  reasons?: number | undefined;
};

export type ScoreCsvFileReturnType = {
  rows: number;
  modelHash: string;
  outputPath: string;
  decisions: Record<RiskDecisionKind, number>;
};

const addedColumns = ['score', 'decision', 'reasons'];

/**
 * Scores every row of a CSV in the eth-fraud layout (the label may be absent) and writes the same CSV with three
 * more columns: `score` (fraud probability in [0, 1]), `decision` (allow, review or block at the screening's score
 * thresholds) and `reasons` (the largest TreeSHAP contributions, `feature=value (+log-odds)`). A malformed row, a
 * non-numeric value or a missing column is refused naming its line and column, and no output file is left behind:
 * the output is written to a temporary file next to it and renamed into place only when complete.
 * @example scoreCsvFile({ modelPath: 'fraud.json', inputPath: 'accounts.csv', outputPath: 'scored.csv' })
 */
export function scoreCsvFile(parameters: ScoreCsvFileParameters): ScoreCsvFileReturnType {
  const { modelPath, inputPath, outputPath } = parameters;
  const reviewScore = parameters.reviewScore ?? defaultRiskThresholds.decision.reviewScore;
  const blockScore = parameters.blockScore ?? defaultRiskThresholds.decision.blockScore;
  const { model, hash } = loadModel(modelPath);
  const dataset = loadFraudDataset({ csvPath: inputPath, features: model.encoding.features, requireLabel: false });
  let text: string;
  try {
    text = readFileSync(inputPath, 'utf8');
  } catch (cause) {
    throw new ValidationError(`cannot read the CSV file ${inputPath}`, { cause, field: 'input' });
  }
  const table = parseCsv(text, { sourceName: inputPath });
  for (const name of table.header)
    if (addedColumns.includes(name.trim()))
      throw new ValidationError(`${inputPath}: the input already has a "${name.trim()}" column, which scoring adds`, {
        field: `column ${name.trim()}`,
      });
  const scores = scoreDataset(model, dataset, { topContributions: parameters.reasons ?? 3 });

  const decisions: Record<RiskDecisionKind, number> = { allow: 0, review: 0, block: 0 };
  const lines = [[...table.header, ...addedColumns].map(csvField).join(',')];
  for (const [index, record] of table.records.entries()) {
    const scored = scores[index]!;
    const decision: RiskDecisionKind =
      scored.score >= blockScore ? 'block' : scored.score >= reviewScore ? 'review' : 'allow';
    decisions[decision]++;
    const reasons = scored.contributions
      .map(
        ({ feature, value, contribution }) =>
          `${feature}=${value ?? 'missing'} (${contribution >= 0 ? '+' : ''}${contribution.toFixed(3)})`,
      )
      .join('; ');
    lines.push([...record, scored.score.toFixed(6), decision, reasons].map(csvField).join(','));
  }

  const temporary = join(dirname(outputPath), `.${basename(outputPath)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, `${lines.join('\n')}\n`);
    renameSync(temporary, outputPath);
  } catch (cause) {
    rmSync(temporary, { force: true });
    throw new ValidationError(`cannot write ${outputPath}`, { cause, field: 'output' });
  }
  return { rows: table.records.length, modelHash: hash, outputPath, decisions };
}

/** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
