import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { type Address, encodeFunctionData, type Hex, keccak256, parseEther } from 'viem';
import { ConfigError } from '../../errors/BaseError.js';
import { testStablecoinAbi } from '../contracts/generated/TestStablecoin.js';
import { createChainClients } from '../createChainClients.js';
import { createEmbeddedChain, type EmbeddedChain, sendRawTransactionsMethod } from './createEmbeddedChain.js';
import { deployTandemContracts } from './deployTandemContracts.js';

const root = mkdtempSync(join(tmpdir(), 'tandem-chain-'));
after(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const newDataDir = () => join(root, `chain-${++folders}`);

test('a restarted chain has the same blocks, balances, receipts and contract code', async () => {
  const dataDir = newDataDir();
  const first = await createEmbeddedChain({ dataDir });
  const clients = await createChainClients({ embeddedChain: first });
  const contracts = await deployTandemContracts({ ...clients, dataDir });
  const [, employee] = first.accounts;
  const payout = await clients.walletClient.writeContract({
    address: contracts.usdc.address,
    abi: testStablecoinAbi,
    functionName: 'transfer',
    args: [employee!.address, 1_234_560000n],
  });
  const ether = await clients.walletClient.sendTransaction({ to: employee!.address, value: parseEther('1.5') });
  const before = {
    block: await clients.publicClient.getBlock(),
    usdc: await clients.publicClient.readContract({
      address: contracts.usdc.address,
      abi: testStablecoinAbi,
      functionName: 'balanceOf',
      args: [employee!.address],
    }),
    ether: await clients.publicClient.getBalance({ address: employee!.address }),
    receipt: await clients.publicClient.getTransactionReceipt({ hash: payout }),
    code: await clients.publicClient.getCode({ address: contracts.usdc.address }),
  };
  await first.close();

  const second = await createEmbeddedChain({ dataDir });
  const again = await createChainClients({ embeddedChain: second });
  try {
    assert.equal(second.startup.replayedEntries, Number(before.block.number));
    assert.deepEqual(await again.publicClient.getBlock(), before.block);
    assert.equal(
      await again.publicClient.readContract({
        address: contracts.usdc.address,
        abi: testStablecoinAbi,
        functionName: 'balanceOf',
        args: [employee!.address],
      }),
      1_234_560000n,
    );
    assert.equal(before.usdc, 1_234_560000n);
    assert.equal(await again.publicClient.getBalance({ address: employee!.address }), before.ether);
    assert.deepEqual(await again.publicClient.getTransactionReceipt({ hash: payout }), before.receipt);
    assert.equal((await again.publicClient.getTransactionReceipt({ hash: ether })).status, 'success');
    assert.equal(await again.publicClient.getCode({ address: contracts.usdc.address }), before.code);

    // The recorded deployments are reused: nothing is deployed or minted again.
    assert.deepEqual(await deployTandemContracts({ ...again, dataDir }), contracts);
    assert.equal(await again.publicClient.getBlockNumber(), before.block.number);

    // And the chain goes on from where it was.
    await again.walletClient.sendTransaction({ to: employee!.address, value: 1n });
    assert.equal(await again.publicClient.getBlockNumber(), before.block.number + 1n);
  } finally {
    await second.close();
  }
});

test('time travel and snapshots are journaled and survive a restart', async () => {
  const dataDir = newDataDir();
  const first = await createEmbeddedChain({ dataDir });
  const { provider } = first;
  const { publicClient } = await createChainClients({ embeddedChain: first });
  const genesis = await publicClient.getBlock({ blockNumber: 0n });
  await provider.request({ method: 'evm_increaseTime', params: [86_400] });
  await provider.request({ method: 'evm_mine', params: [] });
  const snapshot = await provider.request({ method: 'evm_snapshot', params: [] });
  await provider.request({ method: 'hardhat_mine', params: ['0x3', '0x3c'] });
  const afterMine = await publicClient.getBlock();
  await first.close();

  const second = await createEmbeddedChain({ dataDir });
  try {
    const again = await createChainClients({ embeddedChain: second });
    assert.deepEqual(await again.publicClient.getBlock(), afterMine);
    // Calls before the next block already see the chain clock, a day ahead of the wall clock.
    const pending = await again.publicClient.getBlock({ blockTag: 'pending' });
    assert.ok(pending.timestamp >= BigInt(Math.floor(Date.now() / 1000)) + 86_400n - 5n);
    const dayLater = await again.publicClient.getBlock({ blockNumber: 1n });
    assert.ok(dayLater.timestamp >= genesis.timestamp + 86_400n, 'evm_increaseTime moved the clock a day on');
    assert.equal(afterMine.timestamp - (await again.publicClient.getBlock({ blockNumber: 2n })).timestamp, 120n);
    // A snapshot taken before the restart can be reverted to after it.
    assert.equal(await second.provider.request({ method: 'evm_revert', params: [snapshot] }), true);
    assert.equal(await again.publicClient.getBlockNumber(), 1n);
    // The clock kept its day's lead over the wall clock.
    await second.provider.request({ method: 'evm_mine', params: [] });
    const next = await again.publicClient.getBlock();
    assert.ok(next.timestamp >= BigInt(Math.floor(Date.now() / 1000)) + 86_400n - 5n);
  } finally {
    await second.close();
  }
  // The revert itself was journaled too.
  const third = await createEmbeddedChain({ dataDir });
  const { publicClient: thirdClient } = await createChainClients({ embeddedChain: third });
  assert.equal(await thirdClient.getBlockNumber(), 2n);
  await third.close();
});

test('after downtime the chain clock resumes from the wall clock plus its offset, also for calls', async () => {
  const dataDir = newDataDir();
  const first = await createEmbeddedChain({ dataDir });
  await first.provider.request({ method: 'evm_increaseTime', params: [600] });
  await first.close();
  // As if the chain had been created, and last stopped, an hour ago.
  const metadataPath = join(dataDir, 'chain.json');
  const metadata = JSON.parse(readFileSync(metadataPath, 'utf8'));
  writeFileSync(metadataPath, JSON.stringify({ ...metadata, genesisTimestamp: metadata.genesisTimestamp - 3600 }));

  const second = await createEmbeddedChain({ dataDir });
  try {
    const { publicClient } = await createChainClients({ embeddedChain: second });
    const pending = await publicClient.getBlock({ blockTag: 'pending' });
    const expected = BigInt(Math.floor(Date.now() / 1000)) + 600n;
    assert.ok(
      pending.timestamp >= expected - 5n && pending.timestamp <= expected + 5n,
      `${pending.timestamp} vs ${expected}`,
    );
  } finally {
    await second.close();
  }
});

test('a torn last journal line is ignored and reported; the chain before it is intact', async () => {
  const dataDir = newDataDir();
  const first = await createEmbeddedChain({ dataDir });
  const clients = await createChainClients({ embeddedChain: first });
  const to = first.accounts[1]!.address;
  await clients.walletClient.sendTransaction({ to, value: 1n });
  await clients.walletClient.sendTransaction({ to, value: 2n });
  const head = await clients.publicClient.getBlock();
  await first.close();
  // A crash in the middle of writing a third entry.
  appendFileSync(join(dataDir, 'journal.ndjson'), '{"m":"eth_sendRawTransaction","p":["0x02f8');

  const warnings: string[] = [];
  const second = await createEmbeddedChain({
    dataDir,
    logger: { info() {}, warn: (message) => warnings.push(message) },
  });
  try {
    assert.equal(second.startup.replayedEntries, 2);
    assert.equal(second.startup.warnings.length, 1);
    assert.match(warnings[0]!, /journal\.ndjson: line 3 \(\d+ bytes\) was torn by a crash and is ignored/);
    const again = await createChainClients({ embeddedChain: second });
    assert.deepEqual(await again.publicClient.getBlock(), head);
    await again.walletClient.sendTransaction({ to, value: 3n });
  } finally {
    await second.close();
  }
  const third = await createEmbeddedChain({ dataDir });
  assert.deepEqual([third.startup.replayedEntries, third.startup.warnings], [3, []]);
  await third.close();
});

test('a corrupt journal stops the start with an error naming the file and line', async () => {
  const dataDir = newDataDir();
  const first = await createEmbeddedChain({ dataDir });
  await first.provider.request({ method: 'evm_mine', params: [] });
  await first.provider.request({ method: 'evm_mine', params: [] });
  await first.close();
  const path = join(dataDir, 'journal.ndjson');
  const lines = readFileSync(path, 'utf8').split('\n');
  writeFileSync(path, [lines[0], 'not json', lines[1], ''].join('\n'));
  await assert.rejects(createEmbeddedChain({ dataDir }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.shortMessage, `The chain journal ${path} is corrupt at line 2.`);
    return true;
  });
  // The failed start left the folder unlocked.
  writeFileSync(path, [lines[0], lines[1], ''].join('\n'));
  const fixed = await createEmbeddedChain({ dataDir });
  assert.equal(fixed.startup.replayedEntries, 2);
  await fixed.close();
});

test('a journal that replays to another chain is refused, naming the line', async () => {
  const dataDir = newDataDir();
  const first = await createEmbeddedChain({ dataDir });
  await first.provider.request({ method: 'evm_mine', params: [] });
  await first.close();
  const path = join(dataDir, 'journal.ndjson');
  const entry = JSON.parse(readFileSync(path, 'utf8'));
  writeFileSync(path, `${JSON.stringify({ ...entry, t: entry.t + 1 })}\n`);
  await assert.rejects(createEmbeddedChain({ dataDir }), /does not replay to the same chain \(line 1\)/);
});

test('one data folder serves one chain at a time', async () => {
  const dataDir = newDataDir();
  const first = await createEmbeddedChain({ dataDir });
  try {
    await assert.rejects(createEmbeddedChain({ dataDir }), /already open in process/);
  } finally {
    await first.close();
  }
  await (await createEmbeddedChain({ dataDir })).close();
});

test('a data folder keeps the chain id it was created with', async () => {
  const dataDir = newDataDir();
  await (await createEmbeddedChain({ dataDir, chainId: 1337 })).close();
  await assert.rejects(createEmbeddedChain({ dataDir, chainId: 31337 }), /created with chainId 1337, not 31337/);
  const reopened = await createEmbeddedChain({ dataDir });
  assert.equal(reopened.chainId, 1337);
  await reopened.close();
});

test('requests that cannot be journaled are refused with the reason', async () => {
  const chain = await createEmbeddedChain();
  try {
    await assert.rejects(chain.provider.request({ method: 'hardhat_reset', params: [] }), (error: unknown) => {
      assert.equal((error as { code: number }).code, -32004);
      assert.match((error as Error).message, /hardhat_reset is not available .* survive restarts/);
      return true;
    });
    await assert.rejects(chain.provider.request({ method: 'evm_setAutomine', params: [false] }), /not available/);
    assert.equal(await chain.provider.request({ method: 'eth_chainId' }), '0x7a69');
  } finally {
    await chain.close();
  }
});

/** Signed USDC transfers of 1.00 to fresh addresses 0x…<first>, 0x…<first + 1>, … from the first dev account. */
async function signTransfers(chain: EmbeddedChain, token: Address, first: number, count: number): Promise<Hex[]> {
  const { publicClient } = await createChainClients({ embeddedChain: chain });
  const payer = chain.accounts[0]!;
  const nonce = await publicClient.getTransactionCount({ address: payer.address, blockTag: 'pending' });
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      payer.signTransaction({
        chainId: chain.chainId,
        type: 'eip1559',
        to: token,
        data: encodeFunctionData({
          abi: testStablecoinAbi,
          functionName: 'transfer',
          args: [holder(first + i), 1_000000n],
        }),
        gas: 80_000n,
        nonce: nonce + i,
        maxFeePerGas: 10_000_000_000n,
        maxPriorityFeePerGas: 1_000_000_000n,
      }),
    ),
  );
}
const holder = (n: number) => `0x${(0x5000 + n).toString(16).padStart(40, '0')}` as Address;

test('a batch of raw transactions is mined one block each, journaled as one entry, and replays to the same chain', async () => {
  const dataDir = newDataDir();
  const first = await createEmbeddedChain({ dataDir });
  const clients = await createChainClients({ embeddedChain: first });
  const { usdc } = await deployTandemContracts({ ...clients });
  const startBlock = await clients.publicClient.getBlockNumber();
  const linesBefore = readFileSync(join(dataDir, 'journal.ndjson'), 'utf8').split('\n').length;
  const signed = await signTransfers(first, usdc.address, 0, 30);
  // Two the chain refuses, in the middle: a transaction it already has, and bytes that are no transaction at all.
  const batch = [...signed.slice(0, 10), signed[3]!, ...signed.slice(10, 20), '0x1234' as Hex, ...signed.slice(20)];
  const outcomes = await first.sendRawTransactions(batch);

  assert.equal(outcomes.length, 32);
  assert.match(String((outcomes[10] as { error: Error }).error.message), /known transaction|nonce too low/i);
  assert.ok('error' in outcomes[21]!);
  const mined = outcomes.filter((o) => 'hash' in o);
  assert.deepEqual(
    mined.map((o) => o.hash),
    signed.map((raw) => keccak256(raw)),
  );
  assert.ok(mined.every((o) => o.receipt?.status === 'success'));
  assert.deepEqual(
    mined.map((o) => o.receipt?.blockNumber),
    signed.map((_, i) => startBlock + 1n + BigInt(i)),
  );
  const blocks = await Promise.all(
    signed.map((_, i) => clients.publicClient.getBlock({ blockNumber: startBlock + 1n + BigInt(i) })),
  );
  for (let i = 1; i < blocks.length; i++) assert.equal(blocks[i]!.timestamp, blocks[i - 1]!.timestamp + 1n);
  assert.equal(readFileSync(join(dataDir, 'journal.ndjson'), 'utf8').split('\n').length, linesBefore + 1);
  const balanceOf = (publicClient: typeof clients.publicClient, n: number) =>
    publicClient.readContract({
      address: usdc.address,
      abi: testStablecoinAbi,
      functionName: 'balanceOf',
      args: [holder(n)],
    });
  const head = await clients.publicClient.getBlock();
  const receipt = await clients.publicClient.getTransactionReceipt({ hash: mined[29]!.hash });
  await first.close();

  const second = await createEmbeddedChain({ dataDir });
  try {
    const again = await createChainClients({ embeddedChain: second });
    assert.deepEqual(await again.publicClient.getBlock(), head);
    assert.deepEqual(await again.publicClient.getTransactionReceipt({ hash: mined[29]!.hash }), receipt);
    for (let n = 0; n < 30; n++) assert.equal(await balanceOf(again.publicClient, n), 1_000000n);
    // The chain goes on after the batch, also with another batch.
    const more = await second.sendRawTransactions(await signTransfers(second, usdc.address, 30, 3));
    assert.deepEqual(
      more.map((o) => ('hash' in o ? o.receipt?.blockNumber : o.error)),
      [1n, 2n, 3n].map((k) => head.number + k),
    );
  } finally {
    await second.close();
  }
});

test('concurrent transactions share journal syncs and survive a restart', async () => {
  const dataDir = newDataDir();
  const first = await createEmbeddedChain({ dataDir });
  const clients = await createChainClients({ embeddedChain: first });
  const { usdc } = await deployTandemContracts({ ...clients });
  const signed = await signTransfers(first, usdc.address, 100, 20);
  // Issued at once, in nonce order: each is acknowledged once its entry is on disk.
  const hashes = await Promise.all(
    signed.map((raw) => first.provider.request({ method: 'eth_sendRawTransaction', params: [raw] })),
  );
  assert.deepEqual(
    hashes,
    signed.map((raw) => keccak256(raw)),
  );
  const head = await clients.publicClient.getBlock();
  await first.close();
  const second = await createEmbeddedChain({ dataDir });
  try {
    const again = await createChainClients({ embeddedChain: second });
    assert.deepEqual(await again.publicClient.getBlock(), head);
    for (let n = 100; n < 120; n++)
      assert.equal(
        await again.publicClient.readContract({
          address: usdc.address,
          abi: testStablecoinAbi,
          functionName: 'balanceOf',
          args: [holder(n)],
        }),
        1_000000n,
      );
  } finally {
    await second.close();
  }
});

test('tandem_sendRawTransactions refuses anything but a list of signed transactions', async () => {
  const chain = await createEmbeddedChain();
  try {
    for (const params of [[], [[]], [['0x12', 'nope']], ['0x12']])
      await assert.rejects(chain.provider.request({ method: sendRawTransactionsMethod, params }), (error: unknown) => {
        assert.equal((error as { code: number }).code, -32602);
        return true;
      });
    assert.equal(await chain.provider.request({ method: 'eth_blockNumber' }), '0x0');
  } finally {
    await chain.close();
  }
});

test('a transaction that no longer replays is named by its journal line, also among many sent one by one', async () => {
  const dataDir = newDataDir();
  const first = await createEmbeddedChain({ dataDir });
  const { walletClient } = await createChainClients({ embeddedChain: first });
  for (let value = 1n; value <= 5n; value++)
    await walletClient.sendTransaction({ to: first.accounts[1]!.address, value });
  await first.close();
  const path = join(dataDir, 'journal.ndjson');
  const lines = readFileSync(path, 'utf8').split('\n');
  // Line 4 now sends line 3's transaction again: its nonce is used by then.
  writeFileSync(
    path,
    lines
      .map((line, i) => (i === 3 ? JSON.stringify({ ...JSON.parse(line), p: JSON.parse(lines[2]!).p }) : line))
      .join('\n'),
  );
  await assert.rejects(createEmbeddedChain({ dataDir }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.shortMessage, /does not replay to the same chain \(line 4\)/);
    assert.match(error.message, /eth_sendRawTransaction now fails/);
    return true;
  });
});
