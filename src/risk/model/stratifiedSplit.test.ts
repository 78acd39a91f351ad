import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stratifiedSplit } from './stratifiedSplit.js';

const labels = Uint8Array.from({ length: 1000 }, (_, i) => (i % 4 === 0 ? 1 : 0));

describe('stratifiedSplit', () => {
  it('splits every row once, keeping the class balance in each part', () => {
    const split = stratifiedSplit(labels, { validation: 0.1, test: 0.2, seed: 1 });
    assert.equal(split.train.length + split.validation.length + split.test.length, 1000);
    assert.equal(new Set([...split.train, ...split.validation, ...split.test]).size, 1000);
    const positives = (rows: Uint32Array) => rows.reduce((sum, row) => sum + labels[row]!, 0);
    assert.deepEqual([split.train.length, split.validation.length, split.test.length], [700, 100, 200]);
    assert.deepEqual([positives(split.train), positives(split.validation), positives(split.test)], [175, 25, 50]);
    for (const rows of [split.train, split.validation, split.test])
      for (let i = 1; i < rows.length; i++) assert.ok(rows[i]! > rows[i - 1]!);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = stratifiedSplit(labels, { validation: 0, test: 0.2, seed: 7 });
    assert.deepEqual(a, stratifiedSplit(labels, { validation: 0, test: 0.2, seed: 7 }));
    assert.notDeepEqual(a.test, stratifiedSplit(labels, { validation: 0, test: 0.2, seed: 8 }).test);
    assert.equal(a.validation.length, 0);
  });

  it('keeps each group in one part', () => {
    const groups = Array.from({ length: 1000 }, (_, i) => (i < 300 ? i % 10 : i));
    const split = stratifiedSplit(labels, { validation: 0.1, test: 0.2, seed: 3, groups });
    const partOf = new Map<number, string>();
    for (const [name, rows] of Object.entries(split))
      for (const row of rows) {
        const group = groups[row]!;
        const seen = partOf.get(group);
        assert.ok(seen === undefined || seen === name, `group ${group} in ${seen} and ${name}`);
        partOf.set(group, name);
      }
    assert.ok(Math.abs(split.test.length - 200) <= 30);
  });

  it('refuses shares that leave nothing to train', () => {
    assert.throws(() => stratifiedSplit(labels, { validation: 0.5, test: 0.5, seed: 1 }), /leave rows to train/);
  });
});
