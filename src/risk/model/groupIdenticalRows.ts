import type { FraudDataset } from './loadFraudDataset.js';

/**
 * A group key per row such that rows with identical feature values share a key; pass to stratifiedSplit so copies
 * of one account never straddle training and test (the eth-fraud file has 22 such groups, up to 274 rows each).
 * @example stratifiedSplit(labels, { validation: 0, test: 0.2, seed: 1, groups: groupIdenticalRows(dataset) })
 */
export function groupIdenticalRows(dataset: FraudDataset): number[] {
  const keys = new Map<string, number>();
  const groups: number[] = new Array(dataset.rowCount);
  for (let row = 0; row < dataset.rowCount; row++) {
    const key = dataset.columns.map((column) => String(column.values[row] ?? '')).join('\u0001');
    let group = keys.get(key);
    if (group === undefined) {
      group = keys.size;
      keys.set(key, group);
    }
    groups[row] = group;
  }
  return groups;
}
