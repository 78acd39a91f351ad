import { concat, encodeFunctionData, type Hex, keccak256 } from 'viem';
import { payrollVaultAbi } from '../../chain/contracts/generated/PayrollVault.js';
import { ValidationError } from '../../errors/BaseError.js';
import type { ApproverSignature, Payout, PayoutBatch } from './PayoutBatch.js';
import { packPayout } from './packPayout.js';

export type EncodeExecuteBatchParameters = {
  batch: PayoutBatch;
  payouts: readonly Payout[];
  /** In any order; `0x` for an approver who approved on chain. */
  signatures: readonly ApproverSignature[];
};

/**
 * The calldata of `executeBatch` for the transaction sender (`to`: the vault). Checks that the payouts are the ones
 * the batch's hash and total name, and sorts the approvals by approver as the vault requires.
 * @example await sender.send({ idempotencyKey: `payrun:${id}:batch:${plan.batch.batchIndex}`, to: vault, data: encodeExecuteBatch({ ...plan, signatures }), purpose: 'payroll.batch' })
 */
export function encodeExecuteBatch(parameters: EncodeExecuteBatchParameters): Hex {
  const { batch } = parameters;
  if (parameters.payouts.length === 0)
    throw new ValidationError('a batch needs at least one payout', { field: 'payouts' });
  const words = parameters.payouts.map((payout, index) => packPayout(payout, `payouts[${index}]`));
  if (keccak256(concat(words)) !== batch.payoutsHash.toLowerCase())
    throw new ValidationError('the payouts do not match the batch’s payoutsHash', { field: 'batch.payoutsHash' });
  const total = parameters.payouts.reduce((sum, payout) => sum + payout.amount, 0n);
  if (total !== batch.total)
    throw new ValidationError(`the payouts add up to ${total}, the batch says ${batch.total}`, {
      field: 'batch.total',
    });

  const signatures = [...parameters.signatures].sort((a, b) => compareAddresses(a.approver, b.approver));
  for (let i = 1; i < signatures.length; i++)
    if (compareAddresses(signatures[i - 1]!.approver, signatures[i]!.approver) === 0)
      throw new ValidationError(`approver ${signatures[i]!.approver} appears twice`, { field: 'signatures' });

  return encodeFunctionData({ abi: payrollVaultAbi, functionName: 'executeBatch', args: [batch, words, signatures] });
}

function compareAddresses(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
