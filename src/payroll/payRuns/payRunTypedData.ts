import { type Address, type Hex, hashTypedData, keccak256, stringToBytes } from 'viem';
import { toRunId } from '../vault/toRunId.js';
import type { PayRun, PayRunBatch, PayRunLine, PayRunPayout } from './PayRun.js';

/** The EIP-712 type of an approval of a pay run as a whole (its SEPA leg and what every batch pays). */
export const payRunApprovalTypes = {
  PayRunApproval: [
    { name: 'runId', type: 'bytes32' },
    { name: 'company', type: 'string' },
    { name: 'period', type: 'string' },
    { name: 'netTotal', type: 'uint256' },
    { name: 'fiatTotal', type: 'uint256' },
    { name: 'contentHash', type: 'bytes32' },
  ],
} as const;

export type PayRunTypedDataParameters = {
  chainId: number;
  /** The company's vault, when the run pays on chain. */
  vault: Address | null;
  run: Pick<PayRun, 'id' | 'companyId' | 'period' | 'currency' | 'requestedExecutionDate' | 'netTotal' | 'fiatTotal'>;
  contentHash: Hex;
};

/**
 * What an approver signs to approve a run as a whole: the run, its totals and the hash of everything it pays
 * (payRunContentHash). The vault checks each batch's own signatures (payoutBatchTypedData); this one covers the SEPA
 * leg and which lines are held, which no contract sees.
 * @example const signature = await account.signTypedData(payRunTypedData({ chainId, vault, run, contentHash }))
 */
export function payRunTypedData(parameters: PayRunTypedDataParameters) {
  const { chainId, vault, run, contentHash } = parameters;
  return {
    domain: { name: 'TandemPayRun', version: '1', chainId, ...(vault ? { verifyingContract: vault } : {}) },
    types: payRunApprovalTypes,
    primaryType: 'PayRunApproval',
    message: {
      runId: toRunId(run.id),
      company: run.companyId,
      period: run.period,
      netTotal: run.netTotal,
      fiatTotal: run.fiatTotal,
      contentHash,
    },
  } as const;
}

export function hashPayRunApproval(parameters: PayRunTypedDataParameters): Hex {
  return hashTypedData(payRunTypedData(parameters));
}

/**
 * keccak256 over a canonical text of what the run pays: each line (status, net), each payout (channel, amount,
 * recipient, tokens) and each batch digest, in order. Any change to what would be paid changes it.
 */
export function payRunContentHash(parts: {
  run: Pick<PayRun, 'id' | 'currency' | 'requestedExecutionDate'>;
  lines: readonly PayRunLine[];
  payouts: readonly PayRunPayout[];
  batches: readonly PayRunBatch[];
}): Hex {
  const canonical = JSON.stringify({
    run: [parts.run.id, parts.run.currency, parts.run.requestedExecutionDate],
    lines: parts.lines.map((line) => [line.employeeId, line.status, line.net?.toString() ?? null]),
    payouts: parts.payouts.map((payout) => [
      payout.employeeId,
      payout.asset,
      payout.channel,
      payout.status,
      payout.fiatAmount.toString(),
      payout.recipient,
      payout.token?.amount.toString() ?? null,
    ]),
    batches: parts.batches.map((batch) => [batch.batchIndex, batch.digest]),
  });
  return keccak256(stringToBytes(canonical));
}
