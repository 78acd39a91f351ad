import { type Hex, hashTypedData } from 'viem';
import { type PayoutBatchTypedDataParameters, payoutBatchTypedData } from './payoutBatchTypedData.js';

/**
 * The batch digest an approver approves or revokes on chain (`approveBatch(digest)`), computed off chain; equal to
 * the vault's `hashPayoutBatch(batch)`.
 */
export function hashPayoutBatch(parameters: PayoutBatchTypedDataParameters): Hex {
  return hashTypedData(payoutBatchTypedData(parameters));
}
