import type { Address } from 'viem';
import type { PayoutBatch } from './PayoutBatch.js';

/** The EIP-712 types of a payout batch, exactly as PayrollVault's PAYOUT_BATCH_TYPEHASH spells them. */
export const payoutBatchTypes = {
  PayoutBatch: [
    { name: 'runId', type: 'bytes32' },
    { name: 'batchIndex', type: 'uint32' },
    { name: 'token', type: 'address' },
    { name: 'payoutsHash', type: 'bytes32' },
    { name: 'total', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
} as const;

export type PayoutBatchTypedDataParameters = {
  chainId: number;
  /** The company's vault: the signature is valid for this vault only. */
  vault: Address;
  batch: PayoutBatch;
};

/**
 * The typed data an approver signs to approve a batch, for viem's `signTypedData` (a browser wallet through a wallet
 * client, or a keystore key through a local account) and `hashTypedData`.
 * @example const signature = await approver.signTypedData(payoutBatchTypedData({ chainId, vault, batch }))
 */
export function payoutBatchTypedData(parameters: PayoutBatchTypedDataParameters) {
  const { chainId, vault, batch } = parameters;
  return {
    domain: { name: 'TandemPayrollVault', version: '1', chainId, verifyingContract: vault },
    types: payoutBatchTypes,
    primaryType: 'PayoutBatch',
    message: batch,
  } as const;
}
