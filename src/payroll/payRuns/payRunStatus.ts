import { ConflictError } from '../../errors/BaseError.js';
import type { PayRunStatus } from './PayRunTables.js';

/**
 * The pay-run state machine. Each action is allowed from the states listed and moves the run as the comment says;
 * anything else is a ConflictError naming the current and the wanted state.
 *
 * ```
 * draft ─calculate→ calculated ─screen (price + screen + batches)→ screened ─approve (N of M)→ approved
 *   ─execute→ executing ─(every batch settled)→ paid | partially_paid | failed
 * reprice: screened | approved → calculated        release-line, revoke: screened | approved → screened | approved
 * cancel: draft | calculated | screened | approved → cancelled
 * ```
 */
export const payRunActions = {
  calculate: ['draft'],
  screen: ['calculated'],
  reprice: ['screened', 'approved'],
  approve: ['screened', 'approved'],
  revoke: ['screened', 'approved'],
  releaseLine: ['screened', 'approved'],
  execute: ['approved'],
  resume: ['executing'],
  cancel: ['draft', 'calculated', 'screened', 'approved'],
} as const satisfies Record<string, readonly PayRunStatus[]>;

export type PayRunAction = keyof typeof payRunActions;

/** The states a run never leaves. */
export const finalPayRunStatuses: readonly PayRunStatus[] = ['paid', 'partially_paid', 'failed', 'cancelled'];

/**
 * Refuses `action` unless the run is in a state that allows it.
 * @example assertPayRunStatus({ id, status: 'draft' }, 'execute') // ConflictError: … is draft; execute needs approved
 */
export function assertPayRunStatus(run: { id: string; status: PayRunStatus }, action: PayRunAction): void {
  const allowed: readonly PayRunStatus[] = payRunActions[action];
  if (allowed.includes(run.status)) return;
  throw new ConflictError(`Pay run ${run.id} is ${run.status}; ${actionName(action)} needs ${allowed.join(' or ')}.`, {
    code: 'pay-run-state',
    field: 'status',
    details: nextStep(run.status),
  });
}

function actionName(action: PayRunAction): string {
  return action === 'releaseLine' ? 'release-line' : action;
}

function nextStep(status: PayRunStatus): string {
  switch (status) {
    case 'draft':
      return 'Calculate it first.';
    case 'calculated':
      return 'Screen it next (prices the crypto payouts and screens every recipient).';
    case 'screened':
      return 'It needs the approvers’ signatures next.';
    case 'approved':
      return 'It can be executed.';
    case 'executing':
      return 'It is being paid; it resumes by itself after a restart.';
    default:
      return `A ${status} run does not change any more.`;
  }
}
