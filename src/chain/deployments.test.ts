import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ConfigError } from '../errors/BaseError.js';
import { type Deployments, deploymentsPath, readDeployments, writeDeployments } from './deployments.js';

const dataDir = mkdtempSync(join(tmpdir(), 'tandem-deployments-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const deployments: Deployments = {
  chainId: 31337,
  contracts: {
    usdc: {
      contract: 'TestStablecoin',
      address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      transactionHash: `0x${'12'.repeat(32)}`,
      blockNumber: 1,
    },
  },
};

test('writes deployments/<chainId>.json and reads it back', () => {
  assert.equal(readDeployments(dataDir, 31337), undefined);
  writeDeployments(dataDir, deployments);
  assert.equal(deploymentsPath(dataDir, 31337), join(dataDir, 'deployments', '31337.json'));
  assert.deepEqual(readDeployments(dataDir, 31337), deployments);
  assert.equal(readDeployments(dataDir, 1), undefined);
});

test('an invalid file is an error naming the file and the field', () => {
  const folder = join(dataDir, 'bad');
  mkdirSync(join(folder, 'deployments'), { recursive: true });
  writeFileSync(
    deploymentsPath(folder, 31337),
    JSON.stringify({ ...deployments, contracts: { usdc: { ...deployments.contracts.usdc, address: '0x123' } } }),
  );
  assert.throws(
    () => readDeployments(folder, 31337),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.field === 'contracts.usdc.address' &&
      error.shortMessage.includes(deploymentsPath(folder, 31337)),
  );
  writeFileSync(deploymentsPath(folder, 31337), JSON.stringify({ ...deployments, chainId: 1 }));
  assert.throws(() => readDeployments(folder, 31337), /is for chain 1, not 31337/);
});
