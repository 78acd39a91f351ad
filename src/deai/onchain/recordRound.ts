import type { Kysely } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import { ConflictError } from '../../errors/BaseError.js';
import { dataCommitmentDigest } from './dataCommitmentDigest.js';
import { type NetworkRoundReportInput, networkRoundReportSchema } from './networkRoundReport.js';

/**
 * Stores what the coordinator reports about a round — the round, its contributors (new ones join; a flag sticks until
 * an admin clears it) and each one's contribution — in one transaction. Sending the same report again changes
 * nothing; a report that changes a round whose rewards were already prepared is refused.
 * @example await recordRound(db, coordinatorReport)
 */
export async function recordRound(db: Kysely<Tables>, input: NetworkRoundReportInput): Promise<{ roundId: string }> {
  const report = networkRoundReportSchema.parse(input);
  const { roundId } = report;
  await db.transaction().execute(async (trx) => {
    const rewarded = await trx
      .selectFrom('network_reward_epochs')
      .select('epoch')
      .where('round_id', '=', roundId)
      .executeTakeFirst();
    const stored = await trx
      .selectFrom('network_rounds')
      .select('model_sha256')
      .where('id', '=', roundId)
      .executeTakeFirst();
    if (rewarded && stored?.model_sha256 !== (report.model?.sha256 ?? null))
      throw new ConflictError(
        `Round ${roundId} was rewarded in epoch ${rewarded.epoch}; its report can no longer change.`,
        {
          field: 'roundId',
        },
      );

    for (const party of report.parties) {
      const flagged = party.contribution.status === 'flagged';
      await trx
        .insertInto('network_contributors')
        .values({
          address: party.address.toLowerCase(),
          kind: party.role,
          name: party.name ?? null,
          joined_at: report.startedAt,
          flagged,
          flagged_reason: flagged ? party.contribution.reason : null,
        })
        .onConflict((oc) =>
          oc.column('address').doUpdateSet((eb) => ({
            flagged: flagged ? true : eb.ref('network_contributors.flagged'),
            flagged_reason: flagged ? party.contribution.reason : eb.ref('network_contributors.flagged_reason'),
            name: party.name ?? eb.ref('network_contributors.name'),
          })),
        )
        .execute();
    }

    const round = {
      status: report.status,
      started_at: report.startedAt,
      ended_at: report.endedAt,
      parties: report.parties.length,
      trees: report.trees,
      model_sha256: report.model?.sha256 ?? null,
      model_file: report.model?.file ?? null,
      secure_aggregation: report.secureAggregation,
      privacy_epsilon: report.privacy?.epsilon ?? null,
      privacy_delta: report.privacy?.delta ?? null,
      metrics: JSON.stringify(report.metrics),
      cost: JSON.stringify(report.cost),
      training_curve: report.trainingCurve === null ? null : JSON.stringify(report.trainingCurve),
      error: report.error,
    };
    await trx
      .insertInto('network_rounds')
      .values({ id: roundId, ...round })
      .onConflict((oc) => oc.column('id').doUpdateSet(round))
      .execute();

    if (rewarded) return;
    await trx.deleteFrom('network_contributions').where('round_id', '=', roundId).execute();
    if (report.parties.length)
      await trx
        .insertInto('network_contributions')
        .values(
          report.parties.map((party) => ({
            round_id: roundId,
            contributor: party.address.toLowerCase(),
            kind: party.role,
            data_sha256: party.dataCommitment?.sha256 ?? null,
            rows: party.dataCommitment?.rows ?? null,
            data_signature: party.dataCommitment?.signature ?? null,
            data_commitment: !party.dataCommitment
              ? null
              : party.commitment
                ? `0x${party.commitment}`
                : dataCommitmentDigest(roundId, party.dataCommitment),
            trained: party.trained,
            score: party.contribution.value,
            share: party.contribution.share,
            method: party.contribution.method,
            status: party.contribution.status,
            reason: party.contribution.reason,
          })),
        )
        .execute();
  });
  return { roundId };
}
