import type { Kysely } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import { createPreparedQuery } from '../createPreparedQuery.js';
import type { ScreenedTransfer } from '../rules/RiskTransfer.js';
import type { DecisionRecord } from './decideScreening.js';

type StoredRow = {
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

const storeQuery = createPreparedQuery<StoredRow[], { stored: string }>(
  'risk_store_decisions',
  `with input as materialized (
    select u.*
    from json_to_recordset($1::json) as u(transfer_id bigint, decision_id text,
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
  )
  select coalesce(json_agg(json_build_array(id, (extract(epoch from created_at) * 1000)::float8)), '[]')::text as stored
  from decisions`,
);

/**
 * Stores screened transfers (which join the history) under the ids drawn for them (drawTransferIds) and their
 * decisions, a whole batch in one statement. Returns when each decision was stored, in input order.
 */
export async function storeDecisions(
  executor: Kysely<Tables>,
  items: readonly { transfer: StoredTransfer; record: DecisionRecord }[],
): Promise<{ createdAt: Date }[]> {
  if (items.length === 0) return [];
  const rows = await storeQuery.execute(
    executor,
    items.map(({ transfer, record }) => ({
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
    })),
  );
  const stored = new Map(
    (JSON.parse(rows[0]?.stored ?? '[]') as [string, number][]).map(([id, createdAtMs]) => [
      id,
      { createdAt: new Date(Math.round(createdAtMs)) },
    ]),
  );
  return items.map(({ record }) => stored.get(record.decisionId)!);
}
