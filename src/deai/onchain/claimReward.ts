import {
  type Address,
  type Chain,
  encodeFunctionData,
  getAddress,
  type Hex,
  type PublicClient,
  type Transport,
} from 'viem';
import { rewardDistributorAbi } from '../../chain/contracts/generated/RewardDistributor.js';
import type { TransactionSender } from '../../chain/sender/createTransactionSender.js';
import { NonRetryableError } from '../../errors/BaseError.js';
import { describeRevert } from './describeRevert.js';

export type ClaimRewardParameters = {
  sender: TransactionSender;
  publicClient: PublicClient<Transport, Chain>;
  distributor: Address;
  epoch: bigint;
  account: Address;
  amount: bigint;
  proof: readonly Hex[];
};

export type ClaimRewardReturnType =
  | { status: 'claimed'; txHash: Hex }
  /** The contributor (or anyone) claimed it without Tandem: the tokens are already theirs. */
  | { status: 'already-claimed'; txHash: null };

/**
 * Claims a contributor's reward of an epoch through Tandem's transaction sender (Tandem pays the gas; the tokens go to
 * the contributor). Exactly once per (distributor, epoch, account); a reward the contributor already claimed
 * itself is reported, not sent again.
 * @example await claimReward({ sender, publicClient, distributor, epoch: 1n, account, amount, proof })
 */
export async function claimReward(parameters: ClaimRewardParameters): Promise<ClaimRewardReturnType> {
  const { sender, publicClient, epoch, amount, proof } = parameters;
  const distributor = getAddress(parameters.distributor);
  const account = getAddress(parameters.account);
  const idempotencyKey = `deai.claim:${distributor.toLowerCase()}:${epoch}:${account.toLowerCase()}`;
  const sent = await sender.get(idempotencyKey);
  if (!sent) {
    const claimed = await publicClient.readContract({
      address: distributor,
      abi: rewardDistributorAbi,
      functionName: 'isClaimed',
      args: [epoch, account],
    });
    if (claimed) return { status: 'already-claimed', txHash: null };
  }
  const data = encodeFunctionData({
    abi: rewardDistributorAbi,
    functionName: 'claim',
    args: [epoch, account, amount, [...proof]],
  });
  const record = await sender.send({
    idempotencyKey,
    to: distributor,
    data,
    purpose: 'deai.claim',
    metadata: { epoch: epoch.toString(), account, amount: amount.toString() },
  });
  if (record.status !== 'confirmed' || !record.txHash)
    throw new NonRetryableError(`The reward of ${account} in epoch ${epoch} was not claimed.`, {
      code: 'claim-failed',
      details:
        (await describeRevert({ publicClient, from: sender.from, to: distributor, data, abi: rewardDistributorAbi })) ??
        record.error ??
        `The transaction is ${record.status}.`,
    });
  return { status: 'claimed', txHash: record.txHash };
}
