import { sql } from 'kysely';
import { lockPayRun, updatePayRun } from './lockPayRun.js';
import { markLinesPaid } from './markLinesPaid.js';
import type { PayRun } from './PayRun.js';
import type { PayRunContext } from './PayRunContext.js';
import type { PayRunStatus } from './PayRunTables.js';

/**
 * executing → paid (every line paid), partially_paid (some lines held or failed, each with its reason) or failed
 * (no line paid), once every batch is settled; until then the run stays executing and this changes nothing.
 */
export async function finishPayRun(context: PayRunContext, payRunId: string, actor: string): Promise<PayRun> {
  return context.db.transaction().execute(async (trx) => {
    const run = await lockPayRun(trx, payRunId);
    if (run.status !== 'executing') return run;
    const open = await trx
      .selectFrom('pay_run_batches')
      .select('batch_index')
      .where('pay_run_id', '=', payRunId)
      .where('status', 'in', ['pending', 'sending'])
      .execute();
    if (open.length > 0) return run;
    await markLinesPaid(trx, payRunId);
    const { rows } = await sql<{ status: string; n: string }>`select status, count(*)::text as n from pay_run_lines
      where pay_run_id = ${payRunId} group by status`.execute(trx);
    const count = (status: string) => Number(rows.find((row) => row.status === status)?.n ?? 0);
    const [paid, held, failed, cleared] = [count('paid'), count('held'), count('failed'), count('cleared')];
    const status: PayRunStatus =
      paid === 0 ? 'failed' : held === 0 && failed === 0 && cleared === 0 ? 'paid' : 'partially_paid';
    const updated = await updatePayRun(trx, run, { status, finished_at: new Date() });
    await context.audit.append(
      {
        actor,
        action: 'payrun.finish',
        subject: `payrun:${payRunId}`,
        data: { status, linesPaid: paid, linesHeld: held, linesFailed: failed },
      },
      trx,
    );
    return updated;
  });
}
