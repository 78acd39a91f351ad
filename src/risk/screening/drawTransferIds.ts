import type { Kysely } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import { createPreparedQuery } from '../createPreparedQuery.js';

const idsQuery = createPreparedQuery<{ count: number }, { ids: string }>(
  'risk_transfer_ids',
  `select coalesce(json_agg(nextval(pg_get_serial_sequence('risk_transfers', 'id'))::text), '[]')::text as ids
  from generate_series(1, ($1::json->>'count')::int)`,
);

/**
 * Draws `count` ids for transfers about to be screened, from risk_transfers' own sequence, before they are stored:
 * a screening decided while an earlier batch is still being stored holds that batch's transfers by these ids, and
 * so knows them when it reads them back. An id drawn for a batch that is never stored is a gap, as a rolled-back
 * insert leaves.
 */
export async function drawTransferIds(db: Kysely<Tables>, count: number): Promise<bigint[]> {
  if (count === 0) return [];
  const [row] = await idsQuery.execute(db, { count });
  return (JSON.parse(row?.ids ?? '[]') as string[]).map((id) => BigInt(id));
}
