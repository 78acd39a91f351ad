import { type Address, decodeEventLog, getAddress, type Hex, isAddressEqual, type Log } from 'viem';
import { payrollVaultAbi } from '../../chain/contracts/generated/PayrollVault.js';
import type { Payout } from './PayoutBatch.js';
import { unpackPayout } from './unpackPayout.js';

export type ExecutedPayout = Payout & {
  /** The Payout event's log index: with the transaction hash, the key a ledger line is reconciled by. */
  logIndex: number;
};

export type ParsedBatchExecution = {
  runId: Hex;
  batchIndex: number;
  batchDigest: Hex;
  token: Address;
  total: bigint;
  transactionHash: Hex | null;
  payouts: ExecutedPayout[];
};

/**
 * The batches a transaction paid, each with its payouts in order, from the receipt's logs. A vault's `Payout` events
 * are anonymous (no topics; see IPayrollVault), and each batch's follow its `BatchExecuted` event.
 * @example const [execution] = parseBatchExecutions({ vault, logs: receipt.logs })
 */
export function parseBatchExecutions(parameters: { vault: Address; logs: readonly Log[] }): ParsedBatchExecution[] {
  const executions: ParsedBatchExecution[] = [];
  let open: { execution: ParsedBatchExecution; remaining: bigint } | undefined;
  for (const log of parameters.logs) {
    if (!isAddressEqual(log.address, parameters.vault)) continue;
    if (log.topics.length === 0) {
      if (!open || open.remaining === 0n) continue;
      open.execution.payouts.push({ ...unpackPayout(log.data), logIndex: log.logIndex ?? -1 });
      open.remaining -= 1n;
      continue;
    }
    let decoded: ReturnType<typeof decodeEventLog<typeof payrollVaultAbi>>;
    try {
      decoded = decodeEventLog({ abi: payrollVaultAbi, data: log.data, topics: log.topics });
    } catch {
      continue;
    }
    if (decoded.eventName !== 'BatchExecuted') continue;
    const { args } = decoded;
    const execution: ParsedBatchExecution = {
      runId: args.runId,
      batchIndex: args.batchIndex,
      batchDigest: args.batchDigest,
      token: getAddress(args.token),
      total: args.total,
      transactionHash: log.transactionHash,
      payouts: [],
    };
    executions.push(execution);
    open = { execution, remaining: args.payoutCount };
  }
  return executions;
}
