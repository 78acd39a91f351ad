import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Hex, hashMessage, recoverAddress } from 'viem';
import { rewardDistributorAbi } from '../../chain/contracts/generated/RewardDistributor.js';
import { dataCommitmentText } from '../protocol/nodeMessages.js';
import { createTestNetwork, type TestNetwork } from './fixtures/createTestNetwork.js';
import { exampleRoundReport } from './fixtures/exampleRoundReport.js';

let t: TestNetwork;
before(async () => {
  t = await createTestNetwork();
});
after(() => t.close());

const tokens = (whole: bigint) => whole * 10n ** 18n;

function modelFile(name: string) {
  const text = JSON.stringify({ format: 'stand-in model', name });
  const path = join(t.dataDir, `${name}.json`);
  writeFileSync(path, text);
  return { file: path, sha256: createHash('sha256').update(text).digest('hex') };
}

describe('a round from report to claimed tokens', () => {
  test('records the round, rewards by contribution, registers the model with its provenance, and pays claims once', async () => {
    const [, , , alice, bob, flipped, sybil, cruncher] = t.testChain.accounts;
    const model = modelFile('round-1');
    const report = await exampleRoundReport({
      roundId: 'r-1',
      model,
      parties: [
        { account: alice!, role: 'data', value: 0.024, share: 0.6 },
        { account: bob!, role: 'data', value: 0.016, share: 0.4 },
        { account: flipped!, role: 'data', value: -0.03, share: 0, status: 'flagged', reason: 'labels look flipped' },
        { account: sybil!, role: 'data', value: 0, share: 0, status: 'flagged', reason: 'duplicate', trained: false },
        { account: cruncher!, role: 'compute', value: 12, share: 1 },
      ],
    });
    await t.network.recordRound(report);
    await t.network.recordRound(report);

    const round = await t.network.round('r-1');
    assert.equal(round.status, 'completed');
    assert.equal(round.parties, 5);
    assert.deepEqual(round.privacy, { epsilon: 4, delta: 1e-5 });
    assert.equal(round.trainingCurve?.length, 2);
    assert.equal(round.contributions.length, 5);
    const aliceContribution = round.contributions.find((c) => c.contributor === alice!.address)!;
    // The commitment is the digest alice signed: anyone can check it on chain with ecrecover.
    const { sha256, rows, signature } = report.parties[0]!.dataCommitment!;
    assert.equal(aliceContribution.dataCommitment, hashMessage(dataCommitmentText('r-1', sha256, rows)));
    assert.equal(
      await recoverAddress({ hash: aliceContribution.dataCommitment!, signature: signature as Hex }),
      alice!.address,
    );

    const published = await t.network.publishRound({ roundId: 'r-1', budget: tokens(1_000n) });
    assert.equal(published.epoch?.epoch, 1);
    assert.deepEqual(
      published.rewards.map((reward) => [reward.account, reward.kind, reward.amount]),
      [
        [alice!.address, 'data', tokens(540n)],
        [bob!.address, 'data', tokens(360n)],
        [cruncher!.address, 'compute', tokens(100n)],
      ].sort((a, b) => (BigInt(a[0] as string) < BigInt(b[0] as string) ? -1 : 1)),
    );
    assert.equal(published.modelVersion.version, 1);
    assert.equal(published.modelVersion.status, 'registered');

    // Publishing again sends nothing new.
    const again = await t.network.publishRound({ roundId: 'r-1', budget: tokens(1_000n) });
    assert.equal(again.epoch?.txHash, published.epoch?.txHash);
    assert.equal(again.modelVersion.version, 1);

    const version = await t.network.modelVersion(1);
    assert.equal(version.modelSha256, model.sha256);
    assert.equal(version.roundId, 'r-1');
    assert.equal(version.rewardEpoch, 1);
    assert.equal(version.rewardRoot, published.epoch?.root);
    assert.deepEqual(version.privacy?.epsilon, 4);
    assert.deepEqual(
      version.dataCommitments.map((c) => c.party),
      [alice!.address, bob!.address, flipped!.address].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)),
      'the parties whose rows trained the model; the duplicate left out of training is not among them',
    );
    assert.equal((await t.network.modelVersions()).length, 1);
    assert.equal((await t.network.verify({ sha256: model.sha256 })).version, 1);

    const rounds = await t.network.rounds();
    assert.deepEqual([rounds[0]?.rewardEpoch, rounds[0]?.modelVersion], [1, 1]);

    // Bob claims by himself; Tandem claims the rest for them.
    const bobReward = (await t.network.rewards({ account: bob!.address }))[0]!;
    assert.equal(bobReward.status, 'claimable');
    await t.testChain.walletFor(bob!).writeContract({
      address: t.contracts.rewardDistributor.address,
      abi: rewardDistributorAbi,
      functionName: 'claim',
      args: [1n, bob!.address, bobReward.amount, bobReward.proof],
    });
    assert.equal((await t.network.rewards({ account: bob!.address }))[0]!.status, 'claimed');
    const aliceClaim = await t.network.claim({ epoch: 1, account: alice!.address });
    assert.equal(aliceClaim.status, 'claimed');
    assert.deepEqual(await t.network.claim({ epoch: 1, account: alice!.address }), {
      ...aliceClaim,
      claimedAt: aliceClaim.claimedAt,
    });
    const rest = await t.network.claimAll({ epoch: 1 });
    assert.deepEqual(
      rest.map((claim) => claim.account),
      [cruncher!.address],
    );
    assert.equal(await t.network.tokenBalance(alice!.address), tokens(540n));
    assert.equal(await t.network.tokenBalance(bob!.address), tokens(360n));
    assert.equal(await t.network.tokenBalance(cruncher!.address), tokens(100n));
    assert.equal(await t.network.tokenBalance(flipped!.address), 0n);

    const contributors = await t.network.contributors();
    const byAddress = new Map(contributors.map((c) => [c.address, c]));
    assert.equal(byAddress.get(flipped!.address)?.flagged, true);
    assert.equal(byAddress.get(flipped!.address)?.flaggedReason, 'labels look flipped');
    assert.equal(byAddress.get(alice!.address)?.rewarded, tokens(540n));
    assert.equal(byAddress.get(alice!.address)?.claimed, tokens(540n));
    assert.equal(byAddress.get(cruncher!.address)?.kind, 'compute');

    await assert.rejects(t.network.claim({ epoch: 1, account: flipped!.address }), /has no reward in epoch 1/);
    await assert.rejects(t.network.claim({ epoch: 1, account: 'not-an-address' }), { field: 'account' });
  });

  test('a report that changes a rewarded round is refused; a failed round is recorded but never published', async () => {
    const report = await exampleRoundReport({
      roundId: 'r-1',
      model: modelFile('other'),
      parties: [{ account: t.testChain.accounts[3]!, role: 'data', value: 0.01, share: 1 }],
    });
    await assert.rejects(t.network.recordRound(report), /was rewarded in epoch 1/);

    await t.network.recordRound({
      ...report,
      roundId: 'r-failed',
      status: 'failed',
      model: null,
      error: 'too few parties',
    });
    await assert.rejects(t.network.publishRound({ roundId: 'r-failed' }), /only a completed round/);
    await assert.rejects(t.network.publishRound({ roundId: 'r-missing' }), /No round r-missing/);
    await assert.rejects(t.network.recordRound({ ...report, roundId: 'R 2' }), /lowercase letters/);
  });

  test('after a crash between preparing the epoch and publishing it, publishing again sends the prepared tree', async () => {
    const model = modelFile('round-3');
    await t.network.recordRound(
      await exampleRoundReport({
        roundId: 'r-3',
        model,
        parties: [{ account: t.testChain.accounts[4]!, role: 'data', value: 0.02, share: 1 }],
        privacy: null,
      }),
    );
    // "Crash": the sender refuses to deliver, after the epoch was prepared and stored.
    const send = t.sender.send;
    t.sender.send = async () => {
      throw new Error('process died');
    };
    await assert.rejects(t.network.publishRound({ roundId: 'r-3', budget: 500n }), /process died/);
    t.sender.send = send;
    const prepared = await t.database.db
      .selectFrom('network_reward_epochs')
      .selectAll()
      .where('round_id', '=', 'r-3')
      .executeTakeFirstOrThrow();
    assert.equal(prepared.status, 'prepared');
    // Another round waits for the prepared epoch: epochs are published in order.
    await t.network.recordRound(
      await exampleRoundReport({
        roundId: 'r-3b',
        model: modelFile('round-3b'),
        parties: [{ account: t.testChain.accounts[5]!, role: 'data', value: 0.02, share: 1 }],
      }),
    );
    await assert.rejects(
      t.network.publishRound({ roundId: 'r-3b' }),
      /epoch \d+ of round r-3 is prepared but not published/,
    );
    const published = await t.network.publishRound({ roundId: 'r-3', budget: 999n });
    assert.equal(published.epoch?.epoch, prepared.epoch);
    assert.equal(published.epoch?.root, prepared.merkle_root);
    assert.equal(published.epoch?.total, 500n, 'the prepared tree, not a new one with the new budget');
    const version = await t.network.modelVersion(published.modelVersion.version);
    assert.equal(version.privacy, null);
    assert.equal((await t.network.publishRound({ roundId: 'r-3b' })).epoch?.epoch, prepared.epoch + 1);
  });

  test('a model file that does not hash to the round’s model is refused before anything is sent', async () => {
    const model = modelFile('round-4');
    await t.network.recordRound(
      await exampleRoundReport({
        roundId: 'r-4',
        model: { ...model, sha256: 'f'.repeat(64) },
        parties: [{ account: t.testChain.accounts[4]!, role: 'data', value: 0.02, share: 1 }],
      }),
    );
    await assert.rejects(
      t.network.publishRound({ roundId: 'r-4' }),
      (error: Error & { code?: string }) => error.code === 'model-hash-mismatch',
    );
    const epochs = await t.database.db
      .selectFrom('network_reward_epochs')
      .select('epoch')
      .where('round_id', '=', 'r-4')
      .execute();
    assert.deepEqual(epochs, []);
  });
});
