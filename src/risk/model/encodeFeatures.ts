import { ValidationError } from '../../errors/BaseError.js';
import type { FeatureEncoding, FeatureMatrix } from './FeatureEncoding.js';
import type { FraudDataset } from './loadFraudDataset.js';

/**
 * Applies a fitted encoding to a dataset (all rows, or those in `rows`), giving the model's column-major inputs.
 * Columns are matched by name, so the dataset may order them differently from the model.
 * @example const inputs = encodeFeatures(model.encoding, dataset, split.test)
 */
export function encodeFeatures(
  encoding: FeatureEncoding,
  dataset: FraudDataset,
  rows?: ArrayLike<number> | undefined,
): FeatureMatrix {
  const rowCount = rows ? rows.length : dataset.rowCount;
  const byName = new Map(dataset.columns.map((column) => [column.name, column]));
  const columns = encoding.features.map((feature) => {
    const column = byName.get(feature.name);
    if (!column)
      throw new ValidationError(`${dataset.source}: missing required column "${feature.name}"`, {
        field: `column ${feature.name}`,
      });
    if (column.kind !== feature.kind)
      throw new ValidationError(
        `${dataset.source}: column "${feature.name}" must be ${feature.kind}, it is ${column.kind}`,
        {
          field: `column ${feature.name}`,
        },
      );
    const out = new Float64Array(rowCount);
    if (column.kind === 'numeric') {
      for (let i = 0; i < rowCount; i++) out[i] = column.values[rows ? (rows[i] as number) : i] as number;
      return out;
    }
    const counts = feature.kind === 'categorical' ? new Map(feature.counts) : new Map<string, number>();
    for (let i = 0; i < rowCount; i++) {
      const value = column.values[rows ? (rows[i] as number) : i];
      // A category never seen in training is rare (count 0), which is not the same as having no value at all.
      out[i] = value === null || value === undefined ? Number.NaN : (counts.get(value) ?? 0);
    }
    return out;
  });
  return { rowCount, columns };
}
