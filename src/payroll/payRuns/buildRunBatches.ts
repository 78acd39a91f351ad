import { type Address, getAddress, type Hex } from 'viem';
import { type BuildPayoutBatchesOptions, buildPayoutBatches } from '../vault/buildPayoutBatches.js';
import { hashPayoutBatch } from '../vault/hashPayoutBatch.js';
import { toRunId } from '../vault/toRunId.js';

/** Gas assumptions for splitting a run into batches (buildPayoutBatches' defaults when absent). */
export type BatchGasOptions = Pick<BuildPayoutBatchesOptions, 'maxGasPerBatch' | 'gasPerRecipient' | 'gasPerBatch'>;

export type RunBatchPayout = {
  employeeId: string;
  asset: string;
  token: Address;
  recipient: Address;
  amount: bigint;
};

export type RunBatch = {
  batchIndex: number;
  asset: string;
  token: Address;
  payoutsHash: Hex;
  total: bigint;
  deadline: bigint;
  digest: Hex;
  payouts: RunBatchPayout[];
};

export type BuildRunBatchesParameters = {
  payRunId: string;
  chainId: number;
  vault: Address;
  /** The run's cleared on-chain payouts, in run order. */
  payouts: readonly RunBatchPayout[];
  /** Unix seconds after which the vault refuses every batch of the run. */
  deadline: bigint;
  gas?: BatchGasOptions | undefined;
};

/**
 * The run's on-chain batches: per token (in alphabetical order of the asset), the payouts in run order, split where a
 * batch would not fit the gas budget, numbered 0, 1, 2 … across tokens; each with the EIP-712 digest approvers sign.
 * The same payouts and deadline always give the same batches and digests, so approvals survive a rebuild that does
 * not touch their batch (releasing a held line of another token, say).
 */
export function buildRunBatches(parameters: BuildRunBatchesParameters): RunBatch[] {
  const { payRunId, chainId, vault, deadline, gas } = parameters;
  const runId = toRunId(payRunId);
  const byAsset = new Map<string, RunBatchPayout[]>();
  for (const payout of parameters.payouts) {
    const list = byAsset.get(payout.asset) ?? [];
    list.push(payout);
    byAsset.set(payout.asset, list);
  }
  const batches: RunBatch[] = [];
  for (const asset of [...byAsset.keys()].sort()) {
    const payouts = byAsset.get(asset)!;
    const token = getAddress(payouts[0]!.token);
    const plans = buildPayoutBatches(
      payouts.map((payout) => ({ recipient: payout.recipient, amount: payout.amount })),
      { runId, token, deadline, firstBatchIndex: batches.length, ...definedOnly(gas) },
    );
    let start = 0;
    for (const plan of plans) {
      batches.push({
        batchIndex: plan.batch.batchIndex,
        asset,
        token,
        payoutsHash: plan.batch.payoutsHash,
        total: plan.batch.total,
        deadline,
        digest: hashPayoutBatch({ chainId, vault, batch: plan.batch }),
        payouts: payouts.slice(start, start + plan.payouts.length),
      });
      start += plan.payouts.length;
    }
  }
  return batches;
}

function definedOnly(gas: BatchGasOptions | undefined): BatchGasOptions {
  const options: BatchGasOptions = {};
  if (gas?.maxGasPerBatch !== undefined) options.maxGasPerBatch = gas.maxGasPerBatch;
  if (gas?.gasPerRecipient !== undefined) options.gasPerRecipient = gas.gasPerRecipient;
  if (gas?.gasPerBatch !== undefined) options.gasPerBatch = gas.gasPerBatch;
  return options;
}
