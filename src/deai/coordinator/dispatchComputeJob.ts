import { createHash } from 'node:crypto';
import { canonicalJson } from '../../risk/model/canonicalJson.js';
import { runComputeJob } from '../contribution/runComputeJob.js';
import type { CoordinatorMessageKind } from '../protocol/coordinatorMessages.js';
import { nodeMessageSchemas } from '../protocol/nodeMessages.js';
import { ProtocolError } from '../protocol/ProtocolError.js';
import { parsePayload } from '../protocol/parsePayload.js';
import type { CollectorRegistry } from './createCollectorRegistry.js';
import type { ComputeJobRecord } from './RoundReport.js';

const digest = (value: unknown) => createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');

/**
 * Hands a verifiable job to `replicas` compute contributors and accepts a result only when at least two of them
 * return the same bytes (sha256 of canonical JSON). Without agreement — one answer, different answers, or no
 * compute contributors — the coordinator runs the job itself and pays those whose result matches its own.
 */
export async function dispatchComputeJob(parameters: {
  jobId: string;
  kind: ComputeJobRecord['kind'];
  input: unknown;
  computeNodes: readonly string[];
  replicas: number;
  registry: CollectorRegistry;
  send(kind: CoordinatorMessageKind, payload: unknown, to: readonly string[]): Promise<void>;
  isAlive(address: string): boolean;
  timeoutMs: number;
}): Promise<{ result: unknown; record: ComputeJobRecord }> {
  const { jobId, kind, input } = parameters;
  const assigned = parameters.computeNodes.slice(0, parameters.replicas);
  const answers = new Map<string, { resultSha256: string; result: unknown }>();
  if (assigned.length > 0) {
    const collector = parameters.registry.open({
      kind: 'computeResult',
      key: jobId,
      expected: assigned,
      accept: (_from, payload) => {
        const parsed = parsePayload(nodeMessageSchemas, 'computeResult', payload);
        if (digest(parsed.result) !== parsed.resultSha256)
          throw new ProtocolError('malformed', 'resultSha256 is not the sha256 of the result', {
            field: 'payload.resultSha256',
          });
        return { resultSha256: parsed.resultSha256, result: parsed.result };
      },
    });
    await parameters.send('computeJob', { jobId, kind, input }, assigned);
    for (const [address, answer] of await collector.wait(Date.now() + parameters.timeoutMs, parameters.isAlive))
      answers.set(address, answer);
  }
  const tally = new Map<string, string[]>();
  for (const [address, { resultSha256 }] of answers)
    tally.set(resultSha256, [...(tally.get(resultSha256) ?? []), address]);
  const [majorityHash, majority] = [...tally].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
  if (majority.length >= 2 && majority.length === answers.size && answers.size === assigned.length) {
    return {
      result: answers.get(majority[0]!)!.result,
      record: {
        jobId,
        kind,
        assigned,
        agreed: true,
        resultSha256: majorityHash,
        paid: majority,
        disagreed: [],
        decidedBy: 'agreement',
      },
    };
  }
  const result = runComputeJob(kind, input);
  const resultSha256 = digest(result);
  const paid = [...answers].filter(([, answer]) => answer.resultSha256 === resultSha256).map(([address]) => address);
  return {
    result,
    record: {
      jobId,
      kind,
      assigned,
      agreed: false,
      resultSha256,
      // Agreement with the coordinator's own run is still two matching results.
      paid,
      disagreed: assigned.filter((address) => !paid.includes(address)),
      decidedBy: 'coordinator',
    },
  };
}
