import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitNet } from './splitNet.js';

test('splitNet gives exact parts that sum to the net (largest remainder)', () => {
  assert.deepEqual(
    splitNet(123456n, [
      { asset: 'EUR', percent: '60' },
      { asset: 'USDC', percent: '40' },
    ]),
    [
      { asset: 'EUR', percent: '60', amount: 74074n },
      { asset: 'USDC', percent: '40', amount: 49382n },
    ],
  );
  // 100 cents in thirds: 33.34 % gets the odd cent... by remainder, not by position.
  assert.deepEqual(
    splitNet(100n, [
      { asset: 'EUR', percent: '33.33' },
      { asset: 'USDC', percent: '33.34' },
      { asset: 'ETH', percent: '33.33' },
    ]).map((line) => line.amount),
    [33n, 34n, 33n],
  );
  // Equal remainders: the share written first gets the unit.
  assert.deepEqual(
    splitNet(1n, [
      { asset: 'EUR', percent: '50' },
      { asset: 'USDC', percent: '50' },
    ]).map((line) => line.amount),
    [1n, 0n],
  );
  assert.deepEqual(
    splitNet(5000n, [
      { asset: 'EUR', percent: '0' },
      { asset: 'USDC', percent: '100' },
    ]),
    [{ asset: 'USDC', percent: '100', amount: 5000n }],
  );
});

test('splitNet always sums to the net and each part is within one unit of its exact share', () => {
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 48271) % 2147483647;
    return seed % n;
  };
  for (let i = 0; i < 3000; i++) {
    const a = random(10_001);
    const b = random(10_001 - a);
    const c = 10_000 - a - b;
    const split = [
      { asset: 'EUR', percent: (a / 100).toFixed(2) },
      { asset: 'USDC', percent: (b / 100).toFixed(2) },
      { asset: 'ETH', percent: (c / 100).toFixed(2) },
    ];
    const net = BigInt(random(2_000_000_000)) * BigInt(random(1000) + 1);
    const lines = splitNet(net, split);
    assert.equal(
      lines.reduce((sum, line) => sum + line.amount, 0n),
      net,
    );
    for (const line of lines) {
      const exactTimes10000 = net * BigInt(Math.round(Number(line.percent) * 100));
      const diff = line.amount * 10_000n - exactTimes10000;
      assert.ok(diff > -10_000n && diff < 10_000n, `${line.asset} ${line.amount} vs ${exactTimes10000}/10000`);
    }
  }
});

test('splitNet refuses a negative net or a split that does not add up', () => {
  assert.throws(() => splitNet(-1n, [{ asset: 'EUR', percent: '100' }]), RangeError);
  assert.throws(() => splitNet(1n, [{ asset: 'EUR', percent: '99' }]), RangeError);
});
