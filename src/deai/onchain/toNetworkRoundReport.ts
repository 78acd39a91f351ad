import type { RoundReport } from '../coordinator/RoundReport.js';
import type { NetworkRoundReportInput } from './networkRoundReport.js';

export type ToNetworkRoundReportExtras = {
  /** The model file, written from `report.model` (its bytes must hash to `report.modelSha256`). */
  modelFile: string | null;
  startedAt: Date;
  endedAt: Date;
  /** The same learner trained centrally on the union, for comparison. */
  centralized?: { f1: number; rocAuc: number; [figure: string]: unknown } | null | undefined;
  trainingCurve?: Record<string, unknown>[] | null | undefined;
  /** Measurements beyond the report's own traffic and timings. */
  cost?: Record<string, unknown> | undefined;
};

/**
 * The coordinator's RoundReport as the network's records take it: contributions per party (Shapley shares for data
 * contributors; agreed, paid jobs for compute contributors, flagged when their results disagreed), the registry's
 * per-party commitments, metrics, privacy and costs.
 * @example await network.recordRound(toNetworkRoundReport(report, { modelFile, startedAt, endedAt }))
 */
export function toNetworkRoundReport(report: RoundReport, extras: ToNetworkRoundReportExtras): NetworkRoundReportInput {
  const assessments = new Map(report.contributions.map((entry) => [entry.address.toLowerCase(), entry]));
  const trained = report.parties.filter((party) => party.role === 'data' && party.status === 'trained');
  const paidJobs = new Map<string, number>();
  const disagreed = new Set<string>();
  for (const job of report.computeJobs) {
    for (const address of job.paid) paidJobs.set(address.toLowerCase(), (paidJobs.get(address.toLowerCase()) ?? 0) + 1);
    for (const address of job.disagreed) disagreed.add(address.toLowerCase());
  }
  const totalPaidJobs = [...paidJobs.values()].reduce((sum, count) => sum + count, 0);

  const parties = report.parties.map((party) => {
    const address = party.address.toLowerCase();
    if (party.role === 'compute') {
      const jobs = paidJobs.get(address) ?? 0;
      return {
        address: party.address,
        role: 'compute' as const,
        contribution: {
          value: jobs,
          share: totalPaidJobs > 0 ? jobs / totalPaidJobs : 0,
          status: jobs > 0 ? ('paid' as const) : disagreed.has(address) ? ('flagged' as const) : ('no-value' as const),
          reason:
            jobs > 0
              ? `${jobs} compute job(s) whose results agreed`
              : disagreed.has(address)
                ? 'its compute results disagreed with the accepted ones'
                : 'no agreed compute job',
          method: 'agreed-compute-jobs',
        },
      };
    }
    const assessment = assessments.get(address);
    // Without a measurement (contribution measuring off), the parties whose rows trained share equally.
    const contribution = assessment
      ? {
          value: assessment.value,
          share: assessment.share,
          status: assessment.status,
          reason: assessment.reason,
          method: 'shapley',
        }
      : party.status === 'trained' && report.contributions.length === 0
        ? {
            value: 1,
            share: 1 / trained.length,
            status: 'paid' as const,
            reason: 'not measured: equal shares',
            method: 'equal',
          }
        : {
            value: 0,
            share: 0,
            status: 'no-value' as const,
            reason: party.status === 'dropped' ? 'dropped out of the round' : `not in the model (${party.status})`,
            method: 'shapley',
          };
    return {
      address: party.address,
      role: 'data' as const,
      ...(party.dataCommitment ? { dataCommitment: party.dataCommitment } : {}),
      ...(party.commitmentHash ? { commitment: party.commitmentHash } : {}),
      trained: party.status === 'trained',
      contribution,
    };
  });

  const bytesFromNodes = Object.values(report.traffic.bytesFromNodes).reduce((sum, bytes) => sum + bytes, 0);
  const bytesToNodes = Object.values(report.traffic.bytesToNodes).reduce((sum, bytes) => sum + bytes, 0);
  const validation = report.metrics.validation;
  return {
    roundId: report.roundId,
    status: report.status,
    startedAt: extras.startedAt.toISOString(),
    endedAt: extras.endedAt.toISOString(),
    model:
      report.status === 'completed' && report.modelSha256 && extras.modelFile
        ? { file: extras.modelFile, sha256: report.modelSha256 }
        : null,
    secureAggregation: true,
    privacy: report.privacy ? { epsilon: report.privacy.epsilon, delta: report.privacy.delta } : null,
    metrics: {
      federated: validation ? { ...validation } : { f1: 0, rocAuc: 0 },
      centralized: extras.centralized ?? null,
    },
    cost: {
      bytesPerTreePerNode: report.traffic.bytesPerTreePerNode,
      bytesFromNodes,
      bytesToNodes,
      ...report.timings,
      restarts: report.restarts,
      ...extras.cost,
    },
    trainingCurve: extras.trainingCurve ?? null,
    trees: report.model?.trees.length ?? null,
    parties,
    error: report.reason,
  };
}
