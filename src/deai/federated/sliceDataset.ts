import type { FraudColumn, FraudDataset } from '../../risk/model/loadFraudDataset.js';

/**
 * The rows `rows` of a dataset as a dataset of their own (a party's share of a split file); `flipLabels` inverts
 * FLAG, for adversary tests. Its sha256 is left empty: a node then commits to a digest of the rows themselves.
 * @example const party = sliceDataset(dataset, partition[0], 'party-0')
 */
export function sliceDataset(
  dataset: FraudDataset,
  rows: ArrayLike<number>,
  source: string,
  flipLabels = false,
): FraudDataset {
  const count = rows.length;
  const columns: FraudColumn[] = dataset.columns.map((column) =>
    column.kind === 'numeric'
      ? {
          name: column.name,
          kind: 'numeric',
          values: Float64Array.from({ length: count }, (_, i) => column.values[rows[i] as number]!),
        }
      : {
          name: column.name,
          kind: 'categorical',
          values: Array.from({ length: count }, (_, i) => column.values[rows[i] as number] ?? null),
        },
  );
  const labels = dataset.labels
    ? Uint8Array.from({ length: count }, (_, i) => {
        const label = dataset.labels![rows[i] as number]!;
        return flipLabels ? 1 - label : label;
      })
    : undefined;
  return {
    source,
    sha256: '',
    rowCount: count,
    columns,
    labels,
    lineNumbers: Uint32Array.from({ length: count }, (_, i) => dataset.lineNumbers[rows[i] as number] ?? 0),
    droppedColumns: dataset.droppedColumns,
  };
}
