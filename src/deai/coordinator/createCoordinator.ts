import { createHash, randomBytes } from 'node:crypto';
import { type Hex, recoverMessageAddress } from 'viem';
import { ConflictError } from '../../errors/BaseError.js';
import { canonicalJson } from '../../risk/model/canonicalJson.js';
import { encodeFeatures } from '../../risk/model/encodeFeatures.js';
import { type GbdtParams, resolveGbdtParams } from '../../risk/model/gbdtParams.js';
import type { FraudDataset, FraudFeature } from '../../risk/model/loadFraudDataset.js';
import { binaryMetrics } from '../../risk/model/metrics.js';
import { hashModel } from '../../risk/model/modelFile.js';
import { predictMargins } from '../../risk/model/predictMargins.js';
import {
  type AssessmentThresholds,
  assessContributions,
  type ContributionAssessment,
  defaultAssessmentThresholds,
} from '../contribution/assessContributions.js';
import { findDuplicates } from '../contribution/findDuplicates.js';
import { toValidationRows } from '../contribution/runComputeJob.js';
import { defaultShapleyOptions, type ShapleyOptions } from '../contribution/shapley.js';
import { fraudFeatures } from '../federated/fraudFeatures.js';
import { defaultSketchGrid, privateSketchGrid, type SketchGrid } from '../federated/sketchGrid.js';
import { createPrivacyAccountant } from '../privacy/createPrivacyAccountant.js';
import { type PrivacyTarget, planPrivacy } from '../privacy/planPrivacy.js';
import type { CoordinatorMessageKind } from '../protocol/coordinatorMessages.js';
import { createEnvelopeOpener } from '../protocol/createEnvelopeOpener.js';
import { createNonceStore } from '../protocol/createNonceStore.js';
import {
  type DataCommitment,
  dataCommitmentText,
  type NodeMessageKind,
  nodeMessageSchemas,
} from '../protocol/nodeMessages.js';
import { ProtocolError } from '../protocol/ProtocolError.js';
import { parsePayload } from '../protocol/parsePayload.js';
import { defaultProtocolLimits, type ProtocolLimits } from '../protocol/protocolLimits.js';
import { type Signer, signEnvelope } from '../protocol/signEnvelope.js';
import { fixedPointRowLimit } from '../secureAggregation/fixedPoint.js';
import { assembleFraudModel } from './assembleFraudModel.js';
import { createCollectorRegistry } from './createCollectorRegistry.js';
import { createSecureAggregator } from './createSecureAggregator.js';
import { dispatchComputeJob } from './dispatchComputeJob.js';
import { measureContributions } from './measureContributions.js';
import { prepareFeatures } from './prepareFeatures.js';
import { RoundFailedError } from './RoundFailedError.js';
import type { ComputeJobRecord, RoundParty, RoundReport } from './RoundReport.js';
import { trainFederated } from './trainFederated.js';

export type CoordinatorSettings = {
  /** Fewest data contributors a round trains with (secure aggregation hides a party among at least 3). */
  minParties: number;
  maxParties: number;
  /** Close the join window early once this many data contributors (and expectedComputeNodes) joined. */
  expectedParties: number | null;
  expectedComputeNodes: number;
  joinWindowMs: number;
  /** How long a step waits for inputs before treating the silent members as dropped. */
  stepTimeoutMs: number;
  heartbeatMs: number;
  /** A member silent this long is treated as gone without waiting for the step to time out. */
  deadAfterMs: number;
  params: Partial<GbdtParams>;
  schema: readonly FraudFeature[];
  grid: SketchGrid;
  privacy: PrivacyTarget | null;
  contribution: {
    enabled: boolean;
    /** The small models coalitions are valued with. */
    params: Partial<GbdtParams>;
    shapley: ShapleyOptions;
    /** Bottom-k Jaccard similarity from which a later party counts as a copy of an earlier one. */
    duplicateJaccard: number;
    thresholds: AssessmentThresholds;
  };
  /** Compute contributors each job goes to (paid only when at least two agree). */
  computeReplicas: number;
  computeTimeoutMs: number;
  /** Only these addresses may join (lowercase); null = anyone. */
  allowlist: readonly string[] | null;
};

export const defaultCoordinatorSettings: CoordinatorSettings = {
  minParties: 3,
  maxParties: 64,
  expectedParties: null,
  expectedComputeNodes: 0,
  joinWindowMs: 10_000,
  stepTimeoutMs: 30_000,
  heartbeatMs: 2_000,
  deadAfterMs: 10_000,
  params: { subsample: 1, earlyStoppingRounds: 0 },
  schema: fraudFeatures,
  grid: defaultSketchGrid,
  privacy: null,
  contribution: {
    enabled: true,
    // Few, strongly regularised trees: a coalition's rows must beat noise (gamma) to split at all, so a model of
    // random rows predicts about the prior and its value stays near zero instead of ranking by chance.
    params: { trees: 4, maxDepth: 3, learningRate: 0.3, colsampleByTree: 1, gamma: 10, lambda: 5, minChildWeight: 3 },
    shapley: defaultShapleyOptions,
    duplicateJaccard: 0.8,
    thresholds: defaultAssessmentThresholds,
  },
  computeReplicas: 2,
  computeTimeoutMs: 120_000,
  allowlist: null,
};

type Participant = { role: 'data' | 'compute'; dataCommitment: DataCommitment | null; order: number };

type RoundState = {
  roundId: string;
  phase: 'joining' | 'running' | 'done';
  participants: Map<string, Participant>;
  registry: ReturnType<typeof createCollectorRegistry>;
  lastSeen: Map<string, number>;
  bytesFrom: Map<string, number>;
  bytesTo: Map<string, number>;
  announcement: string;
  wakeJoins: (() => void) | undefined;
};

export type CreateCoordinatorParameters = {
  signer: Signer;
  /** Queues one signed message for a node (the transport: in-process bus, or an HTTP inbox). */
  deliver(to: string, raw: string): void;
  /** Publishes a round announcement to every node listening (HTTP: served at GET /round). */
  announce?: ((raw: string) => void) | undefined;
  settings?: Partial<CoordinatorSettings> | undefined;
  /** The labeled rows the coordinator holds to measure models and contributions. */
  validation?: FraudDataset | undefined;
  limits?: ProtocolLimits | undefined;
  log?: ((event: string, details: Record<string, unknown>) => void) | undefined;
  /** Round ids are `<prefix>-<n>`; defaults to a random prefix so restarts never reuse one. */
  roundIdPrefix?: string | undefined;
};

/**
 * The coordinator of the open AI network. It announces rounds, admits signed joins, runs secure aggregation with
 * the data contributors (it sees masked vectors and sums only), trains the fraud model with the risk engine's
 * learner over those sums, values each contributor's data, farms verifiable jobs out to compute contributors, and
 * reports the model file, its sha256, the parties' data commitments, metrics, privacy spent and contributions.
 * @example const coordinator = createCoordinator({ signer, deliver: (to, raw) => inbox.push(to, raw), validation }); const report = await coordinator.runRound()
 */
export function createCoordinator(parameters: CreateCoordinatorParameters) {
  const { signer, deliver } = parameters;
  let settings: CoordinatorSettings = {
    ...defaultCoordinatorSettings,
    ...parameters.settings,
    contribution: { ...defaultCoordinatorSettings.contribution, ...parameters.settings?.contribution },
  };
  const limits = parameters.limits ?? defaultProtocolLimits;
  const log = parameters.log ?? (() => {});
  const opener = createEnvelopeOpener({ limits, nonces: createNonceStore(limits.maxClockSkewMs) });
  const prefix = parameters.roundIdPrefix ?? `r${randomBytes(3).toString('hex')}`;
  let roundNumber = 0;
  let round: RoundState | undefined;
  let stopping = false;

  const isAlive = (address: string) => {
    const seen = round?.lastSeen.get(address.toLowerCase());
    return seen !== undefined && Date.now() - seen < settings.deadAfterMs;
  };

  async function send(kind: CoordinatorMessageKind, payload: unknown, to: readonly string[]): Promise<void> {
    const state = round;
    if (!state || to.length === 0) return;
    const raw = await signEnvelope(signer, kind, state.roundId, payload);
    const bytes = Buffer.byteLength(raw, 'utf8');
    for (const address of to) {
      state.bytesTo.set(address, (state.bytesTo.get(address) ?? 0) + bytes);
      deliver(address, raw);
    }
  }

  async function receive(raw: string): Promise<void> {
    const state = round;
    const envelope = await opener.open(raw, (candidate) => {
      if (!(candidate.kind in nodeMessageSchemas))
        throw new ProtocolError('malformed', `unknown message kind "${candidate.kind}"`, { field: 'kind' });
      if (!state || candidate.roundId !== state.roundId)
        throw new ProtocolError(
          'wrong-round',
          `message for round ${candidate.roundId}; the current round is ${state?.roundId ?? 'none'}`,
          {
            field: 'roundId',
          },
        );
      const from = candidate.from.toLowerCase();
      if (candidate.kind === 'join') {
        if (settings.allowlist && !settings.allowlist.includes(from))
          throw new ProtocolError('not-allowed', `${candidate.from} is not on this coordinator's list of contributors`);
      } else if (!state.participants.has(from))
        throw new ProtocolError('unknown-node', `${candidate.from} has not joined round ${state.roundId}`, {
          field: 'from',
        });
    });
    const roundState = state!;
    const from = envelope.from.toLowerCase();
    const kind = envelope.kind as NodeMessageKind;
    const payload = parsePayload(nodeMessageSchemas, kind, envelope.payload);
    roundState.lastSeen.set(from, Date.now());
    roundState.bytesFrom.set(from, (roundState.bytesFrom.get(from) ?? 0) + Buffer.byteLength(raw, 'utf8'));
    const { registry } = roundState;
    switch (kind) {
      case 'join':
        return admit(roundState, from, payload as ReturnType<typeof nodeMessageSchemas.join.parse>);
      case 'heartbeat':
        return;
      case 'keyAdvertisement':
        return registry.route(kind, String((payload as { epoch: number }).epoch), from, {
          envelope: raw,
          keys: payload,
        });
      case 'keyShares':
      case 'fingerprint':
        return registry.route(kind, String((payload as { epoch: number }).epoch), from, payload);
      case 'vocabulary':
        return registry.route(kind, 'vocabulary', from, payload);
      case 'countShare':
      case 'binSketch':
      case 'histogramShare':
      case 'unmaskResponse':
        return registry.route(kind, String((payload as { step: number }).step), from, payload);
      case 'computeResult':
        return registry.route(kind, (payload as { jobId: string }).jobId, from, payload);
    }
  }

  async function admit(
    state: RoundState,
    from: string,
    join: ReturnType<typeof nodeMessageSchemas.join.parse>,
  ): Promise<void> {
    if (state.phase !== 'joining')
      throw new ProtocolError(
        'round-closed',
        `round ${state.roundId} is no longer taking joins; wait for the next round`,
      );
    if (state.participants.has(from))
      throw new ProtocolError('not-allowed', `${from} already joined round ${state.roundId}`);
    let dataCommitment: DataCommitment | null = null;
    if (join.role === 'data') {
      if (!join.dataCommitment)
        throw new ProtocolError('malformed', 'a data contributor must commit to its data', {
          field: 'payload.dataCommitment',
        });
      const { sha256, rows, signature } = join.dataCommitment;
      const signer = await recoverMessageAddress({
        message: dataCommitmentText(state.roundId, sha256, rows),
        signature: signature as Hex,
      }).catch(() => '');
      if (signer.toLowerCase() !== from)
        throw new ProtocolError('bad-signature', 'the data commitment is not signed by the joining node', {
          field: 'payload.dataCommitment.signature',
        });
      const dataParties = [...state.participants.values()].filter((p) => p.role === 'data').length;
      if (dataParties >= settings.maxParties)
        throw new ProtocolError('round-closed', `round ${state.roundId} is full; wait for the next round`);
      dataCommitment = join.dataCommitment;
    }
    state.participants.set(from, { role: join.role, dataCommitment, order: state.participants.size });
    log('join', { roundId: state.roundId, address: from, role: join.role });
    state.wakeJoins?.();
  }

  async function waitForJoins(state: RoundState, joinUntil: number): Promise<void> {
    const enough = () => {
      if (settings.expectedParties === null) return false;
      const roles = [...state.participants.values()];
      return (
        roles.filter((p) => p.role === 'data').length >= settings.expectedParties &&
        roles.filter((p) => p.role === 'compute').length >= settings.expectedComputeNodes
      );
    };
    while (Date.now() < joinUntil && !enough() && !stopping)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, joinUntil - Date.now()));
        state.wakeJoins = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    state.wakeJoins = undefined;
  }

  async function runRound(overrides: Partial<CoordinatorSettings> = {}): Promise<RoundReport> {
    if (round && round.phase !== 'done') throw new ConflictError(`round ${round.roundId} is still running`);
    if (stopping) throw new RoundFailedError('the coordinator is stopping');
    settings = { ...settings, ...overrides };
    const started = Date.now();
    const roundId = `${prefix}-${++roundNumber}`;
    const joinUntil = started + settings.joinWindowMs;
    const state: RoundState = {
      roundId,
      phase: 'joining',
      participants: new Map(),
      registry: createCollectorRegistry(),
      lastSeen: new Map(),
      bytesFrom: new Map(),
      bytesTo: new Map(),
      announcement: '',
      wakeJoins: undefined,
    };
    round = state;
    state.announcement = await signEnvelope(signer, 'roundAnnounce', roundId, {
      joinUntil,
      minParties: settings.minParties,
      maxParties: settings.maxParties,
      features: settings.schema.map(({ name, kind }) => ({ name, kind })),
      stepTimeoutMs: settings.stepTimeoutMs,
      heartbeatMs: settings.heartbeatMs,
    });
    parameters.announce?.(state.announcement);
    log('round-announced', { roundId, joinUntil });
    await waitForJoins(state, joinUntil);
    state.phase = 'running';
    if (stopping) {
      state.phase = 'done';
      throw new RoundFailedError('the coordinator is stopping');
    }

    const params = resolveGbdtParams({ ...settings.params, subsample: 1, earlyStoppingRounds: 0 });
    const timings = { totalMs: 0, setupMs: 0, featuresMs: 0, contributionMs: 0, trainingMs: 0, msPerTree: 0 };
    const parties = new Map<string, RoundParty>();
    for (const [address, participant] of state.participants)
      parties.set(address, {
        address,
        role: participant.role,
        dataCommitment: participant.dataCommitment,
        commitmentHash: participant.dataCommitment
          ? createHash('sha256')
              .update(
                canonicalJson({
                  address,
                  roundId,
                  rows: participant.dataCommitment.rows,
                  sha256: participant.dataCommitment.sha256,
                }),
                'utf8',
              )
              .digest('hex')
          : null,
        status: participant.role === 'compute' ? 'compute' : 'trained',
      });
    const computeJobs: ComputeJobRecord[] = [];
    let contributions: ContributionAssessment[] = [];
    const report = (fields: Partial<RoundReport>): RoundReport => ({
      roundId,
      coordinator: signer.address.toLowerCase(),
      status: 'failed',
      reason: null,
      model: null,
      modelSha256: null,
      parties: [...parties.values()],
      metrics: { validation: null },
      privacy: null,
      contributions,
      computeJobs,
      traffic: { bytesFromNodes: {}, bytesToNodes: {}, bytesPerTreePerNode: 0 },
      timings: { ...timings, totalMs: Date.now() - started },
      restarts: 0,
      ...fields,
    });

    let result: RoundReport;
    try {
      const dataParties = [...state.participants]
        .filter(([, p]) => p.role === 'data')
        .sort((a, b) => a[1].order - b[1].order);
      const computeNodes = [...state.participants].filter(([, p]) => p.role === 'compute').map(([address]) => address);
      if (dataParties.length < settings.minParties)
        throw new RoundFailedError(
          `only ${dataParties.length} data contributors joined; at least ${settings.minParties} are needed`,
        );
      // The fixed-point bound (fixedPoint.ts): every sum stays exact only while rows × the largest per-row weight
      // is at most 2^28.
      const committedRows = dataParties.reduce((sum, [, party]) => sum + (party.dataCommitment?.rows ?? 0), 0);
      if (committedRows * Math.max(1, params.scalePosWeight) > fixedPointRowLimit)
        throw new RoundFailedError(
          `${committedRows} rows × weight ${params.scalePosWeight} exceed what fixed-point secure aggregation sums exactly (${fixedPointRowLimit})`,
        );
      const aggregator = createSecureAggregator({
        registry: state.registry,
        send,
        isAlive,
        stepTimeoutMs: settings.stepTimeoutMs,
        minParties: settings.minParties,
        log,
      });
      const markDropped = () => {
        for (const address of aggregator.dropped())
          if (parties.get(address)?.status === 'trained') parties.get(address)!.status = 'dropped';
      };

      let phaseStart = Date.now();
      const setup = await aggregator.setup(dataParties.map(([address]) => address));
      for (const [address] of dataParties)
        if (!setup.members.includes(address)) parties.get(address)!.status = 'dropped';
      const duplicates = findDuplicates(
        setup.members.map((address) => ({
          address,
          bottomHashes: setup.fingerprints.get(address)?.bottomHashes ?? [],
        })),
        settings.contribution.duplicateJaccard,
      );
      aggregator.exclude(duplicates.map((duplicate) => duplicate.address));
      for (const duplicate of duplicates) parties.get(duplicate.address)!.status = 'duplicate';
      const eligible = setup.members.filter(
        (address) => !duplicates.some((duplicate) => duplicate.address === address),
      );
      timings.setupMs = Date.now() - phaseStart;

      const accountant = settings.privacy ? createPrivacyAccountant(settings.privacy.delta) : undefined;
      const privacy =
        settings.privacy && accountant
          ? {
              plan: planPrivacy(settings.privacy, {
                features: settings.schema.length,
                sampledFeatures: Math.max(1, Math.round(settings.schema.length * params.colsampleByTree)),
                categoricalFeatures: settings.schema.filter((feature) => feature.kind === 'categorical').length,
                trees: params.trees,
                levels: params.maxDepth,
                maxWeight: params.scalePosWeight,
              }),
              accountant,
            }
          : undefined;

      phaseStart = Date.now();
      const features = await prepareFeatures({
        aggregator,
        registry: state.registry,
        send,
        isAlive,
        stepTimeoutMs: settings.stepTimeoutMs,
        members: eligible,
        schema: settings.schema,
        grid: privacy ? privateSketchGrid : settings.grid,
        maxBins: params.maxBins,
        id: `${roundId}-features`,
        privacy,
      });
      timings.featuresMs = Date.now() - phaseStart;
      const validation = parameters.validation?.labels
        ? toValidationRows(encodeFeatures(features.encoding, parameters.validation), parameters.validation.labels)
        : undefined;

      phaseStart = Date.now();
      const flagged: string[] = [];
      const live = () => eligible.filter((address) => !aggregator.dropped().includes(address));
      if (settings.contribution.enabled && validation && live().length >= 2) {
        const players = live();
        const measured = await measureContributions({
          aggregator,
          registry: state.registry,
          send,
          isAlive,
          players,
          featuresId: features.featuresId,
          binEdges: features.binEdges,
          params: resolveGbdtParams({
            ...settings.params,
            ...settings.contribution.params,
            subsample: 1,
            earlyStoppingRounds: 0,
          }),
          shapley: settings.contribution.shapley,
          validation,
          computeNodes,
          replicas: settings.computeReplicas,
          timeoutMs: settings.computeTimeoutMs,
          jobId: `${roundId}-contribution`,
        });
        computeJobs.push(measured.record);
        contributions = assessContributions({
          players,
          values: measured.values,
          aloneUtilities: measured.aloneUtilities,
          duplicates,
          thresholds: settings.contribution.thresholds,
        });
        for (const entry of contributions)
          if (entry.status === 'flagged' && players.includes(entry.address)) {
            flagged.push(entry.address);
            parties.get(entry.address)!.status = 'flagged';
          }
        aggregator.exclude(flagged);
        log('contributions', { coalitions: measured.coalitions, flagged });
      } else
        contributions = assessContributions({
          players: live(),
          values: live().map(() => 1 / Math.max(1, live().length)),
          aloneUtilities: live().map(() => 0),
          duplicates,
          thresholds: {
            ...settings.contribution.thresholds,
            noValueBelow: Number.NEGATIVE_INFINITY,
            harmfulBelow: Number.NEGATIVE_INFINITY,
            flippedBelow: Number.NEGATIVE_INFINITY,
          },
        }).map((entry) => (entry.status === 'paid' ? { ...entry, reason: 'not measured: equal shares' } : entry));
      timings.contributionMs = Date.now() - phaseStart;
      markDropped();

      const members = live().filter((address) => !flagged.includes(address));
      if (members.length < 2)
        throw new RoundFailedError(`only ${members.length} data contributors are left to train the model`);
      phaseStart = Date.now();
      const bytesBefore = { from: new Map(state.bytesFrom), to: new Map(state.bytesTo) };
      const trained = (
        await trainFederated({
          aggregator,
          send,
          jobs: [{ job: 'final', members, params }],
          featuresId: features.featuresId,
          binEdges: features.binEdges,
          privacy,
          onTree: (_job, index) => log('tree', { roundId, index, of: params.trees }),
        })
      ).get('final')!;
      timings.trainingMs = Date.now() - phaseStart;
      timings.msPerTree = timings.trainingMs / Math.max(1, trained.model.trees.length);
      markDropped();
      const delta = (after: Map<string, number>, before: Map<string, number>) =>
        Object.fromEntries([...after].map(([address, bytes]) => [address, bytes - (before.get(address) ?? 0)]));
      const bytesFromNodes = delta(state.bytesFrom, bytesBefore.from);
      const trainedParties = trained.members;
      const bytesPerTreePerNode =
        trainedParties.reduce((sum, address) => sum + (bytesFromNodes[address] ?? 0), 0) /
        Math.max(1, trainedParties.length) /
        Math.max(1, trained.model.trees.length);

      const validationMetrics =
        parameters.validation?.labels && validation
          ? binaryMetrics(
              parameters.validation.labels,
              predictMargins(trained.model, encodeFeatures(features.encoding, parameters.validation)).map(
                (m) => 1 / (1 + Math.exp(-m)),
              ),
            )
          : null;
      const model = assembleFraudModel({
        gbdt: trained.model,
        encoding: features.encoding,
        params,
        rows: trained.rows,
        positives: trained.positives,
        commitmentHashes: trainedParties.map((address) => parties.get(address)!.commitmentHash!),
        validationRows: parameters.validation?.rowCount ?? 0,
        validationMetrics: validationMetrics && Number.isFinite(validationMetrics.rocAuc) ? validationMetrics : null,
      });
      if (validation && computeNodes.length > 0) {
        const scored = await dispatchComputeJob({
          jobId: `${roundId}-validation`,
          kind: 'validationScoring',
          input: { model: trained.model, validation },
          computeNodes,
          replicas: settings.computeReplicas,
          registry: state.registry,
          send,
          isAlive,
          timeoutMs: settings.computeTimeoutMs,
        });
        computeJobs.push(scored.record);
      }
      for (const address of trainedParties)
        if (parties.get(address)!.status === 'trained') parties.get(address)!.status = 'trained';
      for (const [address, party] of parties)
        if (party.status === 'trained' && !trainedParties.includes(address)) party.status = 'dropped';
      result = report({
        status: 'completed',
        model,
        modelSha256: hashModel(model),
        metrics: { validation: model.metrics.validation ?? null },
        privacy: accountant ? accountant.spent() : null,
        traffic: { bytesFromNodes, bytesToNodes: delta(state.bytesTo, bytesBefore.to), bytesPerTreePerNode },
        restarts: trained.restarts,
      });
    } catch (error) {
      log('round-failed', { roundId, error: (error as Error).message });
      result = report({ status: 'failed', reason: (error as Error).message });
    }
    await send('roundEnd', { status: result.status, modelSha256: result.modelSha256, reason: result.reason }, [
      ...state.participants.keys(),
    ]).catch(() => {});
    state.phase = 'done';
    return result;
  }

  return {
    address: signer.address,
    settings: () => settings,
    receive,
    runRound,
    /** Ends a round still waiting for joins at once (it fails: the coordinator is stopping); refuses new rounds. */
    stop(): void {
      stopping = true;
      round?.wakeJoins?.();
    },
    /** The signed announcement of the current round (served to nodes that poll for it). */
    announcement(): string | undefined {
      return round?.announcement;
    },
    /** The current round's id and phase. */
    status(): { roundId: string; phase: RoundState['phase']; participants: number } | undefined {
      return round ? { roundId: round.roundId, phase: round.phase, participants: round.participants.size } : undefined;
    },
  };
}

export type Coordinator = ReturnType<typeof createCoordinator>;
