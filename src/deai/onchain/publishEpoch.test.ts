import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { erc20Abi, getAddress, type Hex, toHex } from 'viem';
import { rewardDistributorAbi } from '../../chain/contracts/generated/RewardDistributor.js';
import { buildRewardTree } from './buildRewardTree.js';
import { claimReward } from './claimReward.js';
import { createTestNetwork, type TestNetwork } from './fixtures/createTestNetwork.js';
import { publishEpoch } from './publishEpoch.js';

let t: TestNetwork;
before(async () => {
  t = await createTestNetwork();
});
after(() => t.close());

const address = (n: number) => getAddress(toHex(0xc0de00 + n, { size: 20 }));
const tokens = (whole: bigint) => whole * 10n ** 18n;

test('a published tree pays every contributor exactly its amount, once, through the sender or by itself', async () => {
  const distributor = t.contracts.rewardDistributor.address;
  const tree = buildRewardTree({
    epoch: 1n,
    budget: tokens(1_000n),
    contributions: [
      { account: address(1), score: 0.05 },
      { account: address(2), score: 0.03 },
      { account: t.testChain.accounts[7]!.address, score: 0.02 },
    ],
  });
  const published = await publishEpoch({
    sender: t.sender,
    publicClient: t.testChain.publicClient,
    distributor,
    epoch: 1n,
    root: tree.root,
    total: tree.total,
  });
  const again = await publishEpoch({
    sender: t.sender,
    publicClient: t.testChain.publicClient,
    distributor,
    epoch: 1n,
    root: tree.root,
    total: tree.total,
  });
  assert.equal(again.txHash, published.txHash, 'publishing the same epoch again sends nothing');
  const epoch = await t.testChain.publicClient.readContract({
    address: distributor,
    abi: rewardDistributorAbi,
    functionName: 'getEpoch',
    args: [1n],
  });
  assert.equal(epoch.merkleRoot, tree.root);
  assert.equal(epoch.total, tokens(1_000n));

  // The third contributor claims by itself, paying its own gas.
  const self = tree.rewards.find((reward) => reward.account === t.testChain.accounts[7]!.address)!;
  await t.testChain.walletFor(t.testChain.accounts[7]!).writeContract({
    address: distributor,
    abi: rewardDistributorAbi,
    functionName: 'claim',
    args: [1n, self.account, self.amount, self.proof],
  });

  const balances: bigint[] = [];
  for (const reward of tree.rewards) {
    const claim = () =>
      claimReward({
        sender: t.sender,
        publicClient: t.testChain.publicClient,
        distributor,
        epoch: 1n,
        account: reward.account,
        amount: reward.amount,
        proof: reward.proof,
      });
    const first = await claim();
    const second = await claim();
    if (reward === self) {
      assert.deepEqual(first, { status: 'already-claimed', txHash: null });
    } else {
      assert.equal(first.status, 'claimed');
      assert.deepEqual(second, first, 'a second claim returns the first transaction');
    }
    balances.push(
      await t.testChain.publicClient.readContract({
        address: t.contracts.rewardToken.address,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [reward.account],
      }),
    );
  }
  assert.deepEqual(
    balances,
    tree.rewards.map((reward) => reward.amount),
  );
  assert.equal(
    balances.reduce((sum, balance) => sum + balance, 0n),
    tokens(1_000n),
  );
});

test('a publication the distributor refuses is reported, not recorded as done', async () => {
  const distributor = t.contracts.rewardDistributor.address;
  await assert.rejects(
    publishEpoch({
      sender: t.sender,
      publicClient: t.testChain.publicClient,
      distributor,
      epoch: 7n,
      root: toHex(1n, { size: 32 }) as Hex,
      total: 1n,
    }),
    (error: Error & { code?: string }) =>
      error.code === 'epoch-not-published' && /RewardDistributor_EpochNotNext\(7, 2\)/.test(error.message),
  );
});

test('a claim with a wrong amount is refused and mints nothing', async () => {
  const distributor = t.contracts.rewardDistributor.address;
  const tree = buildRewardTree({ epoch: 2n, budget: 100n, contributions: [{ account: address(9), score: 1 }] });
  await publishEpoch({
    sender: t.sender,
    publicClient: t.testChain.publicClient,
    distributor,
    epoch: 2n,
    root: tree.root,
    total: tree.total,
  });
  await assert.rejects(
    claimReward({
      sender: t.sender,
      publicClient: t.testChain.publicClient,
      distributor,
      epoch: 2n,
      account: address(9),
      amount: 101n,
      proof: tree.rewards[0]!.proof,
    }),
    (error: Error & { code?: string }) =>
      error.code === 'claim-failed' && /RewardDistributor_InvalidProof/.test(error.message),
  );
  assert.equal(
    await t.testChain.publicClient.readContract({
      address: t.contracts.rewardToken.address,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [address(9)],
    }),
    0n,
  );
});
