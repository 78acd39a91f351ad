import type { Kysely } from 'kysely';
import type { AuditEventsTable } from '../../compliance/AuditTables.js';
import type { AuditEvent, AuditHead } from '../../compliance/createAuditLog.js';
import type { Tables } from '../../db/Tables.js';
import type { PlannedRiskCase } from '../cases/createRiskCases.js';
import { createPreparedQuery } from '../createPreparedQuery.js';
import type { ScreenedTransfer } from '../rules/RiskTransfer.js';
import type { DecisionRecord } from './decideScreening.js';

type StoredRow = {
  transfer_id: string;
  decision_id: string;
  company_id: string | null;
  chain_id: number;
  asset: string;
  amount: string;
  decimals: number;
  fiat_value_eur_cents: string | null;
  from_address: string;
  to_address: string;
  direction: string;
  source: string;
  reference: string | null;
  at: string;
  decision: string;
  score: number;
  model_score: number | null;
  model_hash: string | null;
  model_note: string;
  rules_fired: unknown;
  rules_checked: unknown;
  top_reasons: unknown;
  features: unknown;
  sanctions: unknown;
  thresholds_sha256: string;
  summary: string;
};

/** A screened transfer with the id drawn for it (drawTransferIds), as it joins the history. */
export type StoredTransfer = ScreenedTransfer & { id: bigint };

// The batch's transfers and decisions, read from the input's `decisions` once.
const storeDecisionsSql = `input as materialized (
    select u.*
    from json_to_recordset($1::json->'decisions') as u(transfer_id bigint, decision_id text,
      company_id text, chain_id integer, asset text, amount numeric, decimals smallint, fiat_value_eur_cents bigint,
      from_address text, to_address text, direction text, source text, reference text, at timestamptz,
      decision text, score float8, model_score float8, model_hash text, model_note text, rules_fired jsonb,
      rules_checked jsonb, top_reasons jsonb, features jsonb, sanctions jsonb, thresholds_sha256 text, summary text)
  ),
  transfers as (
    insert into risk_transfers (id, company_id, chain_id, asset, amount, decimals, fiat_value_eur_cents, from_address,
      to_address, direction, source, reference, at)
    select transfer_id, company_id, chain_id, asset, amount, decimals, fiat_value_eur_cents, from_address, to_address,
      direction, source, reference, at
    from input
  ),
  decisions as (
    insert into risk_decisions (id, transfer_id, company_id, decision, score, model_score, model_hash, model_note,
      rules_fired, rules_checked, top_reasons, features, sanctions, thresholds_sha256, summary)
    select decision_id, transfer_id, company_id, decision, score, model_score, model_hash, model_note, rules_fired,
      rules_checked, top_reasons, features, sanctions, thresholds_sha256, summary
    from input
    returning id, transfer_id, created_at
  )`;

const storedSql = `select coalesce(json_agg(json_build_array(id, (extract(epoch from created_at) * 1000)::float8)), '[]')::text
    as stored
  from decisions`;

const storeQuery = createPreparedQuery<{ decisions: StoredRow[] }, { stored: string }>(
  'risk_store_decisions',
  `with ${storeDecisionsSql}
  ${storedSql}`,
);

// The same, opening cases with their audit events, linked after the chain's end as `head` says: audit_expect_head
// takes the audit lock and refuses the whole statement if the chain ends elsewhere.
const storeWithCasesQuery = createPreparedQuery<
  { decisions: StoredRow[]; cases: CaseRow[]; audit: AuditRow[]; head: { seq: string; hash: string } },
  { stored: string }
>(
  'risk_store_decisions_cases',
  `with ${storeDecisionsSql},
  guard as materialized (
    select audit_expect_head(($1::json->'head'->>'seq')::bigint, $1::json->'head'->>'hash') as ok
  ),
  cases as (
    insert into risk_cases (id, decision_id, company_id, status)
    select c.id, c.decision_id, c.company_id, 'open'
    from json_to_recordset($1::json->'cases') as c(id text, decision_id text, company_id text), guard
    where guard.ok
  ),
  events as (
    insert into audit_events (seq, at, actor, action, subject, data, prev_hash, hash)
    select a.seq, a.at, a.actor, a.action, a.subject, a.data, a.prev_hash, a.hash
    from json_to_recordset($1::json->'audit') as a(seq bigint, at timestamptz, actor text, action text,
      subject text, data jsonb, prev_hash text, hash text), guard
    where guard.ok
  )
  ${storedSql}`,
);

type CaseRow = { id: string; decision_id: string; company_id: string | null };
// An audit_events row as JSON text carries it: seq and time as strings.
type AuditRow = Omit<AuditEventsTable, 'seq' | 'at'> & { seq: string; at: string };

/** Cases to open with the decisions, and their audit events linked after `head` (audit.appendGuarded). */
type CasesToOpen = { cases: readonly PlannedRiskCase[]; events: readonly AuditEvent[]; head: AuditHead };

/**
 * Stores screened transfers (which join the history) under the ids drawn for them (createTransferIdReserve) and
 * their decisions, a whole batch in one statement, and with them the cases `opening` opens and their audit events.
 * Returns when each decision was stored, in input order. When the audit chain no longer ends at `opening.head`,
 * nothing is written and the error tells where it ends (movedAuditHead).
 */
export async function storeDecisions(
  executor: Kysely<Tables>,
  items: readonly { transfer: StoredTransfer; record: DecisionRecord }[],
  opening?: CasesToOpen,
): Promise<{ createdAt: Date }[]> {
  if (items.length === 0) return [];
  const decisions = items.map(
    ({ transfer, record }): StoredRow => ({
      transfer_id: transfer.id.toString(),
      decision_id: record.decisionId,
      company_id: transfer.companyId,
      chain_id: transfer.chainId,
      asset: transfer.asset,
      amount: transfer.amount.toString(),
      decimals: transfer.decimals,
      fiat_value_eur_cents: transfer.fiatValueEurCents?.toString() ?? null,
      from_address: transfer.from,
      to_address: transfer.to,
      direction: transfer.direction,
      source: transfer.source,
      reference: transfer.reference ?? null,
      at: transfer.at.toISOString(),
      decision: record.decision,
      score: record.score,
      model_score: record.modelScore,
      model_hash: record.modelHash,
      model_note: record.modelNote,
      rules_fired: record.rulesFired,
      rules_checked: record.rulesChecked,
      top_reasons: record.topReasons,
      features: record.features,
      sanctions: record.sanctions,
      thresholds_sha256: record.thresholdsSha256,
      summary: record.summary,
    }),
  );
  const rows =
    opening && opening.cases.length > 0
      ? await storeWithCasesQuery.execute(executor, {
          decisions,
          cases: opening.cases.map(({ id, decisionId, companyId }) => ({
            id,
            decision_id: decisionId,
            company_id: companyId,
          })),
          audit: opening.events.map((event) => ({
            seq: event.seq.toString(),
            at: event.at.toISOString(),
            actor: event.actor,
            action: event.action,
            subject: event.subject,
            data: event.data,
            prev_hash: event.prevHash,
            hash: event.hash,
          })),
          head: { seq: opening.head.seq.toString(), hash: opening.head.hash },
        })
      : await storeQuery.execute(executor, { decisions });
  const stored = new Map(
    (JSON.parse(rows[0]?.stored ?? '[]') as [string, number][]).map(([id, createdAtMs]) => [
      id,
      { createdAt: new Date(Math.round(createdAtMs)) },
    ]),
  );
  return items.map(({ record }) => stored.get(record.decisionId)!);
}
