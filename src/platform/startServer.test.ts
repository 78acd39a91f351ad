import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeFunctionData, erc20Abi } from 'viem';
import { loadConfig } from '../config/loadConfig.js';
import { dropTestDatabaseSchema } from '../db/createTestDatabaseUrl.js';
import { startServer } from './startServer.js';
import { testServerConfig } from './testServerConfig.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'tandem-start-'));
test('tandem start serves /healthz and the chain, and a restart keeps the block number, balances and history', async () => {
  const dir = dataDir();
  const first = await startServer(await testServerConfig(dir, 'start'));
  const health = (await (await fetch(`${first.apiUrl}/healthz`)).json()) as { ok: boolean; chain: { chainId: number } };
  assert.equal(health.ok, true);
  assert.equal(health.chain.chainId, 31337);
  const rpc = await fetch(first.rpcUrl!, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' }),
  });
  assert.equal(((await rpc.json()) as { result: string }).result, '0x7a69');

  const { chain } = first.platform;
  const recipient = '0x00000000000000000000000000000000000000aa';
  const sent = await chain.sender.send({
    idempotencyKey: `restart-test:${dir}`,
    to: chain.contracts.usdc.address,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [recipient, 1_234_560_000n] }),
    purpose: 'test',
  });
  assert.equal(sent.status, 'confirmed');
  const blockBefore = await chain.publicClient.getBlockNumber({ cacheTime: 0 });
  const balanceBefore = await chain.balanceOf(31337, recipient, 'USDC');
  assert.equal(balanceBefore, 1_234_560_000n);
  await first.stop();

  const second = await startServer(await testServerConfig(dir, 'start'));
  try {
    const again = second.platform.chain;
    assert.equal(await again.publicClient.getBlockNumber({ cacheTime: 0 }), blockBefore);
    assert.equal(await again.balanceOf(31337, recipient, 'USDC'), balanceBefore);
    const receipt = await again.publicClient.getTransactionReceipt({ hash: sent.txHash! });
    assert.equal(receipt.status, 'success');
    assert.equal(again.contracts.usdc.address, chain.contracts.usdc.address);
    assert.equal(second.firstAdminKey, undefined, 'the admin key is created on the first start only');
  } finally {
    await second.stop();
    await dropTestDatabaseSchema(dir, 'start');
  }
});

test('a taken port is refused with its flag named, and nothing is started', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    await assert.rejects(
      startServer(loadConfig({ dataDir: dataDir(), apiPort: port, rpcPort: 0, networkPort: 0 })),
      /Port \d+ on 127\.0\.0\.1 is already in use/,
    );
  } finally {
    blocker.close();
  }
});

test('the CLI says what is wrong, exits non-zero, for bad config, a corrupt data folder and an unreachable database', () => {
  const cli = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['bin/tandem.mjs', ...args], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', ...env },
      timeout: 60_000,
    });

  const badPort = cli(['status', '--data-dir', dataDir()], { TANDEM_API_PORT: 'eighty' });
  assert.equal(badPort.status, 1);
  assert.match(badPort.stderr, /Invalid configuration value for apiPort/);

  const corrupt = dataDir();
  writeFileSync(join(corrupt, 'tandem.json'), '{ not json');
  const corruptConfig = cli(['status', '--data-dir', corrupt]);
  assert.equal(corruptConfig.status, 1);
  assert.match(corruptConfig.stderr, /tandem\.json cannot be read/);

  const unreachable = cli(['status', '--data-dir', dataDir()], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
  assert.equal(unreachable.status, 1);
  assert.match(unreachable.stderr, /Cannot connect to the Postgres server at postgres:\/\/127\.0\.0\.1:1\/none/);
  assert.doesNotMatch(unreachable.stderr, /at .*\.ts:\d+/, 'no stack trace for people');
});
