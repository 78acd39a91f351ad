import type { Kysely } from 'kysely';
import type { AuditLog } from '../../compliance/createAuditLog.js';
import type { Tables } from '../../db/Tables.js';
import { lockPayRun, updatePayRun } from './lockPayRun.js';
import type { PayRun } from './PayRun.js';
import { assertPayRunStatus } from './payRunStatus.js';

/** Any run not yet executing can be cancelled; nothing was paid or booked, and the period is free for a new run. */
export async function cancelPayRun(parameters: {
  db: Kysely<Tables>;
  audit: AuditLog;
  payRunId: string;
  reason: string;
  actor: string;
}): Promise<PayRun> {
  const { db, audit, payRunId, reason, actor } = parameters;
  return db.transaction().execute(async (trx) => {
    const run = await lockPayRun(trx, payRunId);
    assertPayRunStatus(run, 'cancel');
    const updated = await updatePayRun(trx, run, { status: 'cancelled', cancelled_at: new Date() });
    await audit.append(
      { actor, action: 'payrun.cancel', subject: `payrun:${payRunId}`, data: { from: run.status, reason } },
      trx,
    );
    return updated;
  });
}
