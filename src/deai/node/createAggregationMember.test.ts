import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeFixedPoint } from '../secureAggregation/fixedPoint.js';
import { createAggregationMember } from './createAggregationMember.js';

const addresses = [1, 2, 3].map((i) => `0x${String(i).repeat(40)}`);

/** Three members through key setup, as the coordinator would route their messages. */
function setUpEpoch() {
  const members = addresses.map((me) => createAggregationMember({ roundId: 'r-1', me }));
  const advertised = members.map((member, i) => ({ address: addresses[i]!, ...member.startEpoch(1) }));
  const keyShares = members.map((member) => member.acceptKeys(1, 2, 1, advertised));
  for (const [i, member] of members.entries()) {
    const me = addresses[i]!;
    const bundles = keyShares.flatMap((shares, j) =>
      shares.pairSeedShares
        .filter((entry) => entry.to === me)
        .map((entry) => ({ from: addresses[j]!, sealed: entry.sealed })),
    );
    const groupKey = keyShares[0]!.groupKey?.find((entry) => entry.to === me);
    member.acceptShares(1, 1, bundles, groupKey ? { from: addresses[0]!, sealed: groupKey.sealed } : null);
  }
  return members;
}

describe('an aggregation member', () => {
  it('shares one group key among the members', () => {
    const members = setUpEpoch();
    const keys = members.map((member) => Buffer.from(member.groupKey()!).toString('hex'));
    assert.equal(new Set(keys).size, 1);
  });

  it('reveals self-mask shares of survivors and seed shares of the dropped, once per step, never for fewer than two', () => {
    const members = setUpEpoch();
    const request = { epoch: 1, step: 1, active: addresses, holders: addresses };
    const inputs = members
      .slice(0, 2)
      .map((member) => member.mask(request, encodeFixedPoint(Float64Array.of(1, 2, 3))));
    const sealedTo = (field: 'selfMaskShares' | 'nextPairSeedShares') =>
      inputs.flatMap((input, j) => input[field].map((entry) => ({ from: addresses[j]!, ...entry })));
    const unmask = {
      epoch: 1,
      step: 1,
      survivors: addresses.slice(0, 2),
      dropped: [addresses[2]!],
      selfMaskShares: sealedTo('selfMaskShares'),
      nextPairSeedShares: sealedTo('nextPairSeedShares'),
    };
    const answer = members[0]!.unmask(unmask);
    assert.deepEqual(answer.selfMaskShares.map((entry) => entry.of).sort(), addresses.slice(0, 2).sort());
    // Shares of the dropped member's seeds with each survivor, and of nothing else.
    assert.deepEqual(
      answer.pairSeedShares.map((entry) => [entry.of, entry.peer]),
      [
        [addresses[2], addresses[0]],
        [addresses[2], addresses[1]],
      ],
    );
    assert.throws(() => members[0]!.unmask(unmask), /already answered/);
    // A node that sent its input refuses to be called dropped; nobody unmasks a single input.
    assert.throws(
      () => members[1]!.unmask({ ...unmask, survivors: [addresses[0]!, addresses[2]!], dropped: [addresses[1]!] }),
      /listed as dropped/,
    );
    assert.throws(() => members[2]!.unmask({ ...unmask, survivors: [addresses[0]!], dropped: [] }), /fewer than two/);
  });
});
