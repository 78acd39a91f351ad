import type { Kysely } from 'kysely';
import type { AuditLog } from '../../compliance/createAuditLog.js';
import type { Tables } from '../../db/Tables.js';
import { ValidationError } from '../../errors/BaseError.js';
import type { Company } from '../Company.js';
import { companyApprover } from './companyApprover.js';
import { lockPayRun, updatePayRun } from './lockPayRun.js';
import type { PayRun } from './PayRun.js';
import { assertPayRunStatus } from './payRunStatus.js';
import { approvalRequirements, readApprovalParts } from './readPayRun.js';

export type RevokePayRunApprovalParameters = {
  db: Kysely<Tables>;
  audit: AuditLog;
  company: Company;
  payRunId: string;
  approver: string;
  /** One batch's approval (a number), the run's own (null), or all of the approver's on this run (absent). */
  batchIndex?: number | null | undefined;
  actor: string;
};

/**
 * Withdraws an approver's approvals of a run before it executes: they no longer count, and an approved run that falls
 * below the threshold is screened again. The vault never saw these signatures (they are passed only when a batch is
 * sent), so nothing needs revoking on chain.
 */
export async function revokePayRunApproval(parameters: RevokePayRunApprovalParameters): Promise<PayRun> {
  const { db, audit, company, payRunId, actor } = parameters;
  const approver = companyApprover(company, parameters.approver);
  return db.transaction().execute(async (trx) => {
    const run = await lockPayRun(trx, payRunId);
    assertPayRunStatus(run, 'revoke');
    let query = trx
      .updateTable('pay_run_approvals')
      .set({ revoked_at: new Date(), revoked_by: actor })
      .where('pay_run_id', '=', payRunId)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.fn('lower', ['approver']), '=', approver.toLowerCase());
    if (parameters.batchIndex !== undefined)
      query =
        parameters.batchIndex === null
          ? query.where('batch_index', 'is', null)
          : query.where('batch_index', '=', parameters.batchIndex);
    const revoked = await query.returning(['batch_index', 'digest']).execute();
    if (revoked.length === 0)
      throw new ValidationError(`${approver} has no approval of pay run ${payRunId} to revoke.`, { field: 'approver' });
    const parts = await readApprovalParts(trx, payRunId);
    const complete = approvalRequirements(
      run,
      parts.batches,
      parts.approvals,
      company.approvers.map((a) => a.address),
      company.approvalThreshold,
    ).every((requirement) => requirement.have >= requirement.need);
    const updated = await updatePayRun(trx, run, complete ? {} : { status: 'screened', approved_at: null });
    await audit.append(
      {
        actor,
        action: 'payrun.revoke',
        subject: `payrun:${payRunId}`,
        data: {
          approver,
          revoked: revoked.map((r) => ({ batchIndex: r.batch_index, digest: r.digest })),
          stillApproved: complete,
        },
      },
      trx,
    );
    return updated;
  });
}
