import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ValidationError } from '../../errors/BaseError.js';
import { ethFraudColumns } from './ethFraudColumns.js';
import { parseCsv } from './parseCsv.js';

export type FraudFeatureKind = 'numeric' | 'categorical';

/** A feature column of the fraud model's input, by its trimmed name. */
export type FraudFeature = { name: string; kind: FraudFeatureKind };

export type FraudColumn =
  | { name: string; kind: 'numeric' /** NaN marks a missing value. */; values: Float64Array }
  | {
      name: string;
      kind: 'categorical' /** null marks a missing value; values are trimmed. */;
      values: (string | null)[];
    };

export type FraudDataset = {
  /** The file path or source name, for messages. */
  source: string;
  /** sha256 (hex) of the CSV text as read, for provenance. */
  sha256: string;
  rowCount: number;
  /** Feature columns in model order. */
  columns: FraudColumn[];
  /** 1 = fraud, 0 = legitimate; undefined when the input has no label column and none was required. */
  labels: Uint8Array | undefined;
  /** The CSV line on which each row starts, for messages. */
  lineNumbers: Uint32Array;
  /** Columns of the file that are not features, and why. */
  droppedColumns: { name: string; reason: string }[];
};

export type LoadFraudDatasetParameters = ({ csvPath: string } | { csvText: string; sourceName?: string }) & {
  /**
   * The feature columns to read, in order: a trained model's schema when scoring. Without it, every column except
   * the label, the row id and address columns is a feature, those in `categoricalColumns` are categorical, and
   * the published eth-fraud columns are required.
   */
  features?: readonly FraudFeature[] | undefined;
  /** Whether the `FLAG` column must be present (default: true without `features`, false with them). */
  requireLabel?: boolean | undefined;
  categoricalColumns?: readonly string[] | undefined;
  /** Categorical cells that mean "no value" (default: the eth-fraud export's placeholders, `0` and `None`). */
  missingCategories?: readonly string[] | undefined;
  requiredColumns?: readonly string[] | undefined;
};

const numberPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const addressPattern = /^0x[0-9a-fA-F]{40}$/;
const renamedTwinPattern = /^(.*)\.(\d+)$/;

/**
 * Reads a fraud-data CSV (the eth-fraud file as published, or rows to score) into typed columns.
 *
 * - Column names are trimmed; a name repeated in the header gets a `.1`, `.2` … suffix, as pandas writes it.
 * - A twin column (`X.1` next to `X`, like the published `ERC20 uniq sent addr.1`) is dropped when it equals `X` in
 *   every row, and otherwise kept under its distinct name (the published twin differs in 1,218 of 7,975 rows).
 * - `Index`, `FLAG` and address columns (named `address` or holding only 0x addresses) are never features.
 * - Empty cells (and `NaN`) are missing values: NaN in numeric columns, null in categorical ones; categorical values
 *   are trimmed, so a cell holding only spaces is missing too. The token-name placeholders `0` and `None` are
 *   missing as well: the published file writes "no token" as `0` or `None` for legitimate accounts and as an empty
 *   or blank cell for fraudulent ones, so keeping them apart would teach the model how the file was assembled
 *   (every blank is fraud, every `0` legitimate) instead of anything about the account.
 * - A non-numeric value in a numeric column, a label other than 0/1 or a missing required column is refused with a
 *   ValidationError naming the line and the column.
 * @example const dataset = loadFraudDataset({ csvPath: 'eth_fraud_public.csv' })
 */
export function loadFraudDataset(parameters: LoadFraudDatasetParameters): FraudDataset {
  const source = 'csvPath' in parameters ? parameters.csvPath : (parameters.sourceName ?? 'CSV input');
  let bytes: Buffer;
  if ('csvPath' in parameters) {
    try {
      bytes = readFileSync(parameters.csvPath);
    } catch (cause) {
      throw new ValidationError(`cannot read the CSV file ${parameters.csvPath}`, { cause, field: 'csvPath' });
    }
  } else bytes = Buffer.from(parameters.csvText, 'utf8');
  const text = bytes.toString('utf8');
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  const table = parseCsv(text, { sourceName: source });
  const names = uniqueNames(table.header.map((name) => name.trim()));
  const indexOf = new Map(names.map((name, index) => [name, index]));
  const lineOf = (row: number) => table.lineNumbers[row] ?? 0;
  const cell = (row: number, column: number) => table.records[row]?.[column] ?? '';
  const rowCount = table.records.length;
  const droppedColumns: { name: string; reason: string }[] = [];

  const requireLabel = parameters.requireLabel ?? parameters.features === undefined;
  const requiredColumns = parameters.features
    ? parameters.features.map((feature) => feature.name)
    : (parameters.requiredColumns ?? ethFraudColumns.features);
  const missing = [...requiredColumns, ...(requireLabel ? [ethFraudColumns.label] : [])].filter(
    (name) => !indexOf.has(name),
  );
  if (missing.length > 0)
    throw new ValidationError(
      `${source}: missing required column${missing.length > 1 ? 's' : ''} ${missing.map((name) => `"${name}"`).join(', ')}`,
      { field: `column ${missing[0]}`, details: `the header has: ${names.join(', ')}` },
    );

  let features: readonly FraudFeature[];
  if (parameters.features) features = parameters.features;
  else {
    const categorical = new Set(parameters.categoricalColumns ?? ethFraudColumns.categorical);
    const chosen: FraudFeature[] = [];
    for (const [column, name] of names.entries()) {
      if (name === ethFraudColumns.label) continue;
      if (name === ethFraudColumns.rowId) {
        droppedColumns.push({ name, reason: 'row id of the export, not a feature' });
        continue;
      }
      if (name.toLowerCase() === 'address' || isAddressColumn(table.records, column)) {
        droppedColumns.push({ name, reason: 'account address, an identifier rather than a feature' });
        continue;
      }
      const twin = renamedTwinPattern.exec(name)?.[1];
      const twinColumn = twin === undefined ? undefined : indexOf.get(twin);
      if (twinColumn !== undefined && sameValues(table.records, column, twinColumn)) {
        droppedColumns.push({ name, reason: `identical to "${twin}" in every row` });
        continue;
      }
      chosen.push({ name, kind: categorical.has(name) ? 'categorical' : 'numeric' });
    }
    features = chosen;
  }

  const missingCategories = new Set(parameters.missingCategories ?? ethFraudColumns.missingCategories);
  const columns: FraudColumn[] = features.map((feature) => {
    const column = indexOf.get(feature.name);
    if (column === undefined) throw new Error(`unreachable: column ${feature.name} was checked`);
    if (feature.kind === 'categorical') {
      const values: (string | null)[] = new Array(rowCount);
      for (let row = 0; row < rowCount; row++) {
        const value = cell(row, column).trim();
        values[row] = value === '' || missingCategories.has(value) ? null : value;
      }
      return { name: feature.name, kind: 'categorical', values };
    }
    const values = new Float64Array(rowCount);
    for (let row = 0; row < rowCount; row++) {
      const parsed = parseNumber(cell(row, column));
      if (parsed === undefined)
        throw new ValidationError(
          `${source}: line ${lineOf(row)}, column "${feature.name}": "${cell(row, column)}" is not a number`,
          { field: `line ${lineOf(row)}, column ${feature.name}` },
        );
      values[row] = parsed;
    }
    return { name: feature.name, kind: 'numeric', values };
  });

  let labels: Uint8Array | undefined;
  const labelColumn = indexOf.get(ethFraudColumns.label);
  if (labelColumn !== undefined) {
    labels = new Uint8Array(rowCount);
    for (let row = 0; row < rowCount; row++) {
      const raw = cell(row, labelColumn).trim();
      const value = parseNumber(raw);
      if (value !== 0 && value !== 1)
        throw new ValidationError(
          `${source}: line ${lineOf(row)}, column "${ethFraudColumns.label}": label must be 0 or 1, got "${raw}"`,
          { field: `line ${lineOf(row)}, column ${ethFraudColumns.label}` },
        );
      labels[row] = value;
    }
  }

  return {
    source,
    sha256,
    rowCount,
    columns,
    labels,
    lineNumbers: Uint32Array.from(table.lineNumbers),
    droppedColumns,
  };
}

/** Empty or `NaN` → NaN (missing); a decimal number → its value; anything else → undefined. */
function parseNumber(raw: string): number | undefined {
  const text = raw.trim();
  if (text === '' || text.toLowerCase() === 'nan') return Number.NaN;
  if (!numberPattern.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let k = 1; seen.has(unique); k++) unique = `${name}.${k}`;
    seen.add(unique);
    return unique;
  });
}

function isAddressColumn(records: string[][], column: number): boolean {
  let addresses = 0;
  for (const record of records) {
    const value = (record[column] ?? '').trim();
    if (value === '') continue;
    if (!addressPattern.test(value)) return false;
    addresses++;
  }
  return addresses > 0;
}

function sameValues(records: string[][], a: number, b: number): boolean {
  for (const record of records) {
    const x = (record[a] ?? '').trim();
    const y = (record[b] ?? '').trim();
    if (x === y) continue;
    const nx = parseNumber(x);
    const ny = parseNumber(y);
    if (nx === undefined || ny === undefined) return false;
    if (!(nx === ny || (Number.isNaN(nx) && Number.isNaN(ny)))) return false;
  }
  return true;
}
