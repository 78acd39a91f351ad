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
import type { OutboxRecord, TransactionSender } from '../../chain/sender/createTransactionSender.js';
import { NonRetryableError } from '../../errors/BaseError.js';
import { describeRevert } from './describeRevert.js';

export type PublishEpochParameters = {
  sender: TransactionSender;
  publicClient: PublicClient<Transport, Chain>;
  distributor: Address;
  epoch: bigint;
  root: Hex;
  total: bigint;
};

/**
 * Publishes a reward epoch's root and total on the distributor, exactly once: the idempotency key is the epoch on
 * that distributor, so a retry after a crash returns the transaction already sent.
 * @example const { txHash } = await publishEpoch({ sender, publicClient, distributor, epoch: tree.epoch, root: tree.root, total: tree.total })
 */
export async function publishEpoch(parameters: PublishEpochParameters): Promise<{ txHash: Hex; record: OutboxRecord }> {
  const { sender, publicClient, epoch, root, total } = parameters;
  const distributor = getAddress(parameters.distributor);
  const data = encodeFunctionData({
    abi: rewardDistributorAbi,
    functionName: 'publishEpoch',
    args: [epoch, root, total],
  });
  const record = await sender.send({
    idempotencyKey: `deai.epoch:${distributor.toLowerCase()}:${epoch}`,
    to: distributor,
    data,
    purpose: 'deai.publishEpoch',
    metadata: { epoch: epoch.toString(), root, total: total.toString() },
  });
  if (record.status !== 'confirmed' || !record.txHash)
    throw new NonRetryableError(`Reward epoch ${epoch} was not published.`, {
      code: 'epoch-not-published',
      details:
        (await describeRevert({ publicClient, from: sender.from, to: distributor, data, abi: rewardDistributorAbi })) ??
        record.error ??
        `The transaction is ${record.status}.`,
    });
  return { txHash: record.txHash, record };
}
