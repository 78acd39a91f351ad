import { type Address, getAddress, type Hex } from 'viem';
import { payoutBatchTypedData } from '../vault/payoutBatchTypedData.js';
import { toRunId } from '../vault/toRunId.js';
import type { PayRun, PayRunBatch } from './PayRun.js';
import { payRunTypedData } from './payRunTypedData.js';

/** One thing an approver signs for a run: the run as a whole (batchIndex null) or one on-chain batch. */
export type ApprovalRequest = {
  batchIndex: number | null;
  digest: string;
  typedData: ReturnType<typeof payRunTypedData> | ReturnType<typeof payoutBatchTypedData>;
};

/**
 * The EIP-712 typed data of everything a run needs signed: the run digest, then each batch. What a wallet shows the
 * approver; `signTypedData` of it gives the signature POST …/approve takes.
 * @example for (const request of approvalRequests(run, batches, chainId)) await account.signTypedData(request.typedData)
 */
export function approvalRequests(
  run: Pick<
    PayRun,
    | 'id'
    | 'companyId'
    | 'period'
    | 'currency'
    | 'requestedExecutionDate'
    | 'netTotal'
    | 'fiatTotal'
    | 'runDigest'
    | 'contentHash'
    | 'vault'
  >,
  batches: readonly PayRunBatch[],
  chainId: number,
): ApprovalRequest[] {
  const { contentHash } = run;
  if (!run.runDigest || !contentHash) return [];
  const vault = run.vault ? getAddress(run.vault.address) : null;
  const chain = run.vault?.chainId ?? chainId;
  return [
    {
      batchIndex: null,
      digest: run.runDigest,
      typedData: payRunTypedData({ chainId: chain, vault, run, contentHash: contentHash as Hex }),
    },
    ...batches.map((batch) => ({
      batchIndex: batch.batchIndex,
      digest: batch.digest,
      typedData: payoutBatchTypedData({
        chainId: chain,
        vault: vault as Address,
        batch: {
          runId: toRunId(run.id),
          batchIndex: batch.batchIndex,
          token: getAddress(batch.tokenAddress),
          payoutsHash: batch.payoutsHash as Hex,
          total: batch.total,
          deadline: batch.deadline,
        },
      }),
    })),
  ];
}
