import { type Address, concat, type Hex, keccak256 } from 'viem';
import { ValidationError } from '../../errors/BaseError.js';
import type { Payout, PayoutBatch } from './PayoutBatch.js';
import { packPayout } from './packPayout.js';

/** The embedded chain's block gas limit, and that of L1 before 2025's raises: the safe assumption. */
const blockGasLimit = 30_000_000n;

/**
 * Gas one fresh recipient costs a batch, with headroom: 26.7k measured on Tandem's test stablecoin (see
 * bench/vaultGas.bench.ts), and real issuer tokens (USDC's proxy and blacklist checks) cost a few thousand more.
 */
export const defaultGasPerRecipient = 32_000;

/** Gas a batch costs whatever its size: the transaction, the executed mark, up to ~10 approvals, the sanctions
 * filter read, the events. Measured ~94k with 2 approvers. */
export const defaultGasPerBatch = 150_000;

export type BuildPayoutBatchesOptions = {
  runId: Hex;
  token: Address;
  /** Unix seconds after which no batch of the run can execute. */
  deadline: bigint;
  /**
   * The most gas one batch may plan for. Default 80% of a 30M block: the transaction sender adds 20% to its
   * estimate, which then still fits a block. On chains with a per-transaction cap (Fusaka: 2^24) pass less.
   */
  maxGasPerBatch?: bigint | undefined;
  gasPerRecipient?: number | undefined;
  gasPerBatch?: number | undefined;
  /** Index of the first batch (default 0): a run's batches are numbered 0, 1, 2 … */
  firstBatchIndex?: number | undefined;
};

export type PayoutBatchPlan = { batch: PayoutBatch; payouts: Payout[] };

/**
 * Splits a run's payouts in one token into as few batches as fit the gas budget, of near-equal size and in the
 * given order, each with its payoutsHash and total: what approvers sign and `encodeExecuteBatch` sends.
 * @example const plans = buildPayoutBatches(payouts, { runId: toRunId(payRun.id), token: usdc, deadline })
 */
export function buildPayoutBatches(payouts: readonly Payout[], options: BuildPayoutBatchesOptions): PayoutBatchPlan[] {
  const maxGasPerBatch = options.maxGasPerBatch ?? (blockGasLimit * 8n) / 10n;
  const gasPerRecipient = BigInt(options.gasPerRecipient ?? defaultGasPerRecipient);
  const gasPerBatch = BigInt(options.gasPerBatch ?? defaultGasPerBatch);
  const firstBatchIndex = options.firstBatchIndex ?? 0;
  if (gasPerRecipient <= 0n)
    throw new ValidationError('gasPerRecipient must be positive', { field: 'gasPerRecipient' });
  const perBatch = (maxGasPerBatch - gasPerBatch) / gasPerRecipient;
  if (perBatch < 1n)
    throw new ValidationError(`maxGasPerBatch ${maxGasPerBatch} leaves no room for a single payout`, {
      field: 'maxGasPerBatch',
    });
  if (payouts.length === 0) return [];
  // Every payout is checked before any batch is built, with its position in the run in the message.
  const words = payouts.map((payout, index) => packPayout(payout, `payouts[${index}]`));

  const batchCount = Math.ceil(payouts.length / Number(perBatch));
  if (firstBatchIndex < 0 || firstBatchIndex + batchCount > 2 ** 32)
    throw new ValidationError('batch indexes must fit in a uint32', { field: 'firstBatchIndex' });
  // Near-equal sizes: a run of 1,001 payouts becomes 501 + 500, not 1,000 + 1.
  const plans: PayoutBatchPlan[] = [];
  let start = 0;
  for (let index = 0; index < batchCount; index++) {
    const size = Math.floor(payouts.length / batchCount) + (index < payouts.length % batchCount ? 1 : 0);
    const slice = payouts.slice(start, start + size);
    // The same hash as hashPayouts(slice), from the words packed above.
    const payoutsHash = keccak256(concat(words.slice(start, start + size)));
    plans.push({
      batch: {
        runId: options.runId,
        batchIndex: firstBatchIndex + index,
        token: options.token,
        payoutsHash,
        total: slice.reduce((sum, payout) => sum + payout.amount, 0n),
        deadline: options.deadline,
      },
      payouts: slice,
    });
    start += size;
  }
  return plans;
}
