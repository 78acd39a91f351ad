import type { Kysely } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import { NotFoundError } from '../../errors/BaseError.js';
import type { RiskThresholds } from '../rules/RiskThresholds.js';
import type { AccountFeatureRow } from './computeAccountFeatures.js';
import type { RiskDecision, RiskDecisionRecord, SanctionsScreening, TopReason } from './RiskDecision.js';

/**
 * A stored decision with its transfer, case and explanation, or a NotFoundError naming the id.
 * @example const record = await readRiskDecision(db, decisionId)
 */
export async function readRiskDecision(db: Kysely<Tables>, id: string): Promise<RiskDecisionRecord> {
  const row = await db
    .selectFrom('risk_decisions as d')
    .innerJoin('risk_transfers as t', 't.id', 'd.transfer_id')
    .innerJoin('risk_threshold_sets as s', 's.sha256', 'd.thresholds_sha256')
    .leftJoin('risk_cases as c', 'c.decision_id', 'd.id')
    .select([
      'd.id',
      'd.transfer_id',
      'd.company_id',
      'd.decision',
      'd.score',
      'd.model_score',
      'd.model_hash',
      'd.model_note',
      'd.rules_fired',
      'd.rules_checked',
      'd.top_reasons',
      'd.features',
      'd.sanctions',
      's.thresholds',
      'd.thresholds_sha256',
      'd.summary',
      'd.created_at',
      'c.id as case_id',
      't.chain_id',
      't.asset',
      't.amount',
      't.decimals',
      't.fiat_value_eur_cents',
      't.from_address',
      't.to_address',
      't.direction',
      't.source',
      't.reference',
      't.at',
    ])
    .where('d.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`No risk decision ${id}.`, { field: 'id' });
  const decision: RiskDecision = {
    decisionId: row.id,
    transferId: String(row.transfer_id),
    companyId: row.company_id,
    decision: row.decision,
    score: Number(row.score),
    modelScore: row.model_score === null ? null : Number(row.model_score),
    modelHash: row.model_hash,
    modelNote: row.model_note,
    rulesFired: row.rules_fired as RiskDecision['rulesFired'],
    rulesChecked: row.rules_checked as RiskDecision['rulesChecked'],
    topReasons: row.top_reasons as TopReason[],
    sanctions: row.sanctions as SanctionsScreening,
    summary: row.summary,
    caseId: row.case_id,
    transfer: {
      chainId: Number(row.chain_id),
      asset: row.asset,
      amount: String(row.amount),
      decimals: Number(row.decimals),
      fiatValueEurCents: row.fiat_value_eur_cents === null ? null : String(row.fiat_value_eur_cents),
      from: row.from_address,
      to: row.to_address,
      direction: row.direction,
      source: row.source,
      reference: row.reference,
      at: row.at,
    },
    createdAt: row.created_at,
  };
  return {
    ...decision,
    features: (row.features ?? null) as AccountFeatureRow | null,
    thresholds: row.thresholds as RiskThresholds,
    thresholdsSha256: row.thresholds_sha256,
  };
}
