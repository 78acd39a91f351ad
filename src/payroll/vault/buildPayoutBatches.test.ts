import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getAddress, keccak256, toHex } from 'viem';
import { ValidationError } from '../../errors/BaseError.js';
import { buildPayoutBatches } from './buildPayoutBatches.js';
import { hashPayouts } from './hashPayouts.js';
import { toRunId } from './toRunId.js';

const token = getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3');
const runId = toRunId('run-1');
const payouts = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    recipient: getAddress(keccak256(toHex(`employee-${index}`)).slice(0, 42)),
    amount: BigInt(1_000_000 + index),
  }));

test('buildPayoutBatches keeps a run that fits in one batch whole', () => {
  const run = payouts(500);
  const [plan, ...rest] = buildPayoutBatches(run, { runId, token, deadline: 2_000_000_000n });
  assert.equal(rest.length, 0);
  assert.deepEqual(plan!.payouts, run);
  assert.deepEqual(plan!.batch, {
    runId,
    batchIndex: 0,
    token,
    payoutsHash: hashPayouts(run),
    total: run.reduce((sum, payout) => sum + payout.amount, 0n),
    deadline: 2_000_000_000n,
  });
});

test('buildPayoutBatches splits a large run into near-equal batches that fit the gas budget, in order', () => {
  const run = payouts(1_001);
  // 80% of 30M, minus 150k per batch, at 32k per recipient: 745 per batch, so 2 batches.
  const plans = buildPayoutBatches(run, { runId, token, deadline: 1n, firstBatchIndex: 4 });
  assert.deepEqual(
    plans.map((plan) => [plan.batch.batchIndex, plan.payouts.length]),
    [
      [4, 501],
      [5, 500],
    ],
  );
  assert.deepEqual(
    plans.flatMap((plan) => plan.payouts),
    run,
  );
  for (const plan of plans) {
    assert.equal(plan.batch.payoutsHash, hashPayouts(plan.payouts));
    assert.equal(
      plan.batch.total,
      plan.payouts.reduce((sum, payout) => sum + payout.amount, 0n),
    );
  }

  // (210k - 100k) / 27k: 4 per batch, so 10 payouts make 3 batches of 4, 3 and 3.
  const small = buildPayoutBatches(payouts(10), {
    runId,
    token,
    deadline: 1n,
    maxGasPerBatch: 210_000n,
    gasPerRecipient: 27_000,
    gasPerBatch: 100_000,
  });
  assert.deepEqual(
    small.map((plan) => plan.payouts.length),
    [4, 3, 3],
  );
});

test('buildPayoutBatches refuses a bad payout by its position in the run, and a budget too small for one', () => {
  const run = payouts(5);
  run[3] = { ...run[3]!, amount: 0n };
  assert.throws(
    () => buildPayoutBatches(run, { runId, token, deadline: 1n }),
    (error: unknown) => error instanceof ValidationError && error.field === 'payouts[3]',
  );
  assert.throws(
    () => buildPayoutBatches(payouts(1), { runId, token, deadline: 1n, maxGasPerBatch: 160_000n }),
    (error: unknown) => error instanceof ValidationError && error.field === 'maxGasPerBatch',
  );
  assert.deepEqual(buildPayoutBatches([], { runId, token, deadline: 1n }), []);
});
