import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type Address,
  concat,
  encodeFunctionData,
  getAddress,
  type Hex,
  keccak256,
  parseEventLogs,
  toHex,
  zeroAddress,
} from 'viem';
import { createTestChain, type TestChain } from '../embedded/createTestChain.js';
import { createSeededRandom } from './createSeededRandom.js';
import { sanctionsOracleAbi as abi, sanctionsOracleBytecode as bytecode } from './generated/SanctionsOracle.js';

// The batch screening path of SanctionsOracle (the Bloom filter and `firstSanctioned`); SanctionsOracle.test.ts
// covers the list itself.
let testChain: TestChain;
let admin: Address;

before(async () => {
  testChain = await createTestChain();
  admin = testChain.accounts[0]!.address;
});
after(() => testChain.close());

const deployOracle = () => testChain.deploy({ abi, bytecode, args: [admin] });
let seed = 0;
const randomAddress = () => getAddress(keccak256(toHex(`oracle-batch-${seed++}`)).slice(0, 42));
const firstSanctioned = (oracle: Address, addrs: Address[]) =>
  testChain.publicClient.readContract({ address: oracle, abi, functionName: 'firstSanctioned', args: [addrs] });
const change = async (
  oracle: Address,
  functionName: 'addToSanctionsList' | 'removeFromSanctionsList',
  list: Address[],
) => {
  const hash = await testChain.walletClient.writeContract({ address: oracle, abi, functionName, args: [list] });
  return testChain.publicClient.waitForTransactionReceipt({ hash });
};
const filterOf = (oracle: Address) =>
  testChain.publicClient.readContract({ address: oracle, abi, functionName: 'sanctionsFilter' });

describe('firstSanctioned', () => {
  test('test_WhenNothingEverListed: clears every address without a filter', async () => {
    const oracle = await deployOracle();
    assert.equal(await filterOf(oracle), zeroAddress);
    assert.deepEqual(await firstSanctioned(oracle, [randomAddress(), randomAddress()]), [false, 0n]);
    assert.deepEqual(await firstSanctioned(oracle, []), [false, 0n]);
  });

  test('test_WhenAddressesListed: names the first listed address of the batch, wherever it is', async () => {
    const oracle = await deployOracle();
    const listed = [randomAddress(), randomAddress()];
    await change(oracle, 'addToSanctionsList', listed);
    const clean = Array.from({ length: 50 }, () => randomAddress());
    assert.deepEqual(await firstSanctioned(oracle, clean), [false, 0n]);
    assert.deepEqual(await firstSanctioned(oracle, [...clean, listed[1]!]), [true, 50n]);
    assert.deepEqual(await firstSanctioned(oracle, [listed[1]!, ...clean, listed[0]!]), [true, 0n]);
    assert.deepEqual(await firstSanctioned(oracle, [...clean.slice(0, 7), listed[0]!, listed[1]!]), [true, 7n]);
  });

  test('test_WhenAddressRemoved: its leftover filter bits do not make it sanctioned', async () => {
    const oracle = await deployOracle();
    const [gone, kept] = [randomAddress(), randomAddress()];
    await change(oracle, 'addToSanctionsList', [gone, kept]);
    const filterBefore = await filterOf(oracle);
    const receipt = await change(oracle, 'removeFromSanctionsList', [gone]);
    // Removal rewrites nothing: the filter still "may hold" `gone`, and the exact list answers no.
    assert.equal(await filterOf(oracle), filterBefore);
    assert.equal(parseEventLogs({ abi, logs: receipt.logs, eventName: 'SanctionsFilterUpdated' }).length, 0);
    assert.deepEqual(await firstSanctioned(oracle, [gone]), [false, 0n]);
    assert.deepEqual(await firstSanctioned(oracle, [gone, kept]), [true, 1n]);
  });

  test('test_WhenAdditionChangesNothing: the filter is not rewritten', async () => {
    const oracle = await deployOracle();
    const listed = randomAddress();
    const first = await change(oracle, 'addToSanctionsList', [listed]);
    const [updated] = parseEventLogs({ abi, logs: first.logs, eventName: 'SanctionsFilterUpdated' });
    assert.equal(updated?.args.filter, await filterOf(oracle));
    const again = await change(oracle, 'addToSanctionsList', [listed]);
    assert.equal(parseEventLogs({ abi, logs: again.logs, eventName: 'SanctionsFilterUpdated' }).length, 0);
    // The data contract holds a STOP byte and then the filter: calling it does nothing.
    const code = await testChain.publicClient.getCode({ address: updated!.args.filter });
    assert.equal(code?.length, 2 + 2 * 4097);
    assert.equal(code?.slice(0, 4), '0x00');
  });

  test('test_RevertWhen_AddressNotClean: an element with high bits set is refused, as the ABI decoder would', async () => {
    const oracle = await deployOracle();
    await change(oracle, 'addToSanctionsList', [randomAddress()]);
    const data = encodeFunctionData({ abi, functionName: 'firstSanctioned', args: [[randomAddress()]] });
    // Set a bit above the 160 of the single element (the last word of the calldata).
    const dirty = concat([data.slice(0, -64) as Hex, `0x01${data.slice(-62)}`]);
    await assert.rejects(testChain.publicClient.call({ to: oracle, data: dirty }));
    assert.ok(await testChain.publicClient.call({ to: oracle, data }));
  });
});

describe('fuzz', () => {
  test('testFuzz_FirstSanctioned: answers as isSanctioned does, address by address, through adds and removes', async () => {
    const fuzzSeed = Number(process.env.FUZZ_SEED ?? 4_096);
    const random = createSeededRandom(fuzzSeed);
    const oracle = await deployOracle();
    // ~600 addresses over time: more than the OFAC list's EVM addresses, so the filter is busier than in production.
    const universe = Array.from({ length: 600 }, () => randomAddress());
    const model = new Set<Address>();
    for (let round = 0; round < 8; round++) {
      const batch = Array.from({ length: 1 + random.int(120) }, () => random.pick(universe));
      if (random.chance(0.7)) {
        await change(oracle, 'addToSanctionsList', batch);
        for (const addr of batch) model.add(addr);
      } else {
        await change(oracle, 'removeFromSanctionsList', batch);
        for (const addr of batch) model.delete(addr);
      }
      const query = Array.from({ length: 1 + random.int(200) }, () =>
        random.chance(0.02) ? random.pick(universe) : randomAddress(),
      );
      const expectedIndex = query.findIndex((addr) => model.has(addr));
      assert.deepEqual(
        await firstSanctioned(oracle, query),
        expectedIndex === -1 ? [false, 0n] : [true, BigInt(expectedIndex)],
        `seed ${fuzzSeed}, round ${round}`,
      );
    }
    // Every address of the universe, listed or once listed or never, answers exactly.
    for (const addr of universe)
      assert.deepEqual(
        await firstSanctioned(oracle, [addr]),
        model.has(addr) ? [true, 0n] : [false, 0n],
        `seed ${fuzzSeed}: ${addr}`,
      );
  });
});
