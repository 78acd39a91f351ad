import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInProcessRound } from '../federated/runInProcessRound.js';
import { fraudParties } from '../fixtures/fraudParties.js';
import { createTrainingParty } from '../node/createTrainingParty.js';
import type { AggregationTask } from '../protocol/coordinatorMessages.js';
import { decodeVector } from '../protocol/vectorCodec.js';
import { expandMask } from '../secureAggregation/expandMask.js';
import { decodeFixedPoint, encodeFixedPoint, subtractWords } from '../secureAggregation/fixedPoint.js';
import { combineShares, parseShare } from '../secureAggregation/shamir.js';

type Envelope = { kind: string; from: string; payload: Record<string, unknown> };

/** Reads a masked vector's words as signed 64-bit integers (as doubles) to correlate with the plain values. */
function asSigned(words: Uint32Array): Float64Array {
  return Float64Array.from({ length: words.length / 2 }, (_, i) => (words[2 * i + 1]! | 0) * 2 ** 32 + words[2 * i]!);
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += (a[i] as number) / n;
    mb += (b[i] as number) / n;
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

describe('what the coordinator sees (secure aggregation, 3 parties)', () => {
  it('receives masked vectors unrelated to each party’s histogram, from which only the sum can be unmasked', async () => {
    const { parties, validation } = fraudParties({ stride: 5, parties: 3 });
    // Shadows of the parties replay every coordinator message, to know each party's plain vector per step.
    const shadows = new Map<string, ReturnType<typeof createTrainingParty>>();
    const plain = new Map<string, Map<number, Float64Array>>();
    const masked = new Map<string, Map<number, Uint32Array>>();
    const shareX = new Map<string, number>();
    const revealed = new Map<number, { of: string; share: string }[]>();
    let addresses: string[] = [];
    await runInProcessRound({
      parties: parties.map((dataset) => ({ dataset })),
      validation,
      settings: { params: { trees: 3, maxDepth: 3, colsampleByTree: 0.5 }, contribution: { enabled: false } as never },
      prepare: (network, nodes) => {
        addresses = nodes.map((node) => node.address.toLowerCase());
        for (const [i, address] of addresses.entries()) {
          shadows.set(address, createTrainingParty(parties[i]!));
          plain.set(address, new Map());
          masked.set(address, new Map());
        }
        network.watch(({ direction, address, raw }) => {
          const envelope = JSON.parse(raw) as Envelope;
          const { payload } = envelope;
          if (direction === 'to-node') {
            const shadow = shadows.get(address)!;
            if (envelope.kind === 'epochKeys')
              for (const [i, text] of (payload.advertisements as string[]).entries())
                shareX.set((JSON.parse(text) as Envelope).from.toLowerCase(), i + 1);
            if (envelope.kind === 'features')
              shadow.setFeatures(payload.featuresId as string, payload.encoding as never, payload.binEdges as never);
            if (envelope.kind === 'jobStart') shadow.startJobs(payload as never, address);
            if (envelope.kind === 'treeUpdate') shadow.applyTrees(payload as never);
            if (envelope.kind === 'aggregate')
              plain
                .get(address)!
                .set(payload.step as number, shadow.contribution(payload.task as AggregationTask, address));
            return;
          }
          if (['countShare', 'binSketch', 'histogramShare'].includes(envelope.kind)) {
            const step = payload.step as number;
            const entries = plain.get(address)!.get(step)!.length;
            masked.get(address)!.set(step, decodeVector(payload.vector as string, entries));
          }
          if (envelope.kind === 'unmaskResponse') {
            const list = revealed.get(payload.step as number) ?? [];
            list.push(...(payload.selfMaskShares as { of: string; share: string }[]));
            revealed.set(payload.step as number, list);
          }
        });
      },
    });

    let checkedSteps = 0;
    for (const step of masked.get(addresses[0]!)!.keys()) {
      const vectors = addresses.map((address) => masked.get(address)!.get(step)!);
      const plains = addresses.map((address) => plain.get(address)!.get(step)!);
      if (plains[0]!.length < 2000) continue;
      checkedSteps++;
      for (const [i, words] of vectors.entries()) {
        const expected = encodeFixedPoint(plains[i]!);
        let equal = 0;
        let ones = 0;
        for (let k = 0; k < words.length; k += 2) {
          if (words[k] === expected[k] && words[k + 1] === expected[k + 1]) equal++;
          let high = words[k + 1]!;
          for (; high; high &= high - 1) ones++;
        }
        assert.equal(equal, 0, `step ${step}: a masked entry equals the plain one`);
        assert.ok(Math.abs(ones / (16 * words.length) - 0.5) < 0.02, 'masked words are not uniformly random');
        assert.ok(
          Math.abs(correlation(asSigned(words), plains[i]!)) < 0.05,
          'masked vector correlates with the histogram',
        );
        // Even with the self-mask the coordinator legitimately rebuilds, a party's vector stays pairwise-masked.
        const shares = revealed
          .get(step)!
          .filter((entry) => entry.of === addresses[i])
          .map((entry) => parseShare(entry.share));
        const selfSeed = combineShares(shares.slice(0, 2), 32);
        const withoutSelf = subtractWords(words.slice(), expandMask(selfSeed, step, words.length));
        let stillEqual = 0;
        for (let k = 0; k < words.length; k += 2)
          if (withoutSelf[k] === expected[k] && withoutSelf[k + 1] === expected[k + 1]) stillEqual++;
        assert.equal(stillEqual, 0);
      }
      // Everything the coordinator received for the step unmasks to exactly the sum of the plain vectors.
      const total = new Uint32Array(vectors[0]!.length);
      for (const [i, words] of vectors.entries()) {
        const shares = revealed
          .get(step)!
          .filter((entry) => entry.of === addresses[i])
          .map((entry) => parseShare(entry.share));
        assert.ok(shares.every((share) => shareX.has(addresses[i]!) && share.x >= 1));
        const selfSeed = combineShares(shares.slice(0, 2), 32);
        const unmasked = subtractWords(words.slice(), expandMask(selfSeed, step, words.length));
        for (let k = 0; k < total.length; k += 2) {
          const low = total[k]! + unmasked[k]!;
          total[k + 1] = total[k + 1]! + unmasked[k + 1]! + (low >= 2 ** 32 ? 1 : 0);
          total[k] = low;
        }
      }
      const sum = plains[0]!.map((value, k) => value + plains[1]![k]! + plains[2]![k]!);
      assert.deepEqual(decodeFixedPoint(total), sum);
    }
    assert.ok(checkedSteps >= 4, `only ${checkedSteps} large steps checked`);
  });
});
