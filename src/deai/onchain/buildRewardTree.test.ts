import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { getAddress, toHex } from 'viem';
import { createSeededRandom } from '../../chain/contracts/createSeededRandom.js';
import { buildRewardTree, type RewardLeaf, rewardLeafEncoding } from './buildRewardTree.js';

const address = (n: number) => getAddress(toHex(n, { size: 20 }));
const tokens = (whole: bigint) => whole * 10n ** 18n;

describe('buildRewardTree', () => {
  test('splits the budget in proportion to the scores, exactly, and every proof verifies against the root', () => {
    const tree = buildRewardTree({
      epoch: 3n,
      budget: tokens(1_000n),
      contributions: [
        { account: address(1), score: 0.03 },
        { account: address(2), score: 0.01 },
        { account: address(3), score: 0.06 },
      ],
    });
    assert.deepEqual(
      tree.rewards.map((reward) => [reward.account, reward.amount]),
      [
        [address(1), tokens(300n)],
        [address(2), tokens(100n)],
        [address(3), tokens(600n)],
      ],
    );
    assert.equal(tree.total, tokens(1_000n));
    for (const reward of tree.rewards)
      assert.ok(
        StandardMerkleTree.verify(tree.root, rewardLeafEncoding, [3n, reward.account, reward.amount], reward.proof),
      );
    // The stored dump reloads to the same root (the API serves proofs from it).
    const reloaded = StandardMerkleTree.load<RewardLeaf>(JSON.parse(JSON.stringify(tree.dump)));
    assert.equal(reloaded.root, tree.root);
  });

  test('flagged contributors and scores at or below zero earn nothing and get no leaf', () => {
    const tree = buildRewardTree({
      epoch: 1n,
      budget: 1_000n,
      contributions: [
        { account: address(1), score: 0.05 },
        { account: address(2), score: 0.2, flagged: true },
        { account: address(3), score: 0 },
        { account: address(4), score: -0.01 },
      ],
    });
    assert.deepEqual(
      tree.rewards.map((reward) => [reward.account, reward.amount]),
      [[address(1), 1_000n]],
    );
  });

  test('leftover units go to the largest remainders, ties to the lower address, so the sum is the budget', () => {
    const tree = buildRewardTree({
      epoch: 1n,
      budget: 10n,
      contributions: [1, 2, 3].map((n) => ({ account: address(n), score: 1 })),
    });
    assert.deepEqual(
      tree.rewards.map((reward) => reward.amount),
      [4n, 3n, 3n],
    );
  });

  test('the same account twice counts once, with the sum of its scores; addresses in any case are one account', () => {
    const tree = buildRewardTree({
      epoch: 1n,
      budget: 900n,
      contributions: [
        { account: address(1).toLowerCase(), score: 1 },
        { account: address(1), score: 1 },
        { account: address(2), score: 1 },
      ],
    });
    assert.deepEqual(
      tree.rewards.map((reward) => [reward.account, reward.amount]),
      [
        [address(1), 600n],
        [address(2), 300n],
      ],
    );
  });

  test('compute contributors share computeShare of the budget when data contributors earned too, else all of it', () => {
    const contributions = [
      { account: address(1), score: 0.6, kind: 'data' as const },
      { account: address(2), score: 0.4, kind: 'data' as const },
      { account: address(3), score: 2, kind: 'compute' as const },
      { account: address(4), score: 1, kind: 'compute' as const, flagged: true },
    ];
    const amounts = (tree: ReturnType<typeof buildRewardTree>) =>
      tree.rewards.map((reward) => [reward.account, reward.amount]);
    assert.deepEqual(amounts(buildRewardTree({ epoch: 1n, budget: tokens(1_000n), contributions })), [
      [address(1), tokens(540n)],
      [address(2), tokens(360n)],
      [address(3), tokens(100n)],
    ]);
    assert.deepEqual(
      amounts(buildRewardTree({ epoch: 1n, budget: tokens(1_000n), contributions, computeShare: 0.25 })).at(-1),
      [address(3), tokens(250n)],
    );
    assert.deepEqual(amounts(buildRewardTree({ epoch: 1n, budget: 7n, contributions: contributions.slice(2) })), [
      [address(3), 7n],
    ]);
    assert.throws(() => buildRewardTree({ epoch: 1n, budget: 7n, contributions, computeShare: 1.5 }), {
      field: 'computeShare',
    });
  });

  test('bad input is refused, naming the field', () => {
    const build =
      (contributions: { account: string; score: number }[], budget = 1n, epoch = 1n) =>
      () =>
        buildRewardTree({ epoch, budget, contributions });
    assert.throws(build([{ account: 'nobody', score: 1 }]), { field: 'contributions.0.account' });
    assert.throws(build([{ account: address(1), score: Number.NaN }]), { field: 'contributions.0.score' });
    assert.throws(build([{ account: address(1), score: Number.POSITIVE_INFINITY }]), {
      field: 'contributions.0.score',
    });
    assert.throws(build([{ account: address(1), score: 0 }]), /no contributor has a positive score/);
    assert.throws(build([]), /no contributor has a positive score/);
    assert.throws(build([{ account: address(1), score: 1 }], 0n), { field: 'budget' });
    assert.throws(build([{ account: address(1), score: 1 }], 1n, 0n), { field: 'epoch' });
  });

  test('fuzz: for random scores the amounts add up to the budget and each is within one unit of its exact share', () => {
    const seed = Number(process.env.FUZZ_SEED ?? 5);
    const random = createSeededRandom(seed);
    for (let run = 0; run < 200; run++) {
      const count = 1 + random.int(30);
      const contributions = Array.from({ length: count }, (_, i) => ({
        account: address(i + 1),
        score: random.pick([
          () => 0,
          () => random.int(1_000_000) / 1e9,
          () => random.int(1000),
          () => 1e-12 * (1 + random.int(9)),
        ])(),
      }));
      if (!contributions.some((c) => c.score > 0)) contributions[0]!.score = 1;
      const budget = 1n + random.bigint(10n ** 27n);
      const tree = buildRewardTree({ epoch: BigInt(1 + run), budget, contributions });
      assert.equal(tree.total, budget, `seed ${seed}, run ${run}`);
      const sum = contributions.reduce((total, c) => total + c.score, 0);
      for (const reward of tree.rewards) {
        const exact = (Number(budget) * contributions.find((c) => c.account === reward.account)!.score) / sum;
        assert.ok(
          Math.abs(Number(reward.amount) - exact) <= Math.max(1, exact * 1e-9),
          `seed ${seed}, run ${run}: ${reward.amount} vs ${exact}`,
        );
      }
    }
  });
});
