import type {
  AggregationTask,
  CoordinatorMessageKind,
  CoordinatorMessagePayload,
} from '../protocol/coordinatorMessages.js';
import { type NodeMessagePayload, nodeMessageSchemas } from '../protocol/nodeMessages.js';
import { ProtocolError } from '../protocol/ProtocolError.js';
import { parsePayload } from '../protocol/parsePayload.js';
import { decodeVector } from '../protocol/vectorCodec.js';
import { decodeFixedPoint } from '../secureAggregation/fixedPoint.js';
import type { SealedShare } from '../secureAggregation/sealShare.js';
import { combineShares, parseShare, type SecretShare } from '../secureAggregation/shamir.js';
import { unmaskSum } from '../secureAggregation/unmaskSum.js';
import type { CollectorRegistry } from './createCollectorRegistry.js';
import { RoundFailedError } from './RoundFailedError.js';

export type AggregatorDependencies = {
  registry: CollectorRegistry;
  /** Signs and queues a coordinator message for each address. */
  send(kind: CoordinatorMessageKind, payload: unknown, to: readonly string[]): Promise<void>;
  isAlive(address: string): boolean;
  stepTimeoutMs: number;
  minParties: number;
  log?: ((event: string, details: Record<string, unknown>) => void) | undefined;
};

export type AggregationResult = {
  /** The sum of the survivors' vectors, decoded from fixed point. */
  sum: Float64Array;
  survivors: string[];
  /** Members that were asked but sent nothing: they are out of the epoch from now on. */
  dropped: string[];
};

type MaskedInput = {
  vector: Uint32Array;
  selfMaskShares: Map<string, SealedShare>;
  nextPairSeedShares: Map<string, SealedShare>;
};

/** What kind of node message carries the vectors of a task. */
export function shareKindOf(task: AggregationTask): 'countShare' | 'binSketch' | 'histogramShare' {
  return task.kind === 'histograms' ? 'histogramShare' : task.kind === 'binSketch' ? 'binSketch' : 'countShare';
}

/**
 * The coordinator's side of secure aggregation. `setup` runs an epoch's key exchange (advertise X25519 keys, share
 * the first step's pairwise seeds, hand each member the shares sealed to it, collect row fingerprints);
 * `aggregate` runs one step: ask the active members for masked vectors, then ask every live member for the shares
 * that remove the survivors' self-masks and the dropped members' pairwise masks. The coordinator only ever holds
 * masked vectors, shares it cannot open, and the final sum.
 */
export function createSecureAggregator(dependencies: AggregatorDependencies) {
  const { registry, send, isAlive, stepTimeoutMs } = dependencies;
  const log = dependencies.log ?? (() => {});
  let stepCounter = 0;
  let epochCounter = 0;
  let epoch:
    | {
        epoch: number;
        threshold: number;
        members: string[];
        shareX: Map<string, number>;
        dropped: Set<string>;
        excluded: Set<string>;
      }
    | undefined;

  const live = () => (epoch ? epoch.members.filter((member) => !epoch!.dropped.has(member)) : []);
  const requireEpoch = () => {
    if (!epoch) throw new RoundFailedError('no aggregation epoch is set up');
    return epoch;
  };
  const sealedMap = (
    entries: readonly { to: string; sealed: SealedShare }[],
    from: string,
    expected: readonly string[],
    field: string,
  ) => {
    const map = new Map(entries.map(({ to, sealed }) => [to.toLowerCase(), sealed]));
    const wanted = expected.filter((address) => address !== from);
    if (map.size !== entries.length || map.size !== wanted.length || wanted.some((address) => !map.has(address)))
      throw new ProtocolError('malformed', `${field} must hold one share for each other holder`, {
        field: `payload.${field}`,
      });
    return map;
  };

  return {
    /** Members of the current epoch that are neither dropped nor excluded. */
    active(): string[] {
      return epoch ? epoch.members.filter((member) => !epoch!.dropped.has(member) && !epoch!.excluded.has(member)) : [];
    },
    /** Members that dropped out during this epoch (their pairwise seeds of that step were revealed). */
    dropped(): string[] {
      return epoch ? [...epoch.dropped] : [];
    },
    threshold(): number {
      return requireEpoch().threshold;
    },
    /** Keeps members out of later steps (they still hold and reveal shares): duplicates, flagged parties. */
    exclude(addresses: readonly string[]): void {
      for (const address of addresses) requireEpoch().excluded.add(address.toLowerCase());
    },

    /**
     * Runs an epoch's key setup with `members`; members that miss a phase are left out and the setup starts over
     * with the others. Returns the members and their row fingerprints.
     */
    async setup(
      candidates: readonly string[],
    ): Promise<{ members: string[]; fingerprints: Map<string, NodeMessagePayload<'fingerprint'>> }> {
      let members = candidates.map((address) => address.toLowerCase());
      for (let attempt = 0; attempt < 4; attempt++) {
        if (members.length < dependencies.minParties)
          throw new RoundFailedError(
            `only ${members.length} parties completed key setup; at least ${dependencies.minParties} are needed`,
          );
        const number = ++epochCounter;
        const threshold = Math.max(2, Math.floor(members.length / 2) + 1);
        const advertisements = registry.open({
          kind: 'keyAdvertisement',
          key: String(number),
          expected: members,
          accept: (_from, payload) => {
            const parsed = payload as { envelope: string; keys: NodeMessagePayload<'keyAdvertisement'> };
            if (parsed.keys.epoch !== number)
              throw new ProtocolError('wrong-round', `key advertisement for epoch ${parsed.keys.epoch}, not ${number}`);
            return parsed;
          },
        });
        await send(
          'epochStart',
          { epoch: number, members, threshold } satisfies CoordinatorMessagePayload<'epochStart'>,
          members,
        );
        const advertised = await advertisements.wait(Date.now() + stepTimeoutMs, isAlive);
        if (advertised.size < members.length) {
          log('setup-retry', {
            epoch: number,
            phase: 'keyAdvertisement',
            missing: members.filter((m) => !advertised.has(m)),
          });
          members = members.filter((member) => advertised.has(member));
          continue;
        }
        const firstStep = stepCounter + 1;
        const keyShares = registry.open({
          kind: 'keyShares',
          key: String(number),
          expected: members,
          accept: (from, payload) => {
            const parsed = parsePayload(nodeMessageSchemas, 'keyShares', payload);
            if (parsed.epoch !== number)
              throw new ProtocolError('wrong-round', `key shares for epoch ${parsed.epoch}, not ${number}`);
            const pairSeedShares = sealedMap(parsed.pairSeedShares, from, members, 'pairSeedShares');
            const isLeader = from === members[0];
            if (isLeader !== (parsed.groupKey !== undefined))
              throw new ProtocolError('malformed', 'only the first member sends the group key, and it must', {
                field: 'payload.groupKey',
              });
            const groupKey = parsed.groupKey ? sealedMap(parsed.groupKey, from, members, 'groupKey') : undefined;
            return { pairSeedShares, groupKey };
          },
        });
        await send(
          'epochKeys',
          {
            epoch: number,
            threshold,
            firstStep,
            advertisements: members.map((member) => advertised.get(member)!.envelope),
          },
          members,
        );
        const shares = await keyShares.wait(Date.now() + stepTimeoutMs, isAlive);
        if (shares.size < members.length) {
          log('setup-retry', { epoch: number, phase: 'keyShares', missing: members.filter((m) => !shares.has(m)) });
          members = members.filter((member) => shares.has(member));
          continue;
        }
        epoch = {
          epoch: number,
          threshold,
          members,
          shareX: new Map(members.map((member, i) => [member, i + 1])),
          dropped: new Set(),
          excluded: new Set(),
        };
        const fingerprints = registry.open({
          kind: 'fingerprint',
          key: String(number),
          expected: members,
          accept: (_from, payload) => {
            const parsed = parsePayload(nodeMessageSchemas, 'fingerprint', payload);
            if (parsed.epoch !== number)
              throw new ProtocolError('wrong-round', `fingerprint for epoch ${parsed.epoch}, not ${number}`);
            return parsed;
          },
        });
        const leader = members[0]!;
        for (const member of members) {
          const delivery: CoordinatorMessagePayload<'sharesDelivery'> = {
            epoch: number,
            pairSeedShares: members
              .filter((other) => other !== member)
              .map((other) => ({ from: other, sealed: shares.get(other)!.pairSeedShares.get(member)! })),
            groupKey: member === leader ? null : { from: leader, sealed: shares.get(leader)!.groupKey!.get(member)! },
          };
          await send('sharesDelivery', delivery, [member]);
        }
        const printed = await fingerprints.wait(Date.now() + stepTimeoutMs, isAlive);
        for (const member of members) if (!printed.has(member)) epoch.dropped.add(member);
        log('epoch', { epoch: number, members: members.length, threshold });
        return { members: members.filter((member) => printed.has(member)), fingerprints: printed };
      }
      throw new RoundFailedError('key setup did not settle after 4 attempts');
    },

    /**
     * One secure-aggregation step: returns the exact sum of the vectors of the members that answered in time.
     * `noiseStd` is the Gaussian noise each node adds (0 without differential privacy).
     */
    async aggregate(task: AggregationTask, entries: number, noiseStd = 0): Promise<AggregationResult> {
      const state = requireEpoch();
      const step = ++stepCounter;
      const active = this.active();
      const holders = live();
      if (active.length < 2)
        throw new RoundFailedError(`only ${active.length} members left to aggregate; a sum needs at least 2`);
      const kind = shareKindOf(task);
      const inputs = registry.open<MaskedInput>({
        kind,
        key: String(step),
        expected: active,
        accept: (from, payload) => {
          const parsed = parsePayload(nodeMessageSchemas, kind, payload);
          if (parsed.epoch !== state.epoch)
            throw new ProtocolError('wrong-round', `share for epoch ${parsed.epoch}, not ${state.epoch}`);
          return {
            vector: decodeVector(parsed.vector, entries),
            selfMaskShares: sealedMap(parsed.selfMaskShares, from, holders, 'selfMaskShares'),
            nextPairSeedShares: sealedMap(parsed.nextPairSeedShares, from, holders, 'nextPairSeedShares'),
          };
        },
      });
      await send(
        'aggregate',
        { step, epoch: state.epoch, active, holders, noiseStd, task } satisfies CoordinatorMessagePayload<'aggregate'>,
        holders,
      );
      const received = await inputs.wait(Date.now() + stepTimeoutMs, isAlive);
      const survivors = active.filter((member) => received.has(member));
      const dropped = active.filter((member) => !received.has(member));
      if (survivors.length < 2)
        throw new RoundFailedError(
          `step ${step}: only ${survivors.length} of ${active.length} inputs arrived; a sum needs at least 2`,
        );

      const responders = holders.filter((holder) => !dropped.includes(holder));
      const responses = registry.open({
        kind: 'unmaskResponse',
        key: String(step),
        expected: responders,
        accept: (_from, payload) => parsePayload(nodeMessageSchemas, 'unmaskResponse', payload),
      });
      // One unmasking request for all holders: each picks the shares sealed to it.
      const unmask: CoordinatorMessagePayload<'unmask'> = {
        step,
        epoch: state.epoch,
        survivors,
        dropped,
        selfMaskShares: survivors.flatMap((survivor) =>
          [...received.get(survivor)!.selfMaskShares]
            .filter(([to]) => responders.includes(to))
            .map(([to, sealed]) => ({ from: survivor, to, sealed })),
        ),
        nextPairSeedShares: survivors.flatMap((survivor) =>
          [...received.get(survivor)!.nextPairSeedShares]
            .filter(([to]) => responders.includes(to))
            .map(([to, sealed]) => ({ from: survivor, to, sealed })),
        ),
      };
      await send('unmask', unmask, responders);
      const answers = await responses.wait(Date.now() + stepTimeoutMs, isAlive);
      if (answers.size < state.threshold)
        throw new RoundFailedError(
          `step ${step}: ${answers.size} members answered the unmasking; ${state.threshold} are needed`,
        );

      const selfShares = new Map<string, SecretShare[]>();
      const pairShares = new Map<string, SecretShare[]>();
      const push = (map: Map<string, SecretShare[]>, key: string, share: SecretShare) => {
        const list = map.get(key);
        if (list) list.push(share);
        else map.set(key, [share]);
      };
      for (const [holder, answer] of answers) {
        const x = state.shareX.get(holder)!;
        for (const { of, share } of answer.selfMaskShares) {
          const parsed = parseShare(share);
          if (parsed.x === x) push(selfShares, of.toLowerCase(), parsed);
        }
        for (const { of, peer, share } of answer.pairSeedShares) {
          const parsed = parseShare(share);
          if (parsed.x === x) push(pairShares, `${of.toLowerCase()}|${peer.toLowerCase()}`, parsed);
        }
      }
      const rebuild = (shares: SecretShare[] | undefined, what: string) => {
        if (!shares || shares.length < state.threshold)
          throw new RoundFailedError(
            `step ${step}: only ${shares?.length ?? 0} shares of ${what}; ${state.threshold} are needed`,
          );
        return combineShares(shares.slice(0, state.threshold), 32);
      };
      const selfSeeds = new Map(
        survivors.map((survivor) => [survivor, rebuild(selfShares.get(survivor), `the self-mask of ${survivor}`)]),
      );
      const orphanedPairSeeds = dropped.flatMap((gone) =>
        survivors.map((survivor) => ({
          survivor,
          dropped: gone,
          seed: rebuild(pairShares.get(`${gone}|${survivor}`), `the seed of ${gone} with ${survivor}`),
        })),
      );
      const masked = new Map(survivors.map((survivor) => [survivor, received.get(survivor)!.vector]));
      const sum = decodeFixedPoint(unmaskSum({ masked, step, selfSeeds, orphanedPairSeeds }));
      for (const gone of dropped) state.dropped.add(gone);
      if (dropped.length > 0) log('dropped', { step, dropped });
      return { sum, survivors, dropped };
    },
  };
}

export type SecureAggregator = ReturnType<typeof createSecureAggregator>;
