import { ValidationError } from '../../errors/BaseError.js';
import { createPrng } from './createPrng.js';

export type StratifiedSplitParameters = {
  /** Share of rows for validation and for test; the rest trains. */
  validation: number;
  test: number;
  seed: number;
  /**
   * Rows with the same group key always land in the same part (e.g. identical feature rows, see
   * groupIdenticalRows), so a duplicate in training cannot inflate test figures. A group counts toward the
   * class of its first row.
   */
  groups?: ArrayLike<string | number> | undefined;
};

export type DatasetSplit = { train: Uint32Array; validation: Uint32Array; test: Uint32Array };

/**
 * A deterministic stratified split: within each class, groups are shuffled with the seed and each goes to the part
 * furthest below its share of that class, so every part keeps the class balance. Row indexes come back ascending.
 * @example const { train, test } = stratifiedSplit(dataset.labels, { validation: 0, test: 0.2, seed: 42 })
 */
export function stratifiedSplit(labels: ArrayLike<number>, parameters: StratifiedSplitParameters): DatasetSplit {
  const { validation, test, seed, groups } = parameters;
  if (!(validation >= 0 && test >= 0 && validation + test < 1))
    throw new ValidationError('split shares must be ≥ 0 and leave rows to train', {
      field: 'split',
      details: `validation ${validation}, test ${test}`,
    });
  if (groups && groups.length !== labels.length)
    throw new ValidationError(`got ${groups.length} group keys for ${labels.length} rows`, { field: 'groups' });

  // Groups in order of first appearance, by class of their first row.
  const groupIndex = new Map<string | number, number>();
  const members: number[][] = [];
  const groupClass: number[] = [];
  for (let row = 0; row < labels.length; row++) {
    const key = groups ? (groups[row] as string | number) : row;
    let group = groupIndex.get(key);
    if (group === undefined) {
      group = members.length;
      groupIndex.set(key, group);
      members.push([]);
      groupClass.push(labels[row] as number);
    }
    members[group]!.push(row);
  }

  const shares = [1 - validation - test, validation, test];
  const parts: number[][] = [[], [], []];
  const prng = createPrng(seed);
  for (const label of [...new Set(groupClass)].sort((a, b) => a - b)) {
    const classGroups = members.map((_, g) => g).filter((g) => groupClass[g] === label);
    for (let i = classGroups.length - 1; i > 0; i--) {
      const j = prng.nextInt(i + 1);
      [classGroups[i], classGroups[j]] = [classGroups[j]!, classGroups[i]!];
    }
    const classRows = classGroups.reduce((sum, g) => sum + members[g]!.length, 0);
    const targets = shares.map((share) => share * classRows);
    const counts = [0, 0, 0];
    for (const g of classGroups) {
      let part = 0;
      for (let k = 1; k < 3; k++) if (targets[k]! - counts[k]! > targets[part]! - counts[part]!) part = k;
      counts[part]! += members[g]!.length;
      parts[part]!.push(...members[g]!);
    }
  }
  const [train, validationRows, testRows] = parts.map((rows) => Uint32Array.from(rows).sort());
  return { train: train!, validation: validationRows!, test: testRows! };
}
