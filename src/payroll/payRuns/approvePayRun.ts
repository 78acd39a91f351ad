import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Hex, isHex } from 'viem';
import type { AuditLog } from '../../compliance/createAuditLog.js';
import type { Tables } from '../../db/Tables.js';
import { ValidationError } from '../../errors/BaseError.js';
import type { Company } from '../Company.js';
import { approvalRequests } from './approvalTypedData.js';
import { companyApprover } from './companyApprover.js';
import { lockPayRun, updatePayRun } from './lockPayRun.js';
import type { PayRun } from './PayRun.js';
import type { PayRunChain } from './PayRunChain.js';
import { assertPayRunStatus } from './payRunStatus.js';
import { approvalRequirements, readApprovalParts } from './readPayRun.js';

export type ApprovePayRunParameters = {
  db: Kysely<Tables>;
  audit: AuditLog;
  chain: Pick<PayRunChain, 'publicClient' | 'chainId'>;
  company: Company;
  payRunId: string;
  /** The approver's address (one of the company's approvers). */
  approver: string;
  /** EIP-712 signature of the run digest (no batchIndex) or of batch `batchIndex`'s PayoutBatch. */
  signature: string;
  batchIndex?: number | null | undefined;
  actor: string;
};

/**
 * An approver's signature of the run as a whole or of one batch, verified (EIP-712; ERC-1271 for contract approvers)
 * against the typed data of the run as it stands and kept. When the run digest and every batch have the company's
 * threshold of live approvals, screened → approved. Signing again what one signed already changes nothing.
 */
export async function approvePayRun(parameters: ApprovePayRunParameters): Promise<PayRun> {
  const { db, audit, chain, company, payRunId, actor } = parameters;
  const approver = companyApprover(company, parameters.approver);
  if (!isHex(parameters.signature) || parameters.signature.length < 132)
    throw new ValidationError('The signature must be 0x hex of at least 65 bytes.', { field: 'signature' });
  const signature = parameters.signature as Hex;
  const batchIndex = parameters.batchIndex ?? null;

  return db.transaction().execute(async (trx) => {
    const run = await lockPayRun(trx, payRunId);
    assertPayRunStatus(run, 'approve');
    const parts = await readApprovalParts(trx, payRunId);
    const request = approvalRequests(run, parts.batches, chain.chainId).find((r) => r.batchIndex === batchIndex);
    if (!request)
      throw new ValidationError(`Pay run ${payRunId} has no batch ${batchIndex}.`, {
        field: 'batchIndex',
        details: `It has ${parts.batches.length} batch(es): ${parts.batches.map((b) => b.batchIndex).join(', ') || 'none'}; leave batchIndex out to approve the run as a whole.`,
      });
    // The publicClient's verifyTypedData also accepts ERC-1271 signatures of contract approvers (a Safe).
    const verify = chain.publicClient.verifyTypedData as unknown as (args: object) => Promise<boolean>;
    const valid = await verify({ address: approver, signature, ...request.typedData }).catch(() => false);
    if (!valid)
      throw new ValidationError(
        `The signature is not ${approver}'s approval of ${batchIndex === null ? 'the run' : `batch ${batchIndex}`} as it stands.`,
        {
          field: 'signature',
          details: `It must sign the EIP-712 typed data with digest ${request.digest} (GET /v1/pay-runs/${payRunId}/approval-requests).`,
        },
      );

    const live = await trx
      .selectFrom('pay_run_approvals')
      .select('id')
      .where('pay_run_id', '=', payRunId)
      .where('digest', '=', request.digest)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.fn('lower', ['approver']), '=', approver.toLowerCase())
      .executeTakeFirst();
    if (!live)
      await trx
        .insertInto('pay_run_approvals')
        .values({
          id: randomUUID(),
          pay_run_id: payRunId,
          batch_index: batchIndex,
          digest: request.digest,
          approver,
          signature,
          actor,
        })
        .execute();

    const approvals = live ? parts.approvals : (await readApprovalParts(trx, payRunId)).approvals;
    const complete = approvalRequirements(
      run,
      parts.batches,
      approvals,
      company.approvers.map((a) => a.address),
      company.approvalThreshold,
    ).every((requirement) => requirement.have >= requirement.need);
    const updated =
      !live || (complete && run.status === 'screened')
        ? await updatePayRun(
            trx,
            run,
            complete ? { status: 'approved', approved_at: run.approvedAt ?? new Date() } : {},
          )
        : run;
    if (!live)
      await audit.append(
        {
          actor,
          action: 'payrun.approve',
          subject: `payrun:${payRunId}`,
          data: { approver, batchIndex, digest: request.digest, approved: complete },
        },
        trx,
      );
    return updated;
  });
}
