import type { AuditEvent } from '../../compliance/createAuditLog.js';
import type { RiskCaseResolution, RiskCaseStatus, RiskDecisionKind } from '../RiskTables.js';
import type { RiskDecisionRecord } from '../screening/RiskDecision.js';

/** An alert case: a review or block decision waiting for, or given, a person's judgement. */
export type RiskCase = {
  id: string;
  decisionId: string;
  companyId: string | null;
  status: RiskCaseStatus;
  assignee: string | null;
  resolution: RiskCaseResolution | null;
  comment: string | null;
  resolvedBy: string | null;
  openedAt: Date;
  assignedAt: Date | null;
  resolvedAt: Date | null;
  updatedAt: Date;
  /** The decision in brief, for lists. */
  decision: { decision: RiskDecisionKind; score: number; summary: string };
};

/** A case with its whole decision and its audit trail, oldest event first. */
export type RiskCaseDetail = RiskCase & { decisionRecord: RiskDecisionRecord; events: AuditEvent[] };
