import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Address, parseEventLogs } from 'viem';
import { createTestChain, type TestChain } from '../embedded/createTestChain.js';
import { expectRevert } from '../embedded/expectRevert.js';
import { createSeededRandom } from './createSeededRandom.js';
import { priceFeedAbi, priceFeedBytecode } from './generated/PriceFeed.js';

const int192Max = 2n ** 191n - 1n;
const ethUsd = 3_000_00000000n;

let testChain: TestChain;
let oracle: Address;

before(async () => {
  testChain = await createTestChain();
  oracle = testChain.accounts[0]!.address;
});
after(() => testChain.close());

const deployFeed = (initialAnswer = ethUsd, admin: Address = oracle) =>
  testChain.deploy({ abi: priceFeedAbi, bytecode: priceFeedBytecode, args: [8, 'ETH / USD', initialAnswer, admin] });

const read = <const name extends 'latestRoundData' | 'latestRound' | 'decimals' | 'description' | 'version'>(
  address: Address,
  functionName: name,
) => testChain.publicClient.readContract({ address, abi: priceFeedAbi, functionName });

describe('constructor', () => {
  test('test_RevertWhen_AdminZeroAddress', async () => {
    await expectRevert(
      deployFeed(ethUsd, '0x0000000000000000000000000000000000000000'),
      priceFeedAbi,
      'PriceFeed_AdminZeroAddress',
    );
  });

  test('test_RevertWhen_InitialAnswerNotPositive', async () => {
    await expectRevert(deployFeed(0n), priceFeedAbi, 'PriceFeed_AnswerOutOfRange', [0n]);
  });

  test('test_WhenArgumentsValid: records round 1 and describes the feed as Chainlink does', async () => {
    const feed = await deployFeed();
    assert.equal(await read(feed, 'decimals'), 8);
    assert.equal(await read(feed, 'description'), 'ETH / USD');
    assert.equal(await read(feed, 'version'), 1n);
    assert.equal(await read(feed, 'latestRound'), 1n);
    const [roundId, answer, startedAt, updatedAt, answeredInRound] = await read(feed, 'latestRoundData');
    const block = await testChain.publicClient.getBlock();
    assert.deepEqual([roundId, answer, answeredInRound], [1n, ethUsd, 1n]);
    assert.equal(updatedAt, block.timestamp);
    assert.equal(startedAt, block.timestamp);
  });
});

describe('updateAnswer', () => {
  test('test_RevertWhen_CallerNotOracle', async () => {
    const feed = await deployFeed();
    const stranger = testChain.accounts[1]!;
    await expectRevert(
      testChain.walletFor(stranger).writeContract({
        address: feed,
        abi: priceFeedAbi,
        functionName: 'updateAnswer',
        args: [ethUsd],
      }),
      priceFeedAbi,
      'AccessControlUnauthorizedAccount',
      [
        stranger.address,
        await testChain.publicClient.readContract({ address: feed, abi: priceFeedAbi, functionName: 'ORACLE_ROLE' }),
      ],
    );
  });

  for (const [title, answer] of [
    ['test_RevertWhen_AnswerZero', 0n],
    ['test_RevertWhen_AnswerNegative', -1n],
    ['test_RevertWhen_AnswerAboveInt192Max', int192Max + 1n],
  ] as const)
    test(title, async () => {
      const feed = await deployFeed();
      await expectRevert(
        testChain.walletClient.writeContract({
          address: feed,
          abi: priceFeedAbi,
          functionName: 'updateAnswer',
          args: [answer],
        }),
        priceFeedAbi,
        'PriceFeed_AnswerOutOfRange',
        [answer],
      );
      assert.equal(await read(feed, 'latestRound'), 1n, 'a refused answer opens no round');
    });

  test('test_WhenCallerOracle: opens the next round at the block time and emits NewRound and AnswerUpdated', async () => {
    const feed = await deployFeed();
    const hash = await testChain.walletClient.writeContract({
      address: feed,
      abi: priceFeedAbi,
      functionName: 'updateAnswer',
      args: [3_100_12345678n],
    });
    const receipt = await testChain.publicClient.waitForTransactionReceipt({ hash });
    const block = await testChain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    const events = parseEventLogs({ abi: priceFeedAbi, logs: receipt.logs });
    assert.deepEqual(
      events.map((event) => [event.eventName, event.args]),
      [
        ['NewRound', { roundId: 2n, startedBy: oracle, startedAt: block.timestamp }],
        ['AnswerUpdated', { current: 3_100_12345678n, roundId: 2n, updatedAt: block.timestamp }],
      ],
    );
    const round = await testChain.publicClient.readContract({
      address: feed,
      abi: priceFeedAbi,
      functionName: 'getRoundData',
      args: [2n],
    });
    assert.deepEqual(round, [2n, 3_100_12345678n, block.timestamp, block.timestamp, 2n]);
    assert.deepEqual(await read(feed, 'latestRoundData'), round);
  });
});

describe('getRoundData', () => {
  test('test_RevertWhen_RoundZero', async () => {
    const feed = await deployFeed();
    await expectRevert(
      testChain.publicClient.readContract({
        address: feed,
        abi: priceFeedAbi,
        functionName: 'getRoundData',
        args: [0n],
      }),
      priceFeedAbi,
      'PriceFeed_RoundNotFound',
      [0n],
    );
  });

  test('test_RevertWhen_RoundAfterLatest', async () => {
    const feed = await deployFeed();
    await expectRevert(
      testChain.publicClient.readContract({
        address: feed,
        abi: priceFeedAbi,
        functionName: 'getRoundData',
        args: [2n],
      }),
      priceFeedAbi,
      'PriceFeed_RoundNotFound',
      [2n],
    );
  });
});

describe('fuzz', () => {
  test('testFuzz_UpdateAnswer: every accepted answer stays readable in its round; out-of-range answers and unknown rounds revert', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20_251_119);
    const random = createSeededRandom(seed);
    const feed = await deployFeed(1n);
    const answers = [1n];
    for (let run = 0; run < 60; run++) {
      const answer = random.pick([
        () => 1n,
        () => int192Max,
        () => random.bigint(int192Max) + 1n,
        () => random.bigint(10n ** 14n) + 1n,
        () => -random.bigint(2n ** 255n),
        () => int192Max + 1n + random.bigint(2n ** 254n),
      ])();
      const write = testChain.walletClient.writeContract({
        address: feed,
        abi: priceFeedAbi,
        functionName: 'updateAnswer',
        args: [answer],
      });
      if (answer > 0n && answer <= int192Max) {
        await write;
        answers.push(answer);
      } else await expectRevert(write, priceFeedAbi, 'PriceFeed_AnswerOutOfRange', [answer]);
    }
    assert.equal(await read(feed, 'latestRound'), BigInt(answers.length), `seed ${seed}`);
    for (let round = 1; round <= answers.length; round++) {
      const [roundId, answer] = await testChain.publicClient.readContract({
        address: feed,
        abi: priceFeedAbi,
        functionName: 'getRoundData',
        args: [BigInt(round)],
      });
      assert.deepEqual([roundId, answer], [BigInt(round), answers[round - 1]], `seed ${seed}, round ${round}`);
    }
    for (let run = 0; run < 20; run++) {
      const unknownRound = BigInt(answers.length) + 1n + random.bigint(2n ** 80n - BigInt(answers.length) - 1n);
      await expectRevert(
        testChain.publicClient.readContract({
          address: feed,
          abi: priceFeedAbi,
          functionName: 'getRoundData',
          args: [unknownRound],
        }),
        priceFeedAbi,
        'PriceFeed_RoundNotFound',
        [unknownRound],
      );
    }
  });
});
