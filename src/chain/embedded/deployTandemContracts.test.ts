import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { priceFeedAbi } from '../contracts/generated/PriceFeed.js';
import { sanctionsOracleAbi } from '../contracts/generated/SanctionsOracle.js';
import { testStablecoinAbi } from '../contracts/generated/TestStablecoin.js';
import { readDeployments, writeDeployments } from '../deployments.js';
import { createTestChain } from './createTestChain.js';
import { deployTandemContracts } from './deployTandemContracts.js';

const dataDir = mkdtempSync(join(tmpdir(), 'tandem-deploy-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('deploys USDC, EURC, three price feeds and the sanctions oracle, mints dev stablecoins, records them', async () => {
  const testChain = await createTestChain();
  try {
    const contracts = await deployTandemContracts({ ...testChain, dataDir });
    const { publicClient } = testChain;
    const deployer = testChain.accounts[0]!.address;
    for (const [token, symbol] of [
      [contracts.usdc.address, 'USDC'],
      [contracts.eurc.address, 'EURC'],
    ] as const) {
      assert.equal(
        await publicClient.readContract({ address: token, abi: testStablecoinAbi, functionName: 'symbol' }),
        symbol,
      );
      assert.equal(
        await publicClient.readContract({
          address: token,
          abi: testStablecoinAbi,
          functionName: 'balanceOf',
          args: [deployer],
        }),
        1_000_000_000000n,
      );
    }
    for (const [feed, description, answer] of [
      [contracts.ethUsdPriceFeed.address, 'ETH / USD', 3_000_00000000n],
      [contracts.eurUsdPriceFeed.address, 'EUR / USD', 1_16000000n],
      [contracts.usdcUsdPriceFeed.address, 'USDC / USD', 1_00000000n],
    ] as const) {
      assert.equal(
        await publicClient.readContract({ address: feed, abi: priceFeedAbi, functionName: 'description' }),
        description,
      );
      assert.equal(await publicClient.readContract({ address: feed, abi: priceFeedAbi, functionName: 'decimals' }), 8);
      const [, latest] = await publicClient.readContract({
        address: feed,
        abi: priceFeedAbi,
        functionName: 'latestRoundData',
      });
      assert.equal(latest, answer);
    }
    assert.equal(
      await publicClient.readContract({
        address: contracts.sanctionsOracle.address,
        abi: sanctionsOracleAbi,
        functionName: 'isSanctioned',
        args: [deployer],
      }),
      false,
    );
    assert.deepEqual(readDeployments(dataDir, 31337)?.contracts, contracts);
  } finally {
    await testChain.close();
  }
});

test('on a chain where the recorded contracts are gone, deploys them again and records the new addresses', async () => {
  const folder = join(dataDir, 'gone');
  const testChain = await createTestChain();
  try {
    writeDeployments(folder, {
      chainId: 31337,
      contracts: {
        usdc: {
          contract: 'TestStablecoin',
          address: '0x000000000000000000000000000000000000dEaD',
          transactionHash: `0x${'00'.repeat(32)}`,
          blockNumber: 1,
        },
      },
    });
    const warnings: string[] = [];
    const contracts = await deployTandemContracts({
      ...testChain,
      dataDir: folder,
      logger: { info() {}, warn: (message) => warnings.push(message) },
    });
    assert.notEqual(contracts.usdc.address, '0x000000000000000000000000000000000000dEaD');
    assert.match(warnings[0]!, /usdc is recorded at 0x0+dEaD on chain 31337 but has no code there/);
    assert.ok(await testChain.publicClient.getCode({ address: contracts.usdc.address }));
    assert.deepEqual(readDeployments(folder, 31337)?.contracts, contracts);
  } finally {
    await testChain.close();
  }
});
