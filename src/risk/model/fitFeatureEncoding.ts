import type { EncodedFeature, FeatureEncoding } from './FeatureEncoding.js';
import type { FraudDataset } from './loadFraudDataset.js';

/**
 * Fits the feature encoding on the training rows only: numeric columns pass through, each categorical column gets a
 * frequency encoding (category → count among `trainRows`), which uses no label so it cannot leak the target.
 * @example const encoding = fitFeatureEncoding(dataset, split.train)
 */
export function fitFeatureEncoding(dataset: FraudDataset, trainRows: ArrayLike<number>): FeatureEncoding {
  const features: EncodedFeature[] = dataset.columns.map((column) => {
    if (column.kind === 'numeric') return { name: column.name, kind: 'numeric' };
    const counts = new Map<string, number>();
    for (let i = 0; i < trainRows.length; i++) {
      const value = column.values[trainRows[i] as number];
      if (value !== null && value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    const sorted = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { name: column.name, kind: 'categorical', counts: sorted };
  });
  return { features };
}
