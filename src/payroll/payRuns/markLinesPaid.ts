import { type Kysely, sql } from 'kysely';
import type { Tables } from '../../db/Tables.js';

/** Every cleared line of the run whose payouts are all paid becomes paid. */
export async function markLinesPaid(db: Kysely<Tables>, payRunId: string): Promise<void> {
  await sql`update pay_run_lines as l set status = 'paid', updated_at = now()
    where l.pay_run_id = ${payRunId} and l.status = 'cleared'
      and not exists (select 1 from pay_run_payouts p
        where p.pay_run_id = l.pay_run_id and p.employee_id = l.employee_id and p.status <> 'paid')`.execute(db);
}
