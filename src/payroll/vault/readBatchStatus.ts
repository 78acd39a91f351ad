import type { Address, BlockNumber, BlockTag, Chain, Hex, PublicClient, Transport } from 'viem';
import { payrollVaultAbi } from '../../chain/contracts/generated/PayrollVault.js';

export type ReadBatchStatusParameters = {
  publicClient: PublicClient<Transport, Chain>;
  vault: Address;
  runId: Hex;
  batchIndex: number;
  /** Where to start looking for the execution's event; absent: only `executed` is read (one call, no log query). */
  fromBlock?: BlockNumber | BlockTag | undefined;
};

export type BatchExecution = {
  transactionHash: Hex;
  blockNumber: bigint;
  logIndex: number;
  batchDigest: Hex;
  token: Address;
  total: bigint;
  payoutCount: bigint;
};

export type BatchStatus = { executed: false } | { executed: true; execution: BatchExecution | undefined };

/**
 * Whether batch (runId, batchIndex) was paid, read from the vault; with `fromBlock`, also the transaction that paid
 * it. What the pay-run state machine asks after a crash or a reverted send: executed means never send it again.
 * @example const status = await readBatchStatus({ publicClient, vault, runId, batchIndex: 0 })
 */
export async function readBatchStatus(parameters: ReadBatchStatusParameters): Promise<BatchStatus> {
  const { publicClient, vault, runId, batchIndex, fromBlock } = parameters;
  const executed = await publicClient.readContract({
    address: vault,
    abi: payrollVaultAbi,
    functionName: 'isBatchExecuted',
    args: [runId, batchIndex],
  });
  if (!executed) return { executed: false };
  if (fromBlock === undefined) return { executed: true, execution: undefined };
  const [event] = await publicClient.getContractEvents({
    address: vault,
    abi: payrollVaultAbi,
    eventName: 'BatchExecuted',
    args: { runId, batchIndex },
    fromBlock,
    strict: true,
  });
  if (!event) return { executed: true, execution: undefined };
  return {
    executed: true,
    execution: {
      // Logs of mined blocks always carry these; only pending logs lack them.
      transactionHash: event.transactionHash!,
      blockNumber: event.blockNumber!,
      logIndex: event.logIndex!,
      batchDigest: event.args.batchDigest,
      token: event.args.token,
      total: event.args.total,
      payoutCount: event.args.payoutCount,
    },
  };
}
