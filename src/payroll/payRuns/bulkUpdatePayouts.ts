import { type Kysely, sql } from 'kysely';
import type { Tables } from '../../db/Tables.js';

/** A column of pay_run_payouts a bulk update sets, with the SQL type its values are cast to. */
export type PayoutColumn = { name: string; type: string };

export type PayoutUpdate = { employeeId: string; asset: string; values: readonly unknown[] };

const chunkSize = 400;

/**
 * Sets columns of many payouts of one run in a few statements (`update … from (values …)`), instead of one round trip
 * per payout. `values` follow `columns`; jsonb values are passed as JSON text.
 * @example await bulkUpdatePayouts(trx, runId, [{ name: 'status', type: 'text' }], [{ employeeId, asset, values: ['paid'] }])
 */
export async function bulkUpdatePayouts(
  db: Kysely<Tables>,
  payRunId: string,
  columns: readonly PayoutColumn[],
  updates: readonly PayoutUpdate[],
): Promise<void> {
  for (const column of columns)
    if (!/^[a-z_0-9]+$/.test(column.name) || !/^[a-z0-9 ()_,]+$/.test(column.type))
      throw new Error(`not a column: ${column.name} ${column.type}`);
  const names = ['employee_id', 'asset', ...columns.map((column) => column.name)];
  const assignments = columns.map((column) => `${column.name} = v.${column.name}`).join(', ');
  for (let i = 0; i < updates.length; i += chunkSize) {
    const rows = updates
      .slice(i, i + chunkSize)
      .map(
        (update) =>
          sql`(${sql.join([
            sql`${update.employeeId}::text`,
            sql`${update.asset}::text`,
            ...update.values.map((value, k) => sql`${toParameter(value)}::${sql.raw(columns[k]!.type)}`),
          ])})`,
      );
    await sql`update pay_run_payouts as p set ${sql.raw(assignments)}
      from (values ${sql.join(rows)}) as v(${sql.raw(names.join(', '))})
      where p.pay_run_id = ${payRunId} and p.employee_id = v.employee_id and p.asset = v.asset`.execute(db);
  }
}

function toParameter(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}
