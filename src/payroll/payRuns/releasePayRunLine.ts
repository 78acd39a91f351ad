import type { Kysely } from 'kysely';
import { getAddress } from 'viem';
import type { AuditLog } from '../../compliance/createAuditLog.js';
import type { Tables } from '../../db/Tables.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors/BaseError.js';
import type { Company } from '../Company.js';
import type { BatchGasOptions } from './buildRunBatches.js';
import { lockPayRun, updatePayRun } from './lockPayRun.js';
import type { PayRun } from './PayRun.js';
import { assertPayRunStatus } from './payRunStatus.js';
import { approvalRequirements, readPayRunParts } from './readPayRun.js';
import { rebatchPayRun } from './rebatchPayRun.js';

export type ReleasePayRunLineParameters = {
  db: Kysely<Tables>;
  audit: AuditLog;
  company: Company;
  chainId: number;
  payRunId: string;
  employeeId: string;
  comment: string;
  actor: string;
  batchValiditySeconds: number;
  gas?: BatchGasOptions | undefined;
};

/**
 * An approver lets a line held for review be paid with the rest of the run: the line and its payouts are cleared, the
 * batches are rebuilt with its crypto payouts (batches of other tokens keep their digests and approvals), and the run
 * digest changes — so the run needs the approvers' word again and an approved run is screened again. A blocked line
 * (sanctions, a high-severity rule, a score above the block threshold) cannot be released here.
 */
export async function releasePayRunLine(parameters: ReleasePayRunLineParameters): Promise<PayRun> {
  const { db, audit, company, payRunId, employeeId, actor } = parameters;
  const comment = parameters.comment.trim();
  if (comment.length === 0) throw new ValidationError('Say why the line may be paid (comment).', { field: 'comment' });
  return db.transaction().execute(async (trx) => {
    const run = await lockPayRun(trx, payRunId);
    assertPayRunStatus(run, 'releaseLine');
    const line = await trx
      .selectFrom('pay_run_lines')
      .selectAll()
      .where('pay_run_id', '=', payRunId)
      .where('employee_id', '=', employeeId)
      .executeTakeFirst();
    if (!line)
      throw new NotFoundError(`Pay run ${payRunId} has no line for employee ${employeeId}.`, { field: 'employeeId' });
    if (line.status !== 'held')
      throw new ConflictError(`The line of ${employeeId} is ${line.status}, not held; there is nothing to release.`, {
        field: 'employeeId',
      });
    if (line.hold === 'block')
      throw new ConflictError(`The line of ${employeeId} was blocked by the risk engine and cannot be released.`, {
        field: 'employeeId',
        details: `${line.reason ?? ''} A blocked payout is not paid; compliance decides on case ${line.risk_case_id ?? '(none)'}.`,
      });
    await trx
      .updateTable('pay_run_lines')
      .set({
        status: 'cleared',
        hold: null,
        released_by: actor,
        released_at: new Date(),
        release_comment: comment,
        updated_at: new Date(),
      })
      .where('pay_run_id', '=', payRunId)
      .where('employee_id', '=', employeeId)
      .execute();
    await trx
      .updateTable('pay_run_payouts')
      .set({ status: 'cleared' })
      .where('pay_run_id', '=', payRunId)
      .where('employee_id', '=', employeeId)
      .execute();

    const existing = await trx
      .selectFrom('pay_run_batches')
      .select('deadline')
      .where('pay_run_id', '=', payRunId)
      .executeTakeFirst();
    const pricedAt = Math.floor((run.pricedAt ?? new Date()).getTime() / 1000);
    const deadline = existing ? BigInt(existing.deadline) : BigInt(pricedAt + parameters.batchValiditySeconds);
    const { runDigest, contentHash } = await rebatchPayRun({
      trx,
      run,
      chainId: run.vault?.chainId ?? parameters.chainId,
      vault: run.vault ? getAddress(run.vault.address) : null,
      deadline,
      gas: parameters.gas,
    });
    const parts = await readPayRunParts(trx, payRunId);
    const complete = approvalRequirements(
      { runDigest },
      parts.batches,
      parts.approvals,
      company.approvers.map((a) => a.address),
      company.approvalThreshold,
    ).every((requirement) => requirement.have >= requirement.need);
    const updated = await updatePayRun(trx, run, {
      run_digest: runDigest,
      content_hash: contentHash,
      ...(complete ? {} : { status: 'screened', approved_at: null }),
    });
    await audit.append(
      {
        actor,
        action: 'payrun.release-line',
        subject: `payrun:${payRunId}`,
        data: { employeeId, comment, riskCaseId: line.risk_case_id, riskDecisionId: line.risk_decision_id, runDigest },
      },
      trx,
    );
    return updated;
  });
}
