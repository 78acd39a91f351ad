import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getAddress, zeroAddress } from 'viem';
import { ValidationError } from '../../errors/BaseError.js';
import { maxPayoutAmount, packPayout } from './packPayout.js';
import { unpackPayout } from './unpackPayout.js';

const recipient = getAddress('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');

test('packPayout puts the recipient in the high 20 bytes and the amount in the low 12', () => {
  assert.equal(
    packPayout({ recipient, amount: 1_234_560_000n }),
    // 1,234.56 USDC = 1,234,560,000 units = 0x4995e400.
    '0x70997970c51812dc3a010c7d01b50e0d17dc79c800000000000000004995e400',
  );
  for (const amount of [1n, 1_234_560_000n, maxPayoutAmount])
    assert.deepEqual(unpackPayout(packPayout({ recipient, amount })), { recipient, amount });
});

test('packPayout refuses what the vault would refuse, naming the field', () => {
  const cases = [
    { recipient: zeroAddress, amount: 1n },
    { recipient, amount: 0n },
    { recipient, amount: maxPayoutAmount + 1n },
    { recipient: '0x1234' as const, amount: 1n },
  ];
  for (const payout of cases)
    assert.throws(
      () => packPayout(payout, 'payouts[3]'),
      (error: unknown) => error instanceof ValidationError && error.field === 'payouts[3]',
    );
});
