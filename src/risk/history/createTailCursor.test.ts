import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTailCursor } from './createTailCursor.js';

describe('reading a table by id while transactions commit out of order', () => {
  test('an id skipped below the highest seen is asked for again until it appears', () => {
    const cursor = createTailCursor();
    cursor.saw([1n, 2n, 4n, 5n]);
    assert.equal(cursor.after, 5n);
    assert.deepEqual(cursor.gaps(), [3n]);
    // Id 3's transaction commits later; the next read returns it with newer ones.
    cursor.saw([3n, 6n]);
    assert.equal(cursor.after, 6n);
    assert.deepEqual(cursor.gaps(), []);
  });

  test('a gap whose transaction rolled back is given up after its time to live', () => {
    let clock = 0;
    const cursor = createTailCursor({ gapTtlMs: 1_000, now: () => clock });
    cursor.saw([1n, 4n]);
    assert.deepEqual(cursor.gaps(), [2n, 3n]);
    clock = 999;
    assert.deepEqual(cursor.gaps(), [2n, 3n]);
    clock = 1_001;
    assert.deepEqual(cursor.gaps(), []);
    cursor.saw([]);
    assert.equal(cursor.after, 4n);
  });

  test('a jump of many ids keeps only the newest gaps, and an empty read changes nothing', () => {
    const cursor = createTailCursor({ maxGaps: 3 });
    cursor.saw([1_000_000n]);
    assert.deepEqual(cursor.gaps(), [999_997n, 999_998n, 999_999n]);
    cursor.saw([]);
    assert.equal(cursor.after, 1_000_000n);
    assert.equal(cursor.gaps().length, 3);
    cursor.reset();
    assert.equal(cursor.after, 0n);
    assert.deepEqual(cursor.gaps(), []);
  });
});
