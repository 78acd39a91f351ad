import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { agreePairKey, createAgreementKeyPair } from './agreePairKey.js';
import { deriveStepSeed } from './deriveStepSeed.js';
import { decodeFixedPoint, encodeFixedPoint, quantizeToGrid } from './fixedPoint.js';
import { maskVector } from './maskVector.js';
import { openShare, sealShare } from './sealShare.js';
import { combineShares, splitSecret } from './shamir.js';
import { unmaskSum } from './unmaskSum.js';

const roundId = 'r-test';
const addresses = ['0x1000000000000000000000000000000000000001', '0x2000000000000000000000000000000000000002'];
addresses.push('0x3000000000000000000000000000000000000003', '0x4000000000000000000000000000000000000004');

function setup(count: number) {
  const members = addresses.slice(0, count).map((address) => ({ address, keys: createAgreementKeyPair() }));
  const pairKey = (me: number, other: number) =>
    agreePairKey(members[me]!.keys.secretKey, members[other]!.keys.publicKey, {
      roundId,
      epoch: 1,
      a: members[me]!.address,
      b: members[other]!.address,
      purpose: 'mask',
    });
  const pairKeys = (me: number, step: number) =>
    new Map(
      members
        .map((other, j) => [other.address, j] as const)
        .filter(([, j]) => j !== me)
        .map(([address, j]) => [address, deriveStepSeed(pairKey(me, j), step)]),
    );
  return { members, pairKey, pairKeys };
}

function histogram(length: number, seed: number): Float64Array {
  return Float64Array.from({ length }, (_, i) => quantizeToGrid(Math.sin(seed * 1000 + i) * 50));
}

describe('secure aggregation (pairwise + self masks, Shamir recovery)', () => {
  it('derives the same pair key at both ends, and a different one per purpose', () => {
    const a = createAgreementKeyPair();
    const b = createAgreementKeyPair();
    const context = { roundId, epoch: 1, a: addresses[0]!, b: addresses[1]!, purpose: 'mask' as const };
    const ab = agreePairKey(a.secretKey, b.publicKey, context);
    assert.deepEqual(ab, agreePairKey(b.secretKey, a.publicKey, { ...context, a: addresses[1]!, b: addresses[0]! }));
    assert.notDeepEqual(ab, agreePairKey(a.secretKey, b.publicKey, { ...context, purpose: 'share-channel' }));
  });

  it('sums masked vectors to the plain sum, while each masked vector looks unrelated to its histogram', () => {
    const { members, pairKeys } = setup(3);
    const plain = members.map((_, i) => histogram(4096, i + 1));
    const seeds = members.map(() => randomBytes(32));
    const masked = new Map(
      members.map((member, i) => [
        member.address,
        maskVector({
          plain: encodeFixedPoint(plain[i]!),
          step: 5,
          selfSeed: seeds[i]!,
          me: member.address,
          pairSeeds: pairKeys(i, 5),
        }),
      ]),
    );
    for (const [i, member] of members.entries()) {
      const words = masked.get(member.address)!;
      const plainWords = encodeFixedPoint(plain[i]!);
      // Every 64-bit entry differs, and the high words are spread over the whole 32-bit range.
      let same = 0;
      for (let k = 0; k < words.length; k += 2)
        if (words[k] === plainWords[k] && words[k + 1] === plainWords[k + 1]) same++;
      assert.equal(same, 0);
      let ones = 0;
      for (let k = 1; k < words.length; k += 2) ones += popcount(words[k]!);
      const share = ones / (32 * (words.length / 2));
      assert.ok(Math.abs(share - 0.5) < 0.01, `bit balance ${share}`);
    }
    const selfSeeds = new Map(members.map((member, i) => [member.address, new Uint8Array(seeds[i]!)]));
    const sum = decodeFixedPoint(unmaskSum({ masked, step: 5, selfSeeds, orphanedPairSeeds: [] }));
    const expected = plain[0]!.map((v, k) => v + plain[1]![k]! + plain[2]![k]!);
    assert.deepEqual(sum, expected);
  });

  it('recovers the sum when a node drops after the others masked, from t-of-n shares of its step seeds', () => {
    const { members, pairKey, pairKeys } = setup(4);
    const threshold = 3;
    const step = 9;
    // One step ahead, node 2 Shamir-shares its pairwise seeds of step 9 with every member.
    const dropped = 2;
    const seedShares = new Map(
      [0, 1, 3].map((peer) => [peer, splitSecret(deriveStepSeed(pairKey(dropped, peer), step), threshold, 4)]),
    );
    const plain = members.map((_, i) => histogram(512, i + 7));
    const seeds = members.map(() => randomBytes(32));
    // Node 2 then drops: it never sends its input, but the others masked with it.
    const masked = new Map<string, Uint32Array>();
    for (const [i, member] of members.entries())
      if (i !== dropped)
        masked.set(
          member.address,
          maskVector({
            plain: encodeFixedPoint(plain[i]!),
            step,
            selfSeed: seeds[i]!,
            me: member.address,
            pairSeeds: pairKeys(i, step),
          }),
        );
    // Survivors 0, 1, 3 reveal their shares of node 2's seeds with the survivors; the coordinator rebuilds them.
    const orphanedPairSeeds = [0, 1, 3].map((survivor) => ({
      survivor: members[survivor]!.address,
      dropped: members[dropped]!.address,
      seed: combineShares(
        [0, 1, 3].map((holder) => seedShares.get(survivor)![holder]!),
        32,
      ),
    }));
    assert.deepEqual(orphanedPairSeeds[0]!.seed, deriveStepSeed(pairKey(0, dropped), step));
    const selfSeeds = new Map([0, 1, 3].map((i) => [members[i]!.address, new Uint8Array(seeds[i]!)]));
    const sum = decodeFixedPoint(unmaskSum({ masked, step, selfSeeds, orphanedPairSeeds }));
    assert.deepEqual(
      sum,
      plain[0]!.map((v, k) => v + plain[1]![k]! + plain[3]![k]!),
    );
    // Another step's seed of the same pair stays unrelated.
    assert.notDeepEqual(deriveStepSeed(pairKey(0, dropped), step + 1), orphanedPairSeeds[0]!.seed);
  });

  it('seals shares so only the recipient opens them, bound to their label', () => {
    const key = randomBytes(32);
    const sealed = sealShare(key, Uint8Array.of(1, 2, 3), 'r|1|5|a|b|self');
    assert.deepEqual(openShare(key, sealed, 'r|1|5|a|b|self'), Uint8Array.of(1, 2, 3));
    assert.throws(() => openShare(key, sealed, 'r|1|6|a|b|self'), /failed authentication/);
    assert.throws(() => openShare(randomBytes(32), sealed, 'r|1|5|a|b|self'), /failed authentication/);
  });
});

function popcount(x: number): number {
  let n = x >>> 0;
  let count = 0;
  while (n) {
    n &= n - 1;
    count++;
  }
  return count;
}
