import type { Kysely, Updateable } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import { ConflictError, NotFoundError } from '../../errors/BaseError.js';
import { type PayRun, toPayRun } from './PayRun.js';
import type { PayRunsTable } from './PayRunTables.js';

/** Reads a run and locks its row until the transaction ends: the one way a step starts. */
export async function lockPayRun(trx: Kysely<Tables>, id: string): Promise<PayRun> {
  const row = await trx.selectFrom('pay_runs').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new NotFoundError(`No pay run ${id}`, { field: 'id' });
  return toPayRun(row);
}

/**
 * Writes a change of a run read at `run.version` and raises the version; refuses it if the run changed meanwhile
 * (optimistic locking, for writers that did not hold the row lock). A successful step also clears the last error.
 */
export async function updatePayRun(
  trx: Kysely<Tables>,
  run: Pick<PayRun, 'id' | 'version'>,
  patch: Updateable<PayRunsTable>,
): Promise<PayRun> {
  const row = await trx
    .updateTable('pay_runs')
    .set({ error: null, error_code: null, error_at: null, ...patch, updated_at: new Date(), version: run.version + 1 })
    .where('id', '=', run.id)
    .where('version', '=', run.version)
    .returningAll()
    .executeTakeFirst();
  if (!row)
    throw new ConflictError(`Pay run ${run.id} was changed by someone else meanwhile; read it again.`, {
      code: 'pay-run-version',
      field: 'version',
    });
  return toPayRun(row);
}

/** Records why a step failed, without changing the run's state (so nothing half-done is left behind). */
export async function recordPayRunError(db: Kysely<Tables>, id: string, error: unknown): Promise<void> {
  const { code, message } = describeError(error);
  // A refused request (wrong state, unknown run) is the caller's mistake, not something that went wrong with the run.
  if (code === 'pay-run-state' || code === 'pay-run-version' || code === 'not-found') return;
  await db
    .updateTable('pay_runs')
    .set({ error: message, error_code: code, error_at: new Date(), updated_at: new Date() })
    .where('id', '=', id)
    .execute()
    .catch(() => undefined);
}

export function describeError(error: unknown): { code: string; message: string } {
  if (error && typeof error === 'object' && 'shortMessage' in error) {
    const base = error as { code?: string; shortMessage: string; details?: string };
    return {
      code: base.code ?? 'internal',
      message: base.details ? `${base.shortMessage} ${base.details}` : base.shortMessage,
    };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
