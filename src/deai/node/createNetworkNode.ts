import { createHash } from 'node:crypto';
import { ValidationError } from '../../errors/BaseError.js';
import { canonicalJson } from '../../risk/model/canonicalJson.js';
import type { FraudDataset } from '../../risk/model/loadFraudDataset.js';
import { shareKindOf } from '../coordinator/createSecureAggregator.js';
import { addGaussianNoise } from '../privacy/sampleGaussian.js';
import { type CoordinatorMessageKind, coordinatorMessageSchemas } from '../protocol/coordinatorMessages.js';
import { createEnvelopeOpener } from '../protocol/createEnvelopeOpener.js';
import { createNonceStore } from '../protocol/createNonceStore.js';
import { dataCommitmentText, type NodeMessageKind } from '../protocol/nodeMessages.js';
import { ProtocolError } from '../protocol/ProtocolError.js';
import { parsePayload } from '../protocol/parsePayload.js';
import { defaultProtocolLimits, type ProtocolLimits } from '../protocol/protocolLimits.js';
import { type Signer, signEnvelope } from '../protocol/signEnvelope.js';
import { encodeFixedPoint } from '../secureAggregation/fixedPoint.js';
import { type AggregationMember, createAggregationMember } from './createAggregationMember.js';
import { createTrainingParty, type TrainingParty } from './createTrainingParty.js';
import { verifyAdvertisement } from './verifyAdvertisement.js';

/** Runs a compute job (validation scoring, contribution sampling) for a compute contributor. */
export type ComputeJobRunner = (kind: string, input: unknown) => Promise<unknown> | unknown;

export type NetworkNodeParameters = {
  signer: Signer;
  role: 'data' | 'compute';
  /** The contributor's labeled rows (data role), read with the round's feature schema. */
  dataset?: FraudDataset | undefined;
  /** Sends one signed message to the coordinator; rejects with the coordinator's refusal. */
  send(raw: string): Promise<void>;
  /** The coordinator's address, if known in advance; otherwise the first round announcement's signer is trusted. */
  coordinatorAddress?: string | undefined;
  runComputeJob?: ComputeJobRunner | undefined;
  limits?: ProtocolLimits | undefined;
  log?: ((event: string, details: Record<string, unknown>) => void) | undefined;
  software?: string | undefined;
};

export type RoundOutcome = {
  roundId: string;
  status: 'completed' | 'failed';
  modelSha256: string | null;
  reason: string | null;
};

/**
 * A node of the open AI network: a data contributor (trains on its rows) or a compute contributor (runs verifiable
 * jobs). It reacts to the coordinator's signed messages one at a time, in order, and answers with messages signed by
 * its EVM key. It joins the round announced next whenever it is idle, so a node that comes late waits for the
 * following round.
 * @example const node = createNetworkNode({ signer: account, role: 'data', dataset, send: (raw) => postToCoordinator(raw) })
 */
export function createNetworkNode(parameters: NetworkNodeParameters) {
  const { signer, role, send } = parameters;
  const me = signer.address.toLowerCase();
  const limits = parameters.limits ?? defaultProtocolLimits;
  const log = parameters.log ?? (() => {});
  const opener = createEnvelopeOpener({ limits, nonces: createNonceStore(limits.maxClockSkewMs) });
  const party: TrainingParty | undefined =
    role === 'data'
      ? createTrainingParty(
          parameters.dataset ??
            (() => {
              throw new ValidationError('a data contributor needs its dataset');
            })(),
        )
      : undefined;
  let coordinator = parameters.coordinatorAddress?.toLowerCase();
  let round: { roundId: string; heartbeatMs: number } | undefined;
  let member: AggregationMember | undefined;
  let epochInfo: { epoch: number; firstStep: number } | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let queue: Promise<void> = Promise.resolve();
  let stopped = false;
  const outcomes: RoundOutcome[] = [];
  const listeners = new Set<(outcome: RoundOutcome) => void>();
  let bytesSent = 0;

  const sendSigned = async (kind: NodeMessageKind, payload: unknown) => {
    if (!round || stopped) return;
    const raw = await signEnvelope(signer, kind, round.roundId, payload);
    bytesSent += Buffer.byteLength(raw, 'utf8');
    await send(raw);
  };

  const leaveRound = (outcome: RoundOutcome) => {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = undefined;
    round = undefined;
    member = undefined;
    epochInfo = undefined;
    outcomes.push(outcome);
    for (const listener of listeners) listener(outcome);
  };

  async function handle(raw: string): Promise<void> {
    const envelope = await opener.open(raw, (candidate) => {
      if (!(candidate.kind in coordinatorMessageSchemas))
        throw new ProtocolError('malformed', `unknown coordinator message kind "${candidate.kind}"`);
      if (coordinator && candidate.from.toLowerCase() !== coordinator)
        throw new ProtocolError('unknown-node', `message from ${candidate.from}, not the coordinator ${coordinator}`);
      if (candidate.kind !== 'roundAnnounce' && candidate.roundId !== round?.roundId)
        throw new ProtocolError(
          'wrong-round',
          `message for round ${candidate.roundId}; this node is in ${round?.roundId ?? 'no round'}`,
        );
    });
    const kind = envelope.kind as CoordinatorMessageKind;
    switch (kind) {
      case 'roundAnnounce': {
        const announce = parsePayload(coordinatorMessageSchemas, kind, envelope.payload);
        if (round) return; // busy with a round: the announcement of the next one is for later
        coordinator ??= envelope.from.toLowerCase();
        round = { roundId: envelope.roundId, heartbeatMs: announce.heartbeatMs };
        member = createAggregationMember({ roundId: envelope.roundId, me });
        const dataCommitment = party
          ? await (async () => {
              const sha256 = parameters.dataset!.sha256 || datasetDigest(parameters.dataset!);
              const rows = party.rows;
              const signature = await signer.signMessage({
                message: dataCommitmentText(envelope.roundId, sha256, rows),
              });
              return { sha256, rows, signature };
            })()
          : undefined;
        try {
          await sendSigned('join', {
            role,
            ...(dataCommitment ? { dataCommitment } : {}),
            software: parameters.software ?? 'tandem',
          });
        } catch (error) {
          log('join-refused', { roundId: envelope.roundId, error: (error as Error).message });
          round = undefined;
          member = undefined;
          return;
        }
        heartbeat = setInterval(() => {
          void sendSigned('heartbeat', { status: 'joined' }).catch(() => {});
        }, announce.heartbeatMs);
        heartbeat.unref?.();
        log('joined', { roundId: envelope.roundId });
        return;
      }
      case 'epochStart': {
        const start = parsePayload(coordinatorMessageSchemas, kind, envelope.payload);
        if (!start.members.some((address) => address.toLowerCase() === me)) return;
        await sendSigned('keyAdvertisement', member!.startEpoch(start.epoch));
        return;
      }
      case 'epochKeys': {
        const keys = parsePayload(coordinatorMessageSchemas, kind, envelope.payload);
        const members = await Promise.all(
          keys.advertisements.map((text) => verifyAdvertisement(text, round!.roundId, keys.epoch)),
        );
        epochInfo = { epoch: keys.epoch, firstStep: keys.firstStep };
        await sendSigned('keyShares', member!.acceptKeys(keys.epoch, keys.threshold, keys.firstStep, members));
        return;
      }
      case 'sharesDelivery': {
        const delivery = parsePayload(coordinatorMessageSchemas, kind, envelope.payload);
        if (!epochInfo || epochInfo.epoch !== delivery.epoch)
          throw new ValidationError(`shares for unknown epoch ${delivery.epoch}`);
        member!.acceptShares(delivery.epoch, epochInfo.firstStep, delivery.pairSeedShares, delivery.groupKey);
        const groupKey = member!.groupKey();
        await sendSigned('fingerprint', {
          epoch: delivery.epoch,
          rows: party?.rows ?? 0,
          bottomHashes: party && groupKey ? party.fingerprint(groupKey) : [],
        });
        return;
      }
      case 'vocabularyRequest': {
        const request = parsePayload(coordinatorMessageSchemas, kind, envelope.payload);
        if (!party || !request.members.some((address) => address.toLowerCase() === me)) return;
        await sendSigned('vocabulary', { categories: party.vocabulary() });
        return;
      }
      case 'features': {
        const features = parsePayload(coordinatorMessageSchemas, kind, envelope.payload);
        party?.setFeatures(features.featuresId, features.encoding, features.binEdges);
        return;
      }
      case 'jobStart': {
        party?.startJobs(parsePayload(coordinatorMessageSchemas, kind, envelope.payload), me);
        return;
      }
      case 'treeUpdate': {
        party?.applyTrees(parsePayload(coordinatorMessageSchemas, kind, envelope.payload));
        return;
      }
      case 'aggregate': {
        const request = parsePayload(coordinatorMessageSchemas, kind, envelope.payload);
        if (!request.active.some((address) => address.toLowerCase() === me)) return;
        const plain = party ? party.contribution(request.task, me) : zerosFor();
        if (request.noiseStd > 0) addGaussianNoise(plain, request.noiseStd);
        const masked = member!.mask(request, encodeFixedPoint(plain));
        await sendSigned(shareKindOf(request.task), masked);
        return;
      }
      case 'unmask': {
        const request = parsePayload(coordinatorMessageSchemas, kind, envelope.payload);
        await sendSigned('unmaskResponse', member!.unmask(request));
        return;
      }
      case 'computeJob': {
        const job = parsePayload(coordinatorMessageSchemas, kind, envelope.payload);
        if (role !== 'compute' || !parameters.runComputeJob) return;
        const result = await parameters.runComputeJob(job.kind, job.input);
        const resultSha256 = createHash('sha256').update(canonicalJson(result), 'utf8').digest('hex');
        await sendSigned('computeResult', { jobId: job.jobId, resultSha256, result });
        return;
      }
      case 'roundEnd': {
        const end = parsePayload(coordinatorMessageSchemas, kind, envelope.payload);
        log('round-end', { roundId: envelope.roundId, ...end });
        leaveRound({ roundId: envelope.roundId, ...end });
        return;
      }
    }
  }

  /** A compute contributor holds no rows: it is never asked for inputs, but answers if listed. */
  function zerosFor(): Float64Array {
    throw new ValidationError('a compute contributor has no data to aggregate');
  }

  return {
    address: signer.address,
    role,
    /** Queues a raw coordinator message; messages are handled one at a time, in arrival order. */
    deliver(raw: string): void {
      if (stopped) return;
      queue = queue.then(() =>
        handle(raw).catch((error: unknown) => {
          log('message-refused', { error: (error as Error).message });
        }),
      );
    },
    /** Resolves once every queued message is handled. */
    settled(): Promise<void> {
      return queue;
    },
    /** The rounds this node saw end, in order. */
    outcomes(): readonly RoundOutcome[] {
      return outcomes;
    },
    /** Calls `listener` at the end of each round this node took part in. */
    onRoundEnd(listener: (outcome: RoundOutcome) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    inRound(): string | undefined {
      return round?.roundId;
    },
    /** Gives up the current round (the coordinator is gone): recorded as failed with `reason`. */
    abandonRound(reason: string): void {
      if (round) leaveRound({ roundId: round.roundId, status: 'failed', modelSha256: null, reason });
    },
    bytesSent(): number {
      return bytesSent;
    },
    /** Stops answering (a node that vanishes): heartbeats stop, queued and later messages are ignored. */
    stop(): void {
      stopped = true;
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = undefined;
    },
  };
}

export type NetworkNode = ReturnType<typeof createNetworkNode>;

/** sha256 over a dataset's rows when it was not read from a file (in-process parties of tests and benchmarks). */
function datasetDigest(dataset: FraudDataset): string {
  const hash = createHash('sha256');
  for (let row = 0; row < dataset.rowCount; row++)
    hash.update(
      `${dataset.columns.map((column) => String(column.values[row] ?? '')).join('\u0001')}\u0002${dataset.labels?.[row] ?? ''}\n`,
    );
  return hash.digest('hex');
}
