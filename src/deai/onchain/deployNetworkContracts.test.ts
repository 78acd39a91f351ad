import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { getAddress } from 'viem';
import { modelRegistryAbi } from '../../chain/contracts/generated/ModelRegistry.js';
import { rewardDistributorAbi } from '../../chain/contracts/generated/RewardDistributor.js';
import { tandemRewardTokenAbi } from '../../chain/contracts/generated/TandemRewardToken.js';
import { readDeployments, writeDeployments } from '../../chain/deployments.js';
import { createTestChain, type TestChain } from '../../chain/embedded/createTestChain.js';
import { deployTandemContracts } from '../../chain/embedded/deployTandemContracts.js';
import { defaultRewardTokenCap, deployNetworkContracts } from './deployNetworkContracts.js';

let testChain: TestChain;
const dataDir = mkdtempSync(join(tmpdir(), 'tandem-network-deploy-'));
before(async () => {
  testChain = await createTestChain();
});
after(async () => {
  await testChain.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('deploys distributor, token and registry wired to each other, next to Tandem’s other contracts in the same file', async () => {
  const tandem = await deployTandemContracts({ ...testChain, dataDir });
  const network = await deployNetworkContracts({ ...testChain, dataDir });
  const read = testChain.publicClient.readContract;
  const operator = testChain.accounts[0]!.address;

  assert.equal(
    getAddress(
      await read({ address: network.rewardDistributor.address, abi: rewardDistributorAbi, functionName: 'TOKEN' }),
    ),
    network.rewardToken.address,
  );
  assert.equal(
    await read({ address: network.rewardToken.address, abi: tandemRewardTokenAbi, functionName: 'MINTER' }),
    network.rewardDistributor.address,
  );
  assert.equal(
    await read({ address: network.rewardToken.address, abi: tandemRewardTokenAbi, functionName: 'cap' }),
    defaultRewardTokenCap,
  );
  assert.equal(
    await read({ address: network.modelRegistry.address, abi: modelRegistryAbi, functionName: 'REWARD_DISTRIBUTOR' }),
    network.rewardDistributor.address,
  );
  const publisherRole = await read({
    address: network.rewardDistributor.address,
    abi: rewardDistributorAbi,
    functionName: 'PUBLISHER_ROLE',
  });
  assert.equal(
    await read({
      address: network.rewardDistributor.address,
      abi: rewardDistributorAbi,
      functionName: 'hasRole',
      args: [publisherRole, operator],
    }),
    true,
  );
  const registrarRole = await read({
    address: network.modelRegistry.address,
    abi: modelRegistryAbi,
    functionName: 'REGISTRAR_ROLE',
  });
  assert.equal(
    await read({
      address: network.modelRegistry.address,
      abi: modelRegistryAbi,
      functionName: 'hasRole',
      args: [registrarRole, operator],
    }),
    true,
  );

  const recorded = readDeployments(dataDir, testChain.chain.id)!;
  assert.deepEqual(recorded.contracts.usdc, tandem.usdc);
  assert.deepEqual(recorded.contracts.rewardDistributor, network.rewardDistributor);
  assert.deepEqual(recorded.contracts.rewardToken, {
    ...network.rewardDistributor,
    contract: 'TandemRewardToken',
    address: network.rewardToken.address,
  });
  assert.deepEqual(recorded.contracts.modelRegistry, network.modelRegistry);

  // The next start finds them and deploys nothing.
  const blockBefore = await testChain.publicClient.getBlockNumber({ cacheTime: 0 });
  assert.deepEqual(await deployNetworkContracts({ ...testChain, dataDir }), network);
  assert.equal(await testChain.publicClient.getBlockNumber({ cacheTime: 0 }), blockBefore);
});

test('a registry recorded without code is deployed again for the same distributor; a lost distributor takes its registry along', async () => {
  const first = await deployNetworkContracts({ ...testChain, dataDir });
  const file = readDeployments(dataDir, testChain.chain.id)!;
  const nowhere = getAddress('0x000000000000000000000000000000000000dEaD');
  writeDeployments(dataDir, {
    ...file,
    contracts: { ...file.contracts, modelRegistry: { ...first.modelRegistry, address: nowhere } },
  });
  const warnings: string[] = [];
  const second = await deployNetworkContracts({
    ...testChain,
    dataDir,
    logger: { info: () => {}, warn: (message) => warnings.push(message) },
  });
  assert.equal(second.rewardDistributor.address, first.rewardDistributor.address);
  assert.notEqual(second.modelRegistry.address, nowhere);

  writeDeployments(dataDir, {
    ...file,
    contracts: {
      ...readDeployments(dataDir, testChain.chain.id)!.contracts,
      rewardDistributor: { ...first.rewardDistributor, address: nowhere },
    },
  });
  const third = await deployNetworkContracts({
    ...testChain,
    dataDir,
    logger: { info: () => {}, warn: (message) => warnings.push(message) },
  });
  assert.notEqual(third.rewardDistributor.address, nowhere);
  assert.notEqual(third.modelRegistry.address, second.modelRegistry.address);
  assert.equal(
    await testChain.publicClient.readContract({
      address: third.modelRegistry.address,
      abi: modelRegistryAbi,
      functionName: 'REWARD_DISTRIBUTOR',
    }),
    third.rewardDistributor.address,
  );
  assert.match(warnings.join('\n'), /rewardDistributor is recorded at .* but has no code there/);
  assert.ok(readDeployments(dataDir, testChain.chain.id)!.contracts.usdc, 'Tandem’s other contracts stay recorded');
});
