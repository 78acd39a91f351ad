import type { Address, Hex } from 'viem';

/** One payout of a batch: `amount` minor units of the batch's token to `recipient`. */
export type Payout = {
  recipient: Address;
  /** Minor units (USDC: 1 = 0.000001 USDC); 1 to 2^96 - 1. */
  amount: bigint;
};

/** What approvers sign (EIP-712 `PayoutBatch`): one batch of one pay run's crypto leg, in one token. */
export type PayoutBatch = {
  /** The pay run, as bytes32 (see toRunId). */
  runId: Hex;
  /** The batch's position in the run, from 0; (runId, batchIndex) pays at most once. */
  batchIndex: number;
  token: Address;
  /** hashPayouts(payouts). */
  payoutsHash: Hex;
  /** The sum of the payouts' amounts. */
  total: bigint;
  /** Unix seconds after which the batch can no longer execute. */
  deadline: bigint;
};

/** One approver's approval: their EIP-712 signature, or `0x` when they approved on chain (`approveBatch`). */
export type ApproverSignature = {
  approver: Address;
  signature: Hex;
};
