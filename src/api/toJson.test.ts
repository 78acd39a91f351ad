import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toJson } from './toJson.js';

test('an answer comes out as JSON would print it, bigints as decimal text', () => {
  const value = {
    amount: 1_234_567_890_123_456_789_012_345n,
    negative: -5n,
    at: new Date('2026-11-22T08:00:00.000Z'),
    missing: undefined,
    nothing: null,
    text: 'Zoë 🚀',
    flags: [true, false],
    numbers: [1.5, Number.NaN, Number.POSITIVE_INFINITY, -0],
    holes: [undefined, () => 1, 2n],
    nested: { deeper: { list: [{ id: 1n, when: new Date(0) }] }, fn: () => 1 },
    map: new Map([['a', 1]]),
    typed: new Uint8Array([1, 2]),
    custom: { toJSON: () => ({ shown: 7n }) },
  };
  const expected = JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v)));
  assert.deepEqual(toJson(value), expected);
  assert.equal((toJson(value) as { amount: string }).amount, '1234567890123456789012345');
  assert.equal(toJson(12n), '12');
  assert.equal(toJson(undefined), undefined);
});
