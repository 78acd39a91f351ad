import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPublicClient, createWalletClient, http } from 'viem';
import { ConfigError } from '../../errors/BaseError.js';
import { createEmbeddedChain, type EmbeddedChain } from './createEmbeddedChain.js';
import type { JsonRpcServer } from './serveJsonRpc.js';

let chain: EmbeddedChain;
let server: JsonRpcServer;

before(async () => {
  chain = await createEmbeddedChain();
  server = await chain.serve({ port: 0 });
});
after(() => chain.close());

const post = async (body: unknown) => {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as unknown };
};

test('answers eth_chainId over HTTP on 127.0.0.1', async () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.deepEqual(await post({ jsonrpc: '2.0', id: 7, method: 'eth_chainId', params: [] }), {
    status: 200,
    json: { jsonrpc: '2.0', id: 7, result: '0x7a69' },
  });
});

test("viem's http transport reads and sends transactions through it", async () => {
  const transport = http(server.url);
  const publicClient = createPublicClient({ transport, pollingInterval: 50 });
  const [payer, payee] = chain.accounts;
  const walletClient = createWalletClient({ transport, account: payer! });
  const hash = await walletClient.sendTransaction({ to: payee!.address, value: 42n, chain: null });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, 'success');
  assert.equal(await publicClient.getBlockNumber(), receipt.blockNumber);
});

test('answers batches in order, and errors as JSON-RPC errors with their codes', async () => {
  const { json } = await post([
    { jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] },
    { jsonrpc: '2.0', id: 2, method: 'hardhat_reset', params: [] },
    { jsonrpc: '2.0', id: 3, method: 'eth_getBalance', params: ['not an address', 'latest'] },
  ]);
  const answers = json as { id: number; result?: unknown; error?: { code: number } }[];
  assert.deepEqual(
    answers.map((answer) => answer.id),
    [1, 2, 3],
  );
  assert.match(String(answers[0]!.result), /^0x[0-9a-f]+$/);
  assert.equal(answers[1]!.error?.code, -32004);
  assert.equal(typeof answers[2]!.error?.code, 'number');
});

test('a body that is not JSON is a parse error', async () => {
  assert.deepEqual((await post('{"jsonrpc":')).json, {
    jsonrpc: '2.0',
    id: null,
    error: { code: -32700, message: 'Parse error: the body is not JSON.' },
  });
});

test('a port in use is an error naming the port and the flag that changes it', async () => {
  await assert.rejects(chain.serve({ port: server.port }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.code, 'port-in-use');
    assert.match(error.message, new RegExp(`Port ${server.port} on 127\\.0\\.0\\.1 is already in use`));
    assert.match(error.message, /--rpc-port <port>/);
    return true;
  });
});
