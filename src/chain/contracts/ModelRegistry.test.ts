import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Address, getAddress, type Hex, parseEventLogs, toHex, zeroAddress, zeroHash } from 'viem';
import { createTestChain, type TestChain } from '../embedded/createTestChain.js';
import type { DevAccount } from '../embedded/devAccounts.js';
import { expectRevert } from '../embedded/expectRevert.js';
import { createSeededRandom, type SeededRandom } from './createSeededRandom.js';
import { modelRegistryAbi as abi, modelRegistryBytecode as bytecode } from './generated/ModelRegistry.js';
import { rewardDistributorAbi, rewardDistributorBytecode } from './generated/RewardDistributor.js';

let testChain: TestChain;
let admin: DevAccount;
let registrar: DevAccount;
let stranger: DevAccount;

before(async () => {
  testChain = await createTestChain();
  [admin, registrar, stranger] = testChain.accounts.slice(0, 3) as [DevAccount, DevAccount, DevAccount];
});
after(() => testChain.close());

type Fixture = { registry: Address; distributor: Address };
type DataCommitment = { party: Address; commitment: Hex };
type ModelVersionInput = {
  modelSha256: Hex;
  dataCommitments: DataCommitment[];
  f1Bps: number;
  rocAucBps: number;
  epsilonMicros: bigint;
  deltaE18: bigint;
  rewardEpoch: bigint;
  uri: string;
};

const noDifferentialPrivacy = 2n ** 64n - 1n;
const byParty = (a: DataCommitment, b: DataCommitment) => (BigInt(a.party) < BigInt(b.party) ? -1 : 1);
const randomWord = (random: SeededRandom) => toHex(random.bigint(2n ** 256n - 1n) + 1n, { size: 32 });
const randomAddress = (random: SeededRandom) => getAddress(toHex(random.bigint(2n ** 160n - 1n) + 1n, { size: 20 }));
const fixedRandom = createSeededRandom(11);

async function deployRegistry(): Promise<Fixture> {
  const distributor = getAddress(
    await testChain.deploy({
      abi: rewardDistributorAbi,
      bytecode: rewardDistributorBytecode,
      args: [admin.address, admin.address, 'Tandem Network Reward', 'TNR', 10n ** 27n],
    }),
  );
  const registry = getAddress(
    await testChain.deploy({ abi, bytecode, args: [admin.address, registrar.address, distributor] }),
  );
  return { registry, distributor };
}

/** A valid version for 3 parties, trained with (epsilon 1.5, delta 1e-5) DP, with `overrides`. */
function versionInput(overrides: Partial<ModelVersionInput> = {}): ModelVersionInput {
  return {
    modelSha256: randomWord(fixedRandom),
    dataCommitments: Array.from({ length: 3 }, () => ({
      party: randomAddress(fixedRandom),
      commitment: randomWord(fixedRandom),
    })).sort(byParty),
    f1Bps: 9_561,
    rocAucBps: 9_987,
    epsilonMicros: 1_500_000n,
    deltaE18: 10n ** 13n,
    rewardEpoch: 0n,
    uri: 'https://models.tandem.dev/fraud/v1.json',
    ...overrides,
  };
}

const register = (fixture: Fixture, input: ModelVersionInput, as: DevAccount = registrar) =>
  testChain
    .walletFor(as)
    .writeContract({ address: fixture.registry, abi, functionName: 'registerModelVersion', args: [input] });

const getVersion = (fixture: Fixture, version: bigint) =>
  testChain.publicClient.readContract({
    address: fixture.registry,
    abi,
    functionName: 'getModelVersion',
    args: [version],
  });

const publishEpoch = (fixture: Fixture, epoch: bigint, root: Hex) =>
  testChain.walletClient.writeContract({
    address: fixture.distributor,
    abi: rewardDistributorAbi,
    functionName: 'publishEpoch',
    args: [epoch, root, 1_000n],
  });

describe('constructor', () => {
  const deployWith = (args: readonly [Address, Address, Address]) => testChain.deploy({ abi, bytecode, args });

  test('test_RevertWhen_AdminZeroAddress', async () => {
    await expectRevert(
      deployWith([zeroAddress, registrar.address, stranger.address]),
      abi,
      'ModelRegistry_AdminZeroAddress',
    );
  });

  test('test_RevertWhen_RegistrarZeroAddress', async () => {
    await expectRevert(
      deployWith([admin.address, zeroAddress, stranger.address]),
      abi,
      'ModelRegistry_RegistrarZeroAddress',
    );
  });

  test('test_RevertWhen_DistributorZeroAddress', async () => {
    await expectRevert(
      deployWith([admin.address, registrar.address, zeroAddress]),
      abi,
      'ModelRegistry_DistributorZeroAddress',
    );
  });

  test('test_WhenArgumentsValid: grants the roles, names the distributor and starts with no version', async () => {
    const fixture = await deployRegistry();
    const read = testChain.publicClient.readContract;
    assert.equal(
      await read({ address: fixture.registry, abi, functionName: 'REWARD_DISTRIBUTOR' }),
      fixture.distributor,
    );
    assert.equal(await read({ address: fixture.registry, abi, functionName: 'versionCount' }), 0n);
    assert.equal(
      await read({ address: fixture.registry, abi, functionName: 'NO_DIFFERENTIAL_PRIVACY' }),
      noDifferentialPrivacy,
    );
    const role = await read({ address: fixture.registry, abi, functionName: 'REGISTRAR_ROLE' });
    assert.equal(
      await read({ address: fixture.registry, abi, functionName: 'hasRole', args: [role, registrar.address] }),
      true,
    );
    assert.equal(
      await read({ address: fixture.registry, abi, functionName: 'hasRole', args: [role, admin.address] }),
      false,
    );
  });
});

describe('registerModelVersion', () => {
  let fixture: Fixture;
  before(async () => {
    fixture = await deployRegistry();
  });

  test('test_RevertWhen_CallerNotRegistrar', async () => {
    const role = await testChain.publicClient.readContract({
      address: fixture.registry,
      abi,
      functionName: 'REGISTRAR_ROLE',
    });
    await expectRevert(register(fixture, versionInput(), stranger), abi, 'AccessControlUnauthorizedAccount', [
      stranger.address,
      role,
    ]);
  });

  test('test_RevertWhen_ModelHashZero', async () => {
    await expectRevert(register(fixture, versionInput({ modelSha256: zeroHash })), abi, 'ModelRegistry_ModelHashZero');
  });

  test('test_RevertWhen_ModelAlreadyRegistered: a model file has one version, even with other metadata', async () => {
    const first = versionInput();
    await register(fixture, first);
    const version = await testChain.publicClient.readContract({
      address: fixture.registry,
      abi,
      functionName: 'versionOfModel',
      args: [first.modelSha256],
    });
    await expectRevert(
      register(fixture, versionInput({ modelSha256: first.modelSha256, uri: 'ipfs://elsewhere' })),
      abi,
      'ModelRegistry_ModelAlreadyRegistered',
      [first.modelSha256, version],
    );
  });

  test('test_RevertWhen_NoDataCommitments', async () => {
    await expectRevert(
      register(fixture, versionInput({ dataCommitments: [] })),
      abi,
      'ModelRegistry_NoDataCommitments',
    );
  });

  test('test_RevertWhen_TooManyDataCommitments', async () => {
    const dataCommitments = Array.from({ length: 257 }, (_, i) => ({
      party: getAddress(toHex(i + 1, { size: 20 })),
      commitment: toHex(i + 1, { size: 32 }),
    }));
    await expectRevert(
      register(fixture, versionInput({ dataCommitments })),
      abi,
      'ModelRegistry_TooManyDataCommitments',
      [257n, 256n],
    );
  });

  test('test_RevertWhen_PartyZeroAddress', async () => {
    const dataCommitments = [{ party: zeroAddress, commitment: toHex(1, { size: 32 }) }];
    await expectRevert(register(fixture, versionInput({ dataCommitments })), abi, 'ModelRegistry_PartyZeroAddress', [
      0n,
    ]);
  });

  test('test_RevertWhen_PartiesNotAscending: descending or repeated parties are refused', async () => {
    const sorted = versionInput().dataCommitments;
    const descending = [sorted[0]!, sorted[2]!, sorted[1]!];
    await expectRevert(
      register(fixture, versionInput({ dataCommitments: descending })),
      abi,
      'ModelRegistry_PartiesNotAscending',
      [2n],
    );
    const repeated = [sorted[0]!, sorted[1]!, { ...sorted[1]!, commitment: toHex(9, { size: 32 }) }];
    await expectRevert(
      register(fixture, versionInput({ dataCommitments: repeated })),
      abi,
      'ModelRegistry_PartiesNotAscending',
      [2n],
    );
  });

  test('test_RevertWhen_DataCommitmentZero', async () => {
    const dataCommitments = versionInput().dataCommitments;
    dataCommitments[1] = { ...dataCommitments[1]!, commitment: zeroHash };
    await expectRevert(register(fixture, versionInput({ dataCommitments })), abi, 'ModelRegistry_DataCommitmentZero', [
      1n,
    ]);
  });

  test('test_RevertWhen_BasisPointsOutOfRange: F1 and ROC-AUC are at most 10,000 bps', async () => {
    await expectRevert(register(fixture, versionInput({ f1Bps: 10_001 })), abi, 'ModelRegistry_BasisPointsOutOfRange', [
      10_001n,
    ]);
    await expectRevert(
      register(fixture, versionInput({ rocAucBps: 65_535 })),
      abi,
      'ModelRegistry_BasisPointsOutOfRange',
      [65_535n],
    );
  });

  test('test_RevertWhen_DeltaOutOfRange: delta above 1, or any delta without DP, is refused', async () => {
    await expectRevert(
      register(fixture, versionInput({ deltaE18: 10n ** 18n + 1n })),
      abi,
      'ModelRegistry_DeltaOutOfRange',
      [10n ** 18n + 1n],
    );
    await expectRevert(
      register(fixture, versionInput({ epsilonMicros: noDifferentialPrivacy, deltaE18: 1n })),
      abi,
      'ModelRegistry_DeltaOutOfRange',
      [1n],
    );
  });

  test('test_RevertWhen_RewardEpochNotFound', async () => {
    await expectRevert(register(fixture, versionInput({ rewardEpoch: 1n })), abi, 'ModelRegistry_RewardEpochNotFound', [
      1n,
    ]);
  });

  test('test_RevertWhen_UriEmpty', async () => {
    await expectRevert(register(fixture, versionInput({ uri: '' })), abi, 'ModelRegistry_UriEmpty');
  });

  test('test_RevertWhen_UriTooLong', async () => {
    await expectRevert(
      register(fixture, versionInput({ uri: `https://${'a'.repeat(1017)}` })),
      abi,
      'ModelRegistry_UriTooLong',
      [1025n, 1024n],
    );
  });

  test('test_WhenInputValid: numbers the version, records it whole with the epoch’s root, and emits the event', async () => {
    const fresh = await deployRegistry();
    const root = toHex(77n, { size: 32 });
    await publishEpoch(fresh, 1n, root);
    const input = versionInput({ rewardEpoch: 1n });
    const hash = await register(fresh, input);
    const receipt = await testChain.publicClient.waitForTransactionReceipt({ hash });
    assert.deepEqual(
      parseEventLogs({ abi, logs: receipt.logs, eventName: 'ModelVersionRegistered' }).map((e) => e.args),
      [{ version: 1n, modelSha256: input.modelSha256, rewardEpoch: 1n, rewardRoot: root, uri: input.uri }],
    );
    const block = await testChain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    assert.deepEqual(await getVersion(fresh, 1n), {
      ...input,
      rewardRoot: root,
      registrar: registrar.address,
      registeredAt: block.timestamp,
    });
    const withoutDp = versionInput({ epsilonMicros: noDifferentialPrivacy, deltaE18: 0n });
    await register(fresh, withoutDp);
    assert.equal((await getVersion(fresh, 2n)).rewardRoot, zeroHash);
    assert.equal(
      await testChain.publicClient.readContract({
        address: fresh.registry,
        abi,
        functionName: 'versionOfModel',
        args: [withoutDp.modelSha256],
      }),
      2n,
    );
  });
});

describe('getModelVersion', () => {
  test('test_RevertWhen_VersionNotFound', async () => {
    const fixture = await deployRegistry();
    await register(fixture, versionInput());
    for (const version of [0n, 2n])
      await expectRevert(getVersion(fixture, version), abi, 'ModelRegistry_VersionNotFound', [version]);
  });
});

describe('fuzz', () => {
  test('testFuzz_AppendOnly: random registrations are numbered 1..N and every earlier record reads back unchanged', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20_251_124);
    const random = createSeededRandom(seed);
    const fixture = await deployRegistry();
    const registered: (ModelVersionInput & { rewardRoot: Hex })[] = [];
    let epochs = 0n;
    for (let step = 0; step < 20; step++) {
      if (random.chance(0.3)) {
        epochs += 1n;
        await publishEpoch(fixture, epochs, randomWord(random));
      }
      const parties = 1 + random.int(random.chance(0.2) ? 256 : 6);
      const input = versionInput({
        modelSha256:
          random.chance(0.15) && registered.length ? random.pick(registered).modelSha256 : randomWord(random),
        dataCommitments: [
          ...new Map(Array.from({ length: parties }, () => [randomAddress(random), randomWord(random)])),
        ]
          .map(([party, commitment]) => ({ party, commitment }))
          .sort(byParty),
        f1Bps: random.int(10_001),
        rocAucBps: random.int(10_001),
        ...(random.chance(0.3)
          ? { epsilonMicros: noDifferentialPrivacy, deltaE18: 0n }
          : { epsilonMicros: random.bigint(2n ** 64n - 1n), deltaE18: random.bigint(10n ** 18n + 1n) }),
        rewardEpoch: epochs > 0n && random.chance(0.7) ? 1n + random.bigint(epochs) : 0n,
        uri: `ipfs://${randomWord(random).slice(2, 2 + 1 + random.int(60))}`,
      });
      const duplicate = registered.findIndex((version) => version.modelSha256 === input.modelSha256);
      if (duplicate >= 0) {
        await expectRevert(register(fixture, input), abi, 'ModelRegistry_ModelAlreadyRegistered', [
          input.modelSha256,
          BigInt(duplicate + 1),
        ]);
        continue;
      }
      await register(fixture, input);
      const rewardRoot =
        input.rewardEpoch === 0n
          ? zeroHash
          : (
              await testChain.publicClient.readContract({
                address: fixture.distributor,
                abi: rewardDistributorAbi,
                functionName: 'getEpoch',
                args: [input.rewardEpoch],
              })
            ).merkleRoot;
      registered.push({ ...input, rewardRoot });
    }
    assert.equal(
      await testChain.publicClient.readContract({ address: fixture.registry, abi, functionName: 'versionCount' }),
      BigInt(registered.length),
      `seed ${seed}`,
    );
    for (const [index, expected] of registered.entries()) {
      const { registrar: by, registeredAt, ...record } = await getVersion(fixture, BigInt(index + 1));
      assert.deepEqual(record, expected, `seed ${seed}, version ${index + 1}`);
      assert.equal(by, registrar.address);
      assert.ok(registeredAt > 0n);
    }
  });
});
