import type { Kysely } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import { NotFoundError } from '../../errors/BaseError.js';
import {
  type PayRun,
  type PayRunApproval,
  type PayRunBatch,
  type PayRunDetail,
  type PayRunLine,
  type PayRunPayout,
  type PayRunProgress,
  toPayRun,
  toPayRunApproval,
  toPayRunBatch,
  toPayRunLine,
  toPayRunPayout,
} from './PayRun.js';

export type PayRunParts = {
  lines: PayRunLine[];
  payouts: PayRunPayout[];
  batches: PayRunBatch[];
  approvals: PayRunApproval[];
};

export async function readPayRun(db: Kysely<Tables>, id: string): Promise<PayRun> {
  const row = await db.selectFrom('pay_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`No pay run ${id}`, { field: 'id' });
  return toPayRun(row);
}

/** Lines, payouts, batches and approvals of a run, each in its order. */
export async function readPayRunParts(db: Kysely<Tables>, id: string): Promise<PayRunParts> {
  const [lines, payouts, batches, approvals] = await Promise.all([
    db.selectFrom('pay_run_lines').selectAll().where('pay_run_id', '=', id).orderBy('line_no').execute(),
    db.selectFrom('pay_run_payouts').selectAll().where('pay_run_id', '=', id).orderBy('payout_no').execute(),
    db.selectFrom('pay_run_batches').selectAll().where('pay_run_id', '=', id).orderBy('batch_index').execute(),
    db.selectFrom('pay_run_approvals').selectAll().where('pay_run_id', '=', id).orderBy('created_at').execute(),
  ]);
  return {
    lines: lines.map(toPayRunLine),
    payouts: payouts.map(toPayRunPayout),
    batches: batches.map(toPayRunBatch),
    approvals: approvals.map(toPayRunApproval),
  };
}

/** Only the batches and approvals of a run: what approving needs (without reading thousands of lines). */
export async function readApprovalParts(
  db: Kysely<Tables>,
  id: string,
): Promise<Pick<PayRunParts, 'batches' | 'approvals'>> {
  const [batches, approvals] = await Promise.all([
    db.selectFrom('pay_run_batches').selectAll().where('pay_run_id', '=', id).orderBy('batch_index').execute(),
    db.selectFrom('pay_run_approvals').selectAll().where('pay_run_id', '=', id).orderBy('created_at').execute(),
  ]);
  return { batches: batches.map(toPayRunBatch), approvals: approvals.map(toPayRunApproval) };
}

export type ApprovalRequirement = PayRunDetail['approvalsNeeded'][number];

/**
 * What approval the run still needs: the run digest and every batch digest must each have `threshold` live
 * approvals from current approvers. Approvals of digests the run no longer has (after a release or a reprice) do
 * not count.
 */
export function approvalRequirements(
  run: Pick<PayRun, 'runDigest'>,
  batches: readonly Pick<PayRunBatch, 'batchIndex' | 'digest'>[],
  approvals: readonly PayRunApproval[],
  approvers: readonly string[],
  threshold: number,
): ApprovalRequirement[] {
  if (!run.runDigest) return [];
  const current = new Set(approvers.map((address) => address.toLowerCase()));
  const count = (digest: string) =>
    new Set(
      approvals
        .filter((a) => a.revokedAt === null && a.digest === digest && current.has(a.approver.toLowerCase()))
        .map((a) => a.approver.toLowerCase()),
    ).size;
  return [
    { batchIndex: null, digest: run.runDigest, have: count(run.runDigest), need: threshold },
    ...batches.map((batch) => ({
      batchIndex: batch.batchIndex,
      digest: batch.digest,
      have: count(batch.digest),
      need: threshold,
    })),
  ];
}

export function progressOf(run: Pick<PayRun, 'status'>, parts: Omit<PayRunParts, 'approvals'>): PayRunProgress {
  return {
    status: run.status,
    batchesTotal: parts.batches.length,
    batchesDone: parts.batches.filter((b) => b.status === 'paid' || b.status === 'failed').length,
    payoutsTotal: parts.payouts.length,
    payoutsPaid: parts.payouts.filter((p) => p.status === 'paid').length,
    payoutsFailed: parts.payouts.filter((p) => p.status === 'failed').length,
    linesPaid: parts.lines.filter((l) => l.status === 'paid').length,
    linesHeld: parts.lines.filter((l) => l.status === 'held').length,
    linesFailed: parts.lines.filter((l) => l.status === 'failed').length,
  };
}

/** How far a run is, from counts only (cheap enough to poll during execution). */
export async function readPayRunProgress(db: Kysely<Tables>, id: string): Promise<PayRunProgress> {
  const run = await readPayRun(db, id);
  const [batches, payouts, lines] = await Promise.all([
    db
      .selectFrom('pay_run_batches')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('pay_run_id', '=', id)
      .groupBy('status')
      .execute(),
    db
      .selectFrom('pay_run_payouts')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('pay_run_id', '=', id)
      .groupBy('status')
      .execute(),
    db
      .selectFrom('pay_run_lines')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('pay_run_id', '=', id)
      .groupBy('status')
      .execute(),
  ]);
  const sum = (rows: { status: string; n: string | number | bigint }[], ...statuses: string[]) =>
    rows.filter((r) => statuses.length === 0 || statuses.includes(r.status)).reduce((s, r) => s + Number(r.n), 0);
  return {
    status: run.status,
    batchesTotal: sum(batches),
    batchesDone: sum(batches, 'paid', 'failed'),
    payoutsTotal: sum(payouts),
    payoutsPaid: sum(payouts, 'paid'),
    payoutsFailed: sum(payouts, 'failed'),
    linesPaid: sum(lines, 'paid'),
    linesHeld: sum(lines, 'held'),
    linesFailed: sum(lines, 'failed'),
  };
}

export async function readPayRunDetail(
  db: Kysely<Tables>,
  id: string,
  company: { approvers: readonly { address: string }[]; approvalThreshold: number },
): Promise<PayRunDetail> {
  const run = await readPayRun(db, id);
  const parts = await readPayRunParts(db, id);
  return {
    ...run,
    ...parts,
    progress: progressOf(run, parts),
    approvalsNeeded: approvalRequirements(
      run,
      parts.batches,
      parts.approvals,
      company.approvers.map((a) => a.address),
      company.approvalThreshold,
    ),
  };
}
