import type { Kysely } from 'kysely';
import type { AuditLog } from '../../compliance/createAuditLog.js';
import type { Tables } from '../../db/Tables.js';
import { lockPayRun, updatePayRun } from './lockPayRun.js';
import type { PayRun } from './PayRun.js';
import { assertPayRunStatus } from './payRunStatus.js';

/**
 * screened | approved → calculated: drops the quotes, token amounts, screening decisions and batches, so that the run
 * is priced and screened again (for instance after its batches' deadline passed). Approvals given so far stay on
 * record but no longer count: they signed digests the run will not have again.
 */
export async function repricePayRun(parameters: {
  db: Kysely<Tables>;
  audit: AuditLog;
  payRunId: string;
  actor: string;
}): Promise<PayRun> {
  const { db, audit, payRunId, actor } = parameters;
  return db.transaction().execute(async (trx) => {
    const run = await lockPayRun(trx, payRunId);
    assertPayRunStatus(run, 'reprice');
    await trx.deleteFrom('pay_run_batches').where('pay_run_id', '=', payRunId).execute();
    await trx
      .updateTable('pay_run_payouts')
      .set({
        status: 'pending',
        token_address: null,
        token_decimals: null,
        token_amount: null,
        rate: null,
        rate_numerator: null,
        rate_denominator: null,
        quote_feed: null,
        quote_round_id: null,
        quote_updated_at: null,
        quote_source: null,
        quote: null,
        batch_index: null,
        batch_position: null,
        risk_decision_id: null,
        risk_decision: null,
        risk_score: null,
        risk_case_id: null,
        risk_summary: null,
        risk_rules_fired: null,
        risk_model_hash: null,
      })
      .where('pay_run_id', '=', payRunId)
      .execute();
    await trx
      .updateTable('pay_run_lines')
      .set({
        status: 'calculated',
        hold: null,
        reason: null,
        risk_decision_id: null,
        risk_case_id: null,
        released_by: null,
        released_at: null,
        release_comment: null,
        updated_at: new Date(),
      })
      .where('pay_run_id', '=', payRunId)
      .where('status', 'in', ['cleared', 'held'])
      .execute();
    const updated = await updatePayRun(trx, run, {
      status: 'calculated',
      priced_at: null,
      run_digest: null,
      content_hash: null,
      screened_at: null,
      approved_at: null,
    });
    await audit.append(
      { actor, action: 'payrun.reprice', subject: `payrun:${payRunId}`, data: { from: run.status } },
      trx,
    );
    return updated;
  });
}
