import type { GbdtParams } from '../../risk/model/gbdtParams.js';
import type { ValidationRows } from '../contribution/runComputeJob.js';
import { planCoalitions, type ShapleyOptions } from '../contribution/shapley.js';
import type { CoordinatorMessageKind } from '../protocol/coordinatorMessages.js';
import type { CollectorRegistry } from './createCollectorRegistry.js';
import type { SecureAggregator } from './createSecureAggregator.js';
import { dispatchComputeJob } from './dispatchComputeJob.js';
import type { ComputeJobRecord } from './RoundReport.js';
import { trainFederated } from './trainFederated.js';

/**
 * Shapley values of the data contributors on the coordinator's validation set. The utility of a coalition is the
 * validation ROC-AUC − 0.5 of a small model trained on its members' rows by the same secure protocol (all coalition
 * models grow side by side, sharing aggregation steps); scoring the models and sampling permutations is a
 * verifiable compute job. Measuring a party's value needs the coordinator to learn how well a model of its rows alone
 * does: that disclosure is inherent to any data valuation, and is why these models are small.
 */
export async function measureContributions(parameters: {
  aggregator: SecureAggregator;
  registry: CollectorRegistry;
  send(kind: CoordinatorMessageKind, payload: unknown, to: readonly string[]): Promise<void>;
  isAlive(address: string): boolean;
  players: readonly string[];
  featuresId: string;
  binEdges: number[][];
  params: GbdtParams;
  shapley: ShapleyOptions;
  validation: ValidationRows;
  computeNodes: readonly string[];
  replicas: number;
  timeoutMs: number;
  jobId: string;
}): Promise<{ values: number[]; aloneUtilities: number[]; record: ComputeJobRecord; coalitions: number }> {
  const { players } = parameters;
  const coalitions = planCoalitions(players.length, parameters.shapley);
  const jobOf = (members: readonly number[]) =>
    `c-${members.reduce((mask, i) => mask | (1n << BigInt(i)), 0n).toString(16)}`;
  const trained = await trainFederated({
    aggregator: parameters.aggregator,
    send: parameters.send,
    jobs: coalitions.map((members) => ({
      job: jobOf(members),
      members: members.map((i) => players[i]!),
      params: parameters.params,
    })),
    featuresId: parameters.featuresId,
    binEdges: parameters.binEdges,
  });
  const input = {
    players: [...players],
    coalitions: coalitions.map((members) => ({ members, model: trained.get(jobOf(members))!.model })),
    validation: parameters.validation,
    permutations: parameters.shapley.permutations,
    seed: parameters.shapley.seed,
    exactUpTo: parameters.shapley.exactUpTo,
  };
  const { result, record } = await dispatchComputeJob({
    jobId: parameters.jobId,
    kind: 'contributionSampling',
    input,
    computeNodes: parameters.computeNodes,
    replicas: parameters.replicas,
    registry: parameters.registry,
    send: parameters.send,
    isAlive: parameters.isAlive,
    timeoutMs: parameters.timeoutMs,
  });
  const sampled = result as {
    utilities: { members: number[]; utility: number }[];
    values: { player: string; value: number }[];
  };
  const aloneUtilities = players.map(
    (_, i) => sampled.utilities.find((entry) => entry.members.length === 1 && entry.members[0] === i)?.utility ?? 0,
  );
  return { values: sampled.values.map((entry) => entry.value), aloneUtilities, record, coalitions: coalitions.length };
}
