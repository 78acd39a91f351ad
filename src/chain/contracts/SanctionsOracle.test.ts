import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Address, getAddress, parseEventLogs, zeroAddress } from 'viem';
import { createTestChain, type TestChain } from '../embedded/createTestChain.js';
import { expectRevert } from '../embedded/expectRevert.js';
import { createSeededRandom } from './createSeededRandom.js';
import { sanctionsOracleAbi as abi, sanctionsOracleBytecode as bytecode } from './generated/SanctionsOracle.js';

let testChain: TestChain;
let admin: Address;

before(async () => {
  testChain = await createTestChain();
  admin = testChain.accounts[0]!.address;
});
after(() => testChain.close());

const deployOracle = () => testChain.deploy({ abi, bytecode, args: [admin] });
// Addresses from the OFAC SDN list's digital currency entries look like any other: made-up ones serve here.
const address = (n: number) => getAddress(`0x${n.toString(16).padStart(40, '0')}`);
const isSanctioned = (oracle: Address, addr: Address) =>
  testChain.publicClient.readContract({ address: oracle, abi, functionName: 'isSanctioned', args: [addr] });
const sanctionedCount = (oracle: Address) =>
  testChain.publicClient.readContract({ address: oracle, abi, functionName: 'sanctionedCount' });
const change = async (
  oracle: Address,
  functionName: 'addToSanctionsList' | 'removeFromSanctionsList',
  list: Address[],
) => {
  const hash = await testChain.walletClient.writeContract({ address: oracle, abi, functionName, args: [list] });
  const receipt = await testChain.publicClient.waitForTransactionReceipt({ hash });
  return parseEventLogs({
    abi,
    logs: receipt.logs,
    eventName: ['SanctionedAddressAdded', 'SanctionedAddressRemoved'],
  }).map((event) => [event.eventName, event.args.addr]);
};

describe('constructor', () => {
  test('test_RevertWhen_AdminZeroAddress', async () => {
    await expectRevert(
      testChain.deploy({ abi, bytecode, args: [zeroAddress] }),
      abi,
      'SanctionsOracle_AdminZeroAddress',
    );
  });
});

describe('addToSanctionsList', () => {
  test('test_RevertWhen_CallerNotUpdater', async () => {
    const oracle = await deployOracle();
    const stranger = testChain.accounts[1]!;
    const updaterRole = await testChain.publicClient.readContract({
      address: oracle,
      abi,
      functionName: 'UPDATER_ROLE',
    });
    await expectRevert(
      testChain
        .walletFor(stranger)
        .writeContract({ address: oracle, abi, functionName: 'addToSanctionsList', args: [[address(1)]] }),
      abi,
      'AccessControlUnauthorizedAccount',
      [stranger.address, updaterRole],
    );
  });

  test('test_RevertWhen_BatchHasZeroAddress: and nothing of the batch is added', async () => {
    const oracle = await deployOracle();
    await expectRevert(
      testChain.walletClient.writeContract({
        address: oracle,
        abi,
        functionName: 'addToSanctionsList',
        args: [[address(1), zeroAddress]],
      }),
      abi,
      'SanctionsOracle_ZeroAddress',
    );
    assert.equal(await isSanctioned(oracle, address(1)), false);
    assert.equal(await sanctionedCount(oracle), 0n);
  });

  test('test_WhenCallerUpdater: lists each new address once, with one event per change', async () => {
    const oracle = await deployOracle();
    assert.deepEqual(await change(oracle, 'addToSanctionsList', [address(1), address(2), address(1)]), [
      ['SanctionedAddressAdded', address(1)],
      ['SanctionedAddressAdded', address(2)],
    ]);
    assert.deepEqual(await change(oracle, 'addToSanctionsList', [address(2), address(3)]), [
      ['SanctionedAddressAdded', address(3)],
    ]);
    assert.equal(await isSanctioned(oracle, address(2)), true);
    assert.equal(await isSanctioned(oracle, address(4)), false);
    assert.equal(await sanctionedCount(oracle), 3n);
  });
});

describe('removeFromSanctionsList', () => {
  test('test_RevertWhen_CallerNotUpdater', async () => {
    const oracle = await deployOracle();
    const stranger = testChain.accounts[1]!;
    const updaterRole = await testChain.publicClient.readContract({
      address: oracle,
      abi,
      functionName: 'UPDATER_ROLE',
    });
    await expectRevert(
      testChain
        .walletFor(stranger)
        .writeContract({ address: oracle, abi, functionName: 'removeFromSanctionsList', args: [[address(1)]] }),
      abi,
      'AccessControlUnauthorizedAccount',
      [stranger.address, updaterRole],
    );
  });

  test('test_WhenCallerUpdater: unlists listed addresses with one event each and skips the others', async () => {
    const oracle = await deployOracle();
    await change(oracle, 'addToSanctionsList', [address(1), address(2)]);
    assert.deepEqual(await change(oracle, 'removeFromSanctionsList', [address(1), address(3), address(1)]), [
      ['SanctionedAddressRemoved', address(1)],
    ]);
    assert.equal(await isSanctioned(oracle, address(1)), false);
    assert.equal(await isSanctioned(oracle, address(2)), true);
    assert.equal(await sanctionedCount(oracle), 1n);
  });
});

describe('fuzz', () => {
  test('testFuzz_Batches: the list and its count follow a model set through random adds and removes', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20_251_119);
    const random = createSeededRandom(seed);
    const oracle = await deployOracle();
    const model = new Set<Address>();
    const universe = Array.from({ length: 40 }, (_, index) => address(index + 1));
    for (let step = 0; step < 30; step++) {
      const batch = Array.from({ length: random.int(12) }, () => random.pick(universe));
      const functionName = random.chance(0.6) ? 'addToSanctionsList' : 'removeFromSanctionsList';
      const events = await change(oracle, functionName, batch);
      const expected: (string | Address)[][] = [];
      for (const addr of batch)
        if (functionName === 'addToSanctionsList' && !model.has(addr)) {
          model.add(addr);
          expected.push(['SanctionedAddressAdded', addr]);
        } else if (functionName === 'removeFromSanctionsList' && model.has(addr)) {
          model.delete(addr);
          expected.push(['SanctionedAddressRemoved', addr]);
        }
      assert.deepEqual(events, expected, `seed ${seed}, step ${step}`);
    }
    assert.equal(await sanctionedCount(oracle), BigInt(model.size), `seed ${seed}`);
    for (const addr of universe)
      assert.equal(await isSanctioned(oracle, addr), model.has(addr), `seed ${seed}: ${addr}`);
  });
});
