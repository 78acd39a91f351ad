import { randomBytes } from 'node:crypto';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { ValidationError } from '../../errors/BaseError.js';
import type { MaskedVectorPayload, NodeMessagePayload } from '../protocol/nodeMessages.js';
import { encodeVector } from '../protocol/vectorCodec.js';
import { type AgreementKeyPair, agreePairKey, createAgreementKeyPair } from '../secureAggregation/agreePairKey.js';
import { deriveStepSeed } from '../secureAggregation/deriveStepSeed.js';
import { maskVector } from '../secureAggregation/maskVector.js';
import { openShare, type SealedShare, sealShare } from '../secureAggregation/sealShare.js';
import { formatShare, splitSecret } from '../secureAggregation/shamir.js';

/** A member's public keys as it advertised them (checked against its signature by the caller). */
export type MemberKeys = { address: string; maskPublicKey: string; channelPublicKey: string };

type Epoch = {
  epoch: number;
  threshold: number;
  members: string[];
  /** Shamir x of each member: its position in the epoch's member list + 1. */
  shareX: Map<string, number>;
  maskPairKeys: Map<string, Uint8Array>;
  channelPairKeys: Map<string, Uint8Array>;
  /** My shares of other members' pairwise seeds, by step, then by the sharing member, then by its peer. */
  pairSeedShares: Map<number, Map<string, Map<string, string>>>;
  /** My self-mask seed and my own share of it, for the steps I sent an input. */
  sent: Map<number, { ownShare: string }>;
  answered: Set<number>;
  groupKey: Uint8Array | undefined;
};

/**
 * One node's side of secure aggregation (Bonawitz et al. 2017, adapted to many steps per key setup):
 * - per epoch, two X25519 key pairs: one agrees pairwise mask keys, the other a channel for sealed shares;
 * - per step, pairwise seeds derived from the mask keys and the step (deriveStepSeed), and a fresh self-mask seed;
 * - with each input, Shamir shares (threshold t of the epoch's n members) of this step's self-mask seed and of the
 *   next step's pairwise seeds, each sealed to its holder; the first step's pairwise seeds are shared at setup;
 * - at unmasking, it reveals self-mask shares only of members whose input arrived and pairwise-seed shares only of
 *   members that dropped — never both for one member in one step, and only once per step.
 * @example const member = createAggregationMember({ roundId, me: account.address })
 */
export function createAggregationMember(parameters: { roundId: string; me: string }) {
  const { roundId } = parameters;
  const me = parameters.me.toLowerCase();
  let keys: { epoch: number; mask: AgreementKeyPair; channel: AgreementKeyPair } | undefined;
  let current: Epoch | undefined;

  const label = (epoch: number, step: number, from: string, to: string, purpose: string) =>
    `${roundId}|${epoch}|${step}|${from.toLowerCase()}|${to.toLowerCase()}|${purpose}`;
  const requireEpoch = (epoch: number): Epoch => {
    if (!current || current.epoch !== epoch)
      throw new ValidationError(`not a member of aggregation epoch ${epoch}`, { code: 'deai-epoch-unknown' });
    return current;
  };

  /** Shamir-shares my pairwise seeds of `step` with every other member; one sealed bundle per holder. */
  const sharePairSeeds = (state: Epoch, step: number, holders: readonly string[]) => {
    const bundles = new Map<string, { peer: string; share: string }[]>();
    for (const peer of state.members) {
      if (peer === me) continue;
      const seed = deriveStepSeed(state.maskPairKeys.get(peer)!, step);
      const shares = splitSecret(seed, state.threshold, state.members.length);
      for (const holder of holders) {
        if (holder === me) continue;
        const share = shares[state.shareX.get(holder)! - 1]!;
        let bundle = bundles.get(holder);
        if (!bundle) {
          bundle = [];
          bundles.set(holder, bundle);
        }
        bundle.push({ peer, share: formatShare(share) });
      }
    }
    return [...bundles].map(([to, bundle]) => ({
      to,
      sealed: sealShare(
        state.channelPairKeys.get(to)!,
        new TextEncoder().encode(JSON.stringify(bundle)),
        label(state.epoch, step, me, to, 'pair-seeds'),
      ),
    }));
  };

  const storePairSeedBundle = (state: Epoch, step: number, from: string, sealed: SealedShare) => {
    const plain = openShare(state.channelPairKeys.get(from)!, sealed, label(state.epoch, step, from, me, 'pair-seeds'));
    const bundle = JSON.parse(new TextDecoder().decode(plain)) as { peer: string; share: string }[];
    let byMember = state.pairSeedShares.get(step);
    if (!byMember) {
      byMember = new Map();
      state.pairSeedShares.set(step, byMember);
    }
    byMember.set(from, new Map(bundle.map(({ peer, share }) => [peer.toLowerCase(), share])));
  };

  return {
    /** The group key the epoch's first member chose (for row fingerprints), once the shares arrived. */
    groupKey(): Uint8Array | undefined {
      return current?.groupKey;
    },

    /** New key pairs for an epoch; returns the public keys to advertise. */
    startEpoch(epoch: number): NodeMessagePayload<'keyAdvertisement'> {
      keys = { epoch, mask: createAgreementKeyPair(), channel: createAgreementKeyPair() };
      current = undefined;
      return {
        epoch,
        maskPublicKey: bytesToHex(keys.mask.publicKey),
        channelPublicKey: bytesToHex(keys.channel.publicKey),
      };
    },

    /** Agrees pair keys with every member and shares the first step's pairwise seeds (and the group key, if first). */
    acceptKeys(
      epoch: number,
      threshold: number,
      firstStep: number,
      members: readonly MemberKeys[],
    ): NodeMessagePayload<'keyShares'> {
      if (!keys || keys.epoch !== epoch) throw new ValidationError(`no keys for epoch ${epoch}`);
      const addresses = members.map((member) => member.address.toLowerCase());
      if (!addresses.includes(me)) throw new ValidationError('this node is not a member of the epoch');
      if (new Set(addresses).size !== addresses.length) throw new ValidationError('an epoch lists a member twice');
      if (!(threshold >= 2 && threshold <= addresses.length))
        throw new ValidationError(`threshold ${threshold} is not in [2, ${addresses.length}]`);
      const state: Epoch = {
        epoch,
        threshold,
        members: addresses,
        shareX: new Map(addresses.map((address, i) => [address, i + 1])),
        maskPairKeys: new Map(),
        channelPairKeys: new Map(),
        pairSeedShares: new Map(),
        sent: new Map(),
        answered: new Set(),
        groupKey: undefined,
      };
      for (const member of members) {
        const peer = member.address.toLowerCase();
        if (peer === me) continue;
        const context = { roundId, epoch, a: me, b: peer };
        state.maskPairKeys.set(
          peer,
          agreePairKey(keys.mask.secretKey, hexToBytes(member.maskPublicKey), { ...context, purpose: 'mask' }),
        );
        state.channelPairKeys.set(
          peer,
          agreePairKey(keys.channel.secretKey, hexToBytes(member.channelPublicKey), {
            ...context,
            purpose: 'share-channel',
          }),
        );
      }
      current = state;
      const payload: NodeMessagePayload<'keyShares'> = {
        epoch,
        pairSeedShares: sharePairSeeds(state, firstStep, addresses),
      };
      if (addresses[0] === me) {
        const groupKey = randomBytes(32);
        state.groupKey = new Uint8Array(groupKey);
        payload.groupKey = addresses
          .filter((peer) => peer !== me)
          .map((to) => ({
            to,
            sealed: sealShare(state.channelPairKeys.get(to)!, groupKey, label(epoch, 0, me, to, 'group-key')),
          }));
      }
      return payload;
    },

    /** Stores the first step's pairwise-seed bundles sealed to this node, and the group key. */
    acceptShares(
      epoch: number,
      firstStep: number,
      bundles: readonly { from: string; sealed: SealedShare }[],
      groupKey: { from: string; sealed: SealedShare } | null,
    ): void {
      const state = requireEpoch(epoch);
      for (const { from, sealed } of bundles) storePairSeedBundle(state, firstStep, from.toLowerCase(), sealed);
      if (groupKey) {
        const from = groupKey.from.toLowerCase();
        if (from !== state.members[0]) throw new ValidationError('the group key must come from the first member');
        state.groupKey = openShare(
          state.channelPairKeys.get(from)!,
          groupKey.sealed,
          label(epoch, 0, from, me, 'group-key'),
        );
      }
    },

    /** Masks this node's fixed-point vector for `step` and seals the shares that let the coordinator unmask the sum. */
    mask(
      request: { epoch: number; step: number; active: readonly string[]; holders: readonly string[] },
      plain: Uint32Array,
    ): MaskedVectorPayload {
      const state = requireEpoch(request.epoch);
      const active = request.active.map((address) => address.toLowerCase());
      const holders = request.holders.map((address) => address.toLowerCase());
      if (!active.includes(me)) throw new ValidationError(`not active in step ${request.step}`);
      for (const address of [...active, ...holders])
        if (!state.shareX.has(address)) throw new ValidationError(`${address} is not a member of epoch ${state.epoch}`);
      const pairSeeds = new Map<string, Uint8Array>();
      for (const peer of active)
        if (peer !== me) pairSeeds.set(peer, deriveStepSeed(state.maskPairKeys.get(peer)!, request.step));
      const selfSeed = randomBytes(32);
      const shares = splitSecret(selfSeed, state.threshold, state.members.length);
      state.sent.set(request.step, { ownShare: formatShare(shares[state.shareX.get(me)! - 1]!) });
      const vector = maskVector({ plain, step: request.step, selfSeed, me, pairSeeds });
      return {
        step: request.step,
        epoch: state.epoch,
        vector: encodeVector(vector),
        selfMaskShares: holders
          .filter((holder) => holder !== me)
          .map((to) => ({
            to,
            sealed: sealShare(
              state.channelPairKeys.get(to)!,
              new TextEncoder().encode(formatShare(shares[state.shareX.get(to)! - 1]!)),
              label(state.epoch, request.step, me, to, 'self'),
            ),
          })),
        nextPairSeedShares: sharePairSeeds(state, request.step + 1, holders),
      };
    },

    /**
     * Answers an unmasking request: self-mask shares of the survivors, pairwise-seed shares of the dropped members
     * with the survivors. Refuses a second request for a step, fewer than two survivors, or being listed as dropped.
     */
    unmask(request: {
      epoch: number;
      step: number;
      survivors: readonly string[];
      dropped: readonly string[];
      selfMaskShares: readonly { from: string; to: string; sealed: SealedShare }[];
      nextPairSeedShares: readonly { from: string; to: string; sealed: SealedShare }[];
    }): NodeMessagePayload<'unmaskResponse'> {
      const state = requireEpoch(request.epoch);
      const { step } = request;
      const survivors = request.survivors.map((address) => address.toLowerCase());
      const dropped = request.dropped.map((address) => address.toLowerCase());
      if (state.answered.has(step)) throw new ValidationError(`already answered the unmasking of step ${step}`);
      if (survivors.length < 2) throw new ValidationError('refusing to unmask a sum of fewer than two inputs');
      if (survivors.some((address) => dropped.includes(address)))
        throw new ValidationError('a member is listed both as survivor and as dropped');
      if (dropped.includes(me) || (state.sent.has(step) && !survivors.includes(me)))
        throw new ValidationError(`this node sent its input for step ${step} but is listed as dropped`);
      state.answered.add(step);

      const selfMaskShares: { of: string; share: string }[] = [];
      for (const { from, to, sealed } of request.selfMaskShares) {
        const sender = from.toLowerCase();
        if (to.toLowerCase() !== me || !survivors.includes(sender)) continue;
        const plain = openShare(
          state.channelPairKeys.get(sender)!,
          sealed,
          label(state.epoch, step, sender, me, 'self'),
        );
        selfMaskShares.push({ of: sender, share: new TextDecoder().decode(plain) });
      }
      const own = state.sent.get(step);
      if (own && survivors.includes(me)) selfMaskShares.push({ of: me, share: own.ownShare });

      const pairSeedShares: { of: string; peer: string; share: string }[] = [];
      const bundles = state.pairSeedShares.get(step);
      for (const gone of dropped) {
        const bundle = bundles?.get(gone);
        if (!bundle) continue;
        for (const peer of survivors) {
          const share = bundle.get(peer);
          if (share) pairSeedShares.push({ of: gone, peer, share });
        }
      }
      for (const { from, to, sealed } of request.nextPairSeedShares) {
        const sender = from.toLowerCase();
        if (to.toLowerCase() === me && survivors.includes(sender)) storePairSeedBundle(state, step + 1, sender, sealed);
      }
      for (const kept of state.pairSeedShares.keys()) if (kept <= step) state.pairSeedShares.delete(kept);
      for (const kept of state.sent.keys()) if (kept <= step) state.sent.delete(kept);
      return { step, selfMaskShares, pairSeedShares };
    },
  };
}

export type AggregationMember = ReturnType<typeof createAggregationMember>;
