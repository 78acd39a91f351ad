import assert from 'node:assert/strict';
import { test } from 'node:test';
import { privateKeyToAccount } from 'viem/accounts';
import { ConfigError, RetryableError } from '../errors/BaseError.js';
import { createChainClients } from './createChainClients.js';
import { createEmbeddedChain } from './embedded/createEmbeddedChain.js';

test('embedded: clients on the in-process provider, signing as the first dev account', async () => {
  const chain = await createEmbeddedChain();
  try {
    const clients = await createChainClients({ embeddedChain: chain });
    assert.deepEqual([clients.kind, clients.chain.id, clients.describe], ['embedded', 31337, 'embedded:31337']);
    assert.equal(clients.walletClient.account.address, chain.accounts[0]!.address);
    const hash = await clients.walletClient.sendTransaction({ to: chain.accounts[1]!.address, value: 1n });
    assert.equal((await clients.publicClient.waitForTransactionReceipt({ hash })).status, 'success');
  } finally {
    await chain.close();
  }
});

test('rpc: clients over HTTP, with the chain id asked from the node', async () => {
  const chain = await createEmbeddedChain({ chainId: 1337 });
  try {
    const server = await chain.serve({ port: 0 });
    const clients = await createChainClients({ rpcUrl: `${server.url}/secret-key`, account: chain.accounts[2]! });
    assert.deepEqual([clients.kind, clients.chain.id, clients.describe], ['rpc', 1337, `rpc:${server.url}`]);
    const hash = await clients.walletClient.sendTransaction({ to: chain.accounts[1]!.address, value: 1n });
    assert.equal((await clients.publicClient.waitForTransactionReceipt({ hash })).status, 'success');
  } finally {
    await chain.close();
  }
});

test('rpc: a bad RPC_URL is a ConfigError, an unreachable node a RetryableError', async () => {
  const account = privateKeyToAccount(`0x${'11'.repeat(32)}`);
  await assert.rejects(createChainClients({ rpcUrl: 'localhost:8545', account }), (error: unknown) => {
    return error instanceof ConfigError && error.field === 'RPC_URL';
  });
  await assert.rejects(createChainClients({ rpcUrl: 'http://127.0.0.1:1/', account }), (error: unknown) => {
    return (
      error instanceof RetryableError &&
      error.shortMessage === 'Cannot reach the chain at http://127.0.0.1:1 (RPC_URL).'
    );
  });
});
