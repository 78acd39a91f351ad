import type { Kysely } from 'kysely';
import { type Address, getAddress } from 'viem';
import type { Tables } from '../../db/Tables.js';
import { type BatchGasOptions, buildRunBatches } from './buildRunBatches.js';
import { bulkUpdatePayouts } from './bulkUpdatePayouts.js';
import type { PayRun } from './PayRun.js';
import { hashPayRunApproval, payRunContentHash } from './payRunTypedData.js';
import { readPayRunParts } from './readPayRun.js';

export type RebatchPayRunParameters = {
  trx: Kysely<Tables>;
  run: PayRun;
  chainId: number;
  /** null when the run pays nothing on chain. */
  vault: Address | null;
  /** Unix seconds; the batches' deadline. */
  deadline: bigint;
  gas?: BatchGasOptions | undefined;
};

/**
 * (Re)builds a run's batches from its cleared on-chain payouts and recomputes what approvers sign: each batch digest
 * and the run digest. Called inside the transaction of the step that changed which payouts are cleared.
 */
export async function rebatchPayRun(
  parameters: RebatchPayRunParameters,
): Promise<{ runDigest: string; contentHash: string }> {
  const { trx, run, chainId, vault, deadline, gas } = parameters;
  const payouts = await trx
    .selectFrom('pay_run_payouts')
    .select(['employee_id', 'asset', 'token_address', 'token_amount', 'recipient'])
    .where('pay_run_id', '=', run.id)
    .where('channel', '=', 'chain')
    .where('status', '=', 'cleared')
    .orderBy('payout_no')
    .execute();
  const batches =
    vault && payouts.length > 0
      ? buildRunBatches({
          payRunId: run.id,
          chainId,
          vault,
          deadline,
          gas,
          payouts: payouts.map((payout) => ({
            employeeId: payout.employee_id,
            asset: payout.asset,
            token: getAddress(payout.token_address!),
            recipient: getAddress(payout.recipient),
            amount: BigInt(payout.token_amount!),
          })),
        })
      : [];

  await trx.deleteFrom('pay_run_batches').where('pay_run_id', '=', run.id).execute();
  await trx
    .updateTable('pay_run_payouts')
    .set({ batch_index: null, batch_position: null })
    .where('pay_run_id', '=', run.id)
    .execute();
  if (batches.length > 0) {
    await trx
      .insertInto('pay_run_batches')
      .values(
        batches.map((batch) => ({
          pay_run_id: run.id,
          batch_index: batch.batchIndex,
          asset: batch.asset,
          token_address: batch.token,
          payouts_hash: batch.payoutsHash,
          total: batch.total,
          payout_count: batch.payouts.length,
          deadline: batch.deadline,
          digest: batch.digest,
          status: 'pending' as const,
        })),
      )
      .execute();
    await bulkUpdatePayouts(
      trx,
      run.id,
      [
        { name: 'batch_index', type: 'integer' },
        { name: 'batch_position', type: 'integer' },
      ],
      batches.flatMap((batch) =>
        batch.payouts.map((payout, position) => ({
          employeeId: payout.employeeId,
          asset: payout.asset,
          values: [batch.batchIndex, position],
        })),
      ),
    );
  }

  const parts = await readPayRunParts(trx, run.id);
  const contentHash = payRunContentHash({ run, ...parts });
  const runDigest = hashPayRunApproval({ chainId, vault, run, contentHash });
  return { runDigest, contentHash };
}
