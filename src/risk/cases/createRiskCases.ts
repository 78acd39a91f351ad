import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppendAuditEvent, AuditLog } from '../../compliance/createAuditLog.js';
import type { Tables } from '../../db/Tables.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors/BaseError.js';
import type { RiskCaseResolution, RiskCaseStatus, RiskDecisionKind } from '../RiskTables.js';
import { readRiskDecision } from '../screening/readRiskDecision.js';
import type { RiskCase, RiskCaseDetail } from './RiskCase.js';

export type ListRiskCasesParameters = {
  status?: RiskCaseStatus | undefined;
  assignee?: string | undefined;
  companyId?: string | undefined;
  limit?: number | undefined;
};

export type OpenRiskCaseParameters = {
  decisionId: string;
  companyId: string | null;
  decision: RiskDecisionKind;
  summary: string;
  actor: string;
};

const subject = (id: string) => `risk-case:${id}`;

/** A case about to be opened: its row (status open) and the audit event that records the opening. */
export type PlannedRiskCase = { id: string; decisionId: string; companyId: string | null; event: AppendAuditEvent };

/**
 * The cases that opening these would write, with new ids, in the order given: for openMany, and for a statement
 * that stores decisions and opens their cases at once (storeDecisions).
 */
export function planRiskCases(cases: readonly OpenRiskCaseParameters[]): PlannedRiskCase[] {
  return cases.map((parameters) => {
    const id = randomUUID();
    return {
      id,
      decisionId: parameters.decisionId,
      companyId: parameters.companyId,
      event: {
        actor: parameters.actor,
        action: 'risk.case.open',
        subject: subject(id),
        data: { decisionId: parameters.decisionId, decision: parameters.decision, summary: parameters.summary },
      },
    };
  });
}

/**
 * Alert cases of the risk engine: opened by a review or block decision, then assigned and resolved (approve or
 * reject, with a comment) by compliance. Every change is written with its audit event in one database transaction.
 */
export function createRiskCases({ db, audit }: { db: Kysely<Tables>; audit: AuditLog }) {
  const baseQuery = (executor: Kysely<Tables>) =>
    executor
      .selectFrom('risk_cases as c')
      .innerJoin('risk_decisions as d', 'd.id', 'c.decision_id')
      .select([
        'c.id',
        'c.decision_id',
        'c.company_id',
        'c.status',
        'c.assignee',
        'c.resolution',
        'c.comment',
        'c.resolved_by',
        'c.opened_at',
        'c.assigned_at',
        'c.resolved_at',
        'c.updated_at',
        'd.decision',
        'd.score',
        'd.summary',
      ]);

  async function find(id: string, executor: Kysely<Tables> = db): Promise<RiskCase> {
    const row = await baseQuery(executor).where('c.id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError(`No risk case ${id}.`, { field: 'id' });
    return toCase(row);
  }

  /** Opens the cases of several decisions with one insert and one audit append; ids in the order given. */
  async function openMany(cases: readonly OpenRiskCaseParameters[], executor: Kysely<Tables> = db): Promise<string[]> {
    if (cases.length === 0) return [];
    const planned = planRiskCases(cases);
    const run = async (trx: Kysely<Tables>) => {
      await trx
        .insertInto('risk_cases')
        .values(
          planned.map((opened) => ({
            id: opened.id,
            decision_id: opened.decisionId,
            company_id: opened.companyId,
            status: 'open' as const,
            assignee: null,
            resolution: null,
            comment: null,
            resolved_by: null,
            assigned_at: null,
            resolved_at: null,
          })),
        )
        .execute();
      await audit.appendMany(
        planned.map(({ event }) => event),
        trx,
      );
    };
    await (executor.isTransaction ? run(executor) : executor.transaction().execute(run));
    return planned.map(({ id }) => id);
  }

  return {
    /** Opens the case of a decision; pass the transaction that stores the decision as `executor`. */
    async open(parameters: OpenRiskCaseParameters, executor: Kysely<Tables> = db): Promise<string> {
      const [id] = await openMany([parameters], executor);
      return id!;
    },

    openMany,

    /** Cases, newest first, optionally by status, assignee and company. */
    async list(parameters: ListRiskCasesParameters = {}): Promise<RiskCase[]> {
      let query = baseQuery(db)
        .orderBy('c.opened_at', 'desc')
        .orderBy('c.id')
        .limit(parameters.limit ?? 100);
      if (parameters.status) query = query.where('c.status', '=', parameters.status);
      if (parameters.assignee) query = query.where('c.assignee', '=', parameters.assignee);
      if (parameters.companyId) query = query.where('c.company_id', '=', parameters.companyId);
      return (await query.execute()).map(toCase);
    },

    /** A case with its whole decision and audit trail. */
    async get(id: string): Promise<RiskCaseDetail> {
      const found = await find(id);
      const [decisionRecord, events] = await Promise.all([
        readRiskDecision(db, found.decisionId),
        audit.list({ subject: subject(id), limit: 1_000 }),
      ]);
      return { ...found, decisionRecord, events: events.reverse() };
    },

    /**
     * Gives an open or assigned case to someone; a resolved case cannot be reassigned.
     * @example await cases.assign(caseId, { assignee: 'maria@acme.eu', actor: 'key:k1' })
     */
    async assign(id: string, parameters: { assignee: string; actor: string }): Promise<RiskCase> {
      const assignee = parameters.assignee.trim();
      if (!assignee) throw new ValidationError('Say whom the case is assigned to.', { field: 'assignee' });
      return db.transaction().execute(async (trx) => {
        const before = await find(id, trx);
        if (before.status === 'resolved')
          throw new ConflictError(`Risk case ${id} is resolved and cannot be reassigned.`, {
            field: 'id',
            code: 'risk-case-resolved',
          });
        const now = new Date();
        const updated = await trx
          .updateTable('risk_cases')
          .set({ status: 'assigned', assignee, assigned_at: now, updated_at: now })
          .where('id', '=', id)
          .where('status', 'in', ['open', 'assigned'])
          .executeTakeFirst();
        if (updated.numUpdatedRows === 0n)
          throw new ConflictError(`Risk case ${id} changed meanwhile; try again.`, { field: 'id' });
        await audit.append(
          {
            actor: parameters.actor,
            action: 'risk.case.assign',
            subject: subject(id),
            data: { assignee, previousAssignee: before.assignee },
          },
          trx,
        );
        return find(id, trx);
      });
    },

    /**
     * Closes a case with a judgement and the reason for it: approve lets the transfer go ahead, reject stops it.
     * @example await cases.resolve(caseId, { resolution: 'reject', comment: 'Wallet linked to a mixer', actor })
     */
    async resolve(
      id: string,
      parameters: { resolution: RiskCaseResolution; comment: string; actor: string },
    ): Promise<RiskCase> {
      const { resolution, actor } = parameters;
      const comment = parameters.comment.trim();
      if (resolution !== 'approve' && resolution !== 'reject')
        throw new ValidationError('The resolution is approve or reject.', { field: 'resolution' });
      if (!comment) throw new ValidationError('A resolution needs a comment saying why.', { field: 'comment' });
      return db.transaction().execute(async (trx) => {
        const before = await find(id, trx);
        if (before.status === 'resolved')
          throw new ConflictError(`Risk case ${id} was already resolved (${before.resolution}).`, {
            field: 'id',
            code: 'risk-case-resolved',
          });
        const now = new Date();
        const updated = await trx
          .updateTable('risk_cases')
          .set({ status: 'resolved', resolution, comment, resolved_by: actor, resolved_at: now, updated_at: now })
          .where('id', '=', id)
          .where('status', 'in', ['open', 'assigned'])
          .executeTakeFirst();
        if (updated.numUpdatedRows === 0n)
          throw new ConflictError(`Risk case ${id} changed meanwhile; try again.`, { field: 'id' });
        await audit.append(
          { actor, action: 'risk.case.resolve', subject: subject(id), data: { resolution, comment } },
          trx,
        );
        return find(id, trx);
      });
    },
  };
}

export type RiskCases = ReturnType<typeof createRiskCases>;

type CaseRow = {
  id: string;
  decision_id: string;
  company_id: string | null;
  status: RiskCaseStatus;
  assignee: string | null;
  resolution: RiskCaseResolution | null;
  comment: string | null;
  resolved_by: string | null;
  opened_at: Date;
  assigned_at: Date | null;
  resolved_at: Date | null;
  updated_at: Date;
  decision: RiskDecisionKind;
  score: number;
  summary: string;
};

function toCase(row: CaseRow): RiskCase {
  return {
    id: row.id,
    decisionId: row.decision_id,
    companyId: row.company_id,
    status: row.status,
    assignee: row.assignee,
    resolution: row.resolution,
    comment: row.comment,
    resolvedBy: row.resolved_by,
    openedAt: row.opened_at,
    assignedAt: row.assigned_at,
    resolvedAt: row.resolved_at,
    updatedAt: row.updated_at,
    decision: { decision: row.decision, score: Number(row.score), summary: row.summary },
  };
}
