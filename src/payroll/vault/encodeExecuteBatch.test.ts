import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFunctionData, getAddress, type Hex, keccak256, toHex } from 'viem';
import { payrollVaultAbi } from '../../chain/contracts/generated/PayrollVault.js';
import { ValidationError } from '../../errors/BaseError.js';
import { buildPayoutBatches } from './buildPayoutBatches.js';
import { encodeExecuteBatch } from './encodeExecuteBatch.js';
import { packPayout } from './packPayout.js';
import { toRunId } from './toRunId.js';

const address = (label: string) => getAddress(keccak256(toHex(label)).slice(0, 42));
const payouts = [1n, 2n, 3n].map((amount, index) => ({ recipient: address(`employee-${index}`), amount }));
const [plan] = buildPayoutBatches(payouts, { runId: toRunId('run'), token: address('token'), deadline: 10n });
const approvers = [address('a'), address('b'), address('c')];
const sorted = [...approvers].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));

test('encodeExecuteBatch encodes the packed payouts and sorts the approvals by approver', () => {
  const signatures = approvers.map((approver, index) => ({ approver, signature: (index ? '0x' : '0x1234') as Hex }));
  const decoded = decodeFunctionData({
    abi: payrollVaultAbi,
    data: encodeExecuteBatch({ ...plan!, signatures }),
  });
  assert.equal(decoded.functionName, 'executeBatch');
  const [batch, words, approvals] = decoded.args;
  assert.deepEqual(batch, plan!.batch);
  assert.deepEqual(
    words,
    payouts.map((payout) => packPayout(payout)),
  );
  assert.deepEqual(
    approvals.map((approval) => approval.approver),
    sorted,
  );
});

test('encodeExecuteBatch refuses payouts that are not the batch’s, and a repeated approver', () => {
  const refuses = (parameters: Parameters<typeof encodeExecuteBatch>[0], field: string) =>
    assert.throws(
      () => encodeExecuteBatch(parameters),
      (error: unknown) => error instanceof ValidationError && error.field === field,
    );
  refuses({ ...plan!, payouts: payouts.slice(0, 2), signatures: [] }, 'batch.payoutsHash');
  refuses({ ...plan!, payouts: [], signatures: [] }, 'payouts');
  refuses({ batch: { ...plan!.batch, total: 7n }, payouts, signatures: [] }, 'batch.total');
  refuses(
    {
      ...plan!,
      signatures: [
        { approver: approvers[0]!, signature: '0x' },
        { approver: approvers[0]!, signature: '0x' },
      ],
    },
    'signatures',
  );
});
