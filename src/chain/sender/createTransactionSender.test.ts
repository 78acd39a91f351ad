import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encodeFunctionData, parseEther, parseUnits } from 'viem';
import type { Database } from '../../db/createDatabase.js';
import { createTestDatabase } from '../../db/createTestDatabase.js';
import { testStablecoinAbi, testStablecoinBytecode } from '../contracts/generated/TestStablecoin.js';
import { createTestChain, type TestChain } from '../embedded/createTestChain.js';
import { createSigningWorker } from './createSigningWorker.js';
import { createTransactionSender } from './createTransactionSender.js';

let chain: TestChain;
let database: Database;
before(async () => {
  [chain, database] = await Promise.all([createTestChain(), createTestDatabase()]);
});
after(async () => {
  await Promise.all([chain.close(), database.close()]);
});

function sender() {
  return createTransactionSender({
    db: database.db,
    publicClient: chain.publicClient as never,
    account: chain.accounts[0]!,
    chainId: chain.chain.id,
    retryDelayMs: 5,
  });
}

test('the same idempotency key sends once, and a different transaction under it is refused', async () => {
  const recipient = chain.accounts[5]!.address;
  const before = await chain.publicClient.getBalance({ address: recipient });
  const first = await sender().send({
    idempotencyKey: 'pay:1',
    to: recipient,
    value: parseEther('1'),
    purpose: 'test',
  });
  const second = await sender().send({
    idempotencyKey: 'pay:1',
    to: recipient,
    value: parseEther('1'),
    purpose: 'test',
  });
  assert.equal(first.status, 'confirmed');
  assert.equal(second.txHash, first.txHash);
  assert.equal(await chain.publicClient.getBalance({ address: recipient }), before + parseEther('1'));
  await assert.rejects(
    sender().send({ idempotencyKey: 'pay:1', to: recipient, value: parseEther('2'), purpose: 'test' }),
    /already used/,
  );
});

test('after a crash between signing and broadcasting, resume sends the stored bytes once and never again', async () => {
  const recipient = chain.accounts[6]!.address;
  const start = await chain.publicClient.getBalance({ address: recipient });
  // "Crash": the intents are signed and stored, but the process dies before broadcasting them.
  const crashed = sender();
  const a = await crashed.prepare({ idempotencyKey: 'crash:a', to: recipient, value: 10n, purpose: 'test' });
  const b = await crashed.prepare({ idempotencyKey: 'crash:b', to: recipient, value: 20n, purpose: 'test' });
  assert.equal(a.status, 'signed');
  assert.equal(b.nonce, a.nonce! + 1n);
  // Half-delivered: the first one reached the node before the crash.
  await chain.publicClient.sendRawTransaction({
    serializedTransaction: (
      await database.db.selectFrom('chain_outbox').select('signed_raw').where('id', '=', a.id).executeTakeFirstOrThrow()
    ).signed_raw as `0x${string}`,
  });

  const restarted = sender();
  assert.deepEqual(await restarted.resume(), { resumed: 2, confirmed: 2, reverted: 0, failed: 0 });
  assert.deepEqual(await restarted.resume(), { resumed: 0, confirmed: 0, reverted: 0, failed: 0 });
  assert.equal(await chain.publicClient.getBalance({ address: recipient }), start + 30n);
  // A new transaction after the resume takes the next nonce.
  const c = await restarted.send({ idempotencyKey: 'crash:c', to: recipient, value: 1n, purpose: 'test' });
  assert.equal(c.status, 'confirmed');
  assert.equal(c.nonce, b.nonce! + 1n);
});

test('an ERC-20 transfer that would revert is recorded as failed at estimation, with the reason', async () => {
  const token = await chain.deploy({
    abi: testStablecoinAbi,
    bytecode: testStablecoinBytecode,
    args: ['Test USD', 'TUSD', chain.accounts[0]!.address] as never,
  });
  const data = encodeFunctionData({
    abi: testStablecoinAbi,
    functionName: 'transfer',
    args: [chain.accounts[7]!.address, parseUnits('5', 6)],
  });
  const record = await sender().send({ idempotencyKey: 'erc20:too-much', to: token, data, purpose: 'test' });
  assert.equal(record.status, 'failed');
  assert.match(record.error ?? '', /gas estimation failed/);
});

test('many transfers keep their nonces in order and all confirm', async () => {
  const s = sender();
  const intents = Array.from({ length: 25 }, (_, i) => ({
    idempotencyKey: `many:${i}`,
    to: chain.accounts[8]!.address,
    value: BigInt(i + 1),
    purpose: 'test',
  }));
  const records = await s.sendMany(intents);
  assert.ok(records.every((r) => r.status === 'confirmed'));
  const nonces = records.map((r) => r.nonce!);
  for (let i = 1; i < nonces.length; i++) assert.equal(nonces[i], nonces[i - 1]! + 1n);
});

function batchSender() {
  return createTransactionSender({
    db: database.db,
    publicClient: chain.publicClient as never,
    account: chain.accounts[0]!,
    chainId: chain.chain.id,
    retryDelayMs: 5,
    broadcastBatch: chain.embeddedChain.sendRawTransactions,
  });
}

test('through batch broadcasts, many transfers each confirm once, in order, one block each', async () => {
  const token = await chain.deploy({
    abi: testStablecoinAbi,
    bytecode: testStablecoinBytecode,
    args: ['Test USD', 'TUSD', chain.accounts[0]!.address] as never,
  });
  await chain.walletClient.writeContract({
    address: token,
    abi: testStablecoinAbi,
    functionName: 'mint',
    args: [chain.accounts[0]!.address, parseUnits('1000', 6)],
  });
  const holder = (i: number) => `0x${(0x7000 + i).toString(16).padStart(40, '0')}` as const;
  // More than one chunk of the pipeline (200), half of them with the gas given.
  const intents = Array.from({ length: 450 }, (_, i) => ({
    idempotencyKey: `batch:${i}`,
    to: token,
    data: encodeFunctionData({ abi: testStablecoinAbi, functionName: 'transfer', args: [holder(i), BigInt(i + 1)] }),
    purpose: 'test',
    gas: i % 2 === 0 ? 80_000n : undefined,
  }));
  const s = batchSender();
  const startBlock = await chain.publicClient.getBlockNumber();
  const records = await s.sendMany(intents);
  assert.deepEqual(
    records.map((r) => r.idempotencyKey),
    intents.map((i) => i.idempotencyKey),
  );
  assert.ok(records.every((r) => r.status === 'confirmed'));
  for (let i = 1; i < records.length; i++) {
    assert.equal(records[i]!.nonce, records[i - 1]!.nonce! + 1n);
    assert.equal(records[i]!.blockNumber, records[i - 1]!.blockNumber! + 1n);
  }
  assert.equal(await chain.publicClient.getBlockNumber(), startBlock + 450n);
  // What was returned is what was stored.
  assert.deepEqual(await s.get('batch:449'), records[449]);
  // Asking again sends nothing.
  assert.deepEqual(await batchSender().sendMany(intents), records);
  assert.equal(await chain.publicClient.getBlockNumber(), startBlock + 450n);
  for (const i of [0, 1, 223, 449])
    assert.equal(
      await chain.publicClient.readContract({
        address: token,
        abi: testStablecoinAbi,
        functionName: 'balanceOf',
        args: [holder(i)],
      }),
      BigInt(i + 1),
    );
});

test('resume settles a half-delivered batch through batch broadcasts without sending twice', async () => {
  const recipient = chain.accounts[9]!.address;
  const start = await chain.publicClient.getBalance({ address: recipient });
  const crashed = batchSender();
  const prepared = [];
  for (const [i, value] of [100n, 200n, 300n].entries())
    prepared.push(await crashed.prepare({ idempotencyKey: `half:${i}`, to: recipient, value, purpose: 'test' }));
  // The first one reached the chain before the crash.
  const raw = await database.db
    .selectFrom('chain_outbox')
    .select('signed_raw')
    .where('id', '=', prepared[0]!.id)
    .executeTakeFirstOrThrow();
  await chain.publicClient.sendRawTransaction({ serializedTransaction: raw.signed_raw as `0x${string}` });

  assert.deepEqual(await batchSender().resume(), { resumed: 3, confirmed: 3, reverted: 0, failed: 0 });
  assert.deepEqual(await batchSender().resume(), { resumed: 0, confirmed: 0, reverted: 0, failed: 0 });
  assert.equal(await chain.publicClient.getBalance({ address: recipient }), start + 600n);
  const records = await Promise.all([0, 1, 2].map((i) => batchSender().get(`half:${i}`)));
  assert.deepEqual(
    records.map((r) => r?.txHash),
    prepared.map((r) => r.txHash),
  );
});

test('a transaction the chain refuses in a batch is recorded failed with the reason; the others confirm', async () => {
  const recipient = chain.accounts[4]!.address;
  const records = await batchSender().sendMany([
    { idempotencyKey: 'refused:0', to: recipient, value: 1n, purpose: 'test' },
    { idempotencyKey: 'refused:1', to: recipient, value: 2n, purpose: 'test', gas: 20_000n },
  ]);
  assert.deepEqual(
    records.map((r) => r.status),
    ['confirmed', 'failed'],
  );
  assert.match(records[1]!.error ?? '', /rejected by the node \(nonce \d+\): .*21000/);
  // It never took its nonce (the record keeps none): the next transaction takes it.
  assert.equal(records[1]!.nonce, null);
  const next = await batchSender().send({ idempotencyKey: 'refused:2', to: recipient, value: 3n, purpose: 'test' });
  assert.equal(next.status, 'confirmed');
  assert.equal(next.nonce, records[0]!.nonce! + 1n);
});

test('a signing thread signs exactly as the account does, and must sign as the same account', async () => {
  const account = chain.accounts[0]!;
  const signer = createSigningWorker(account.privateKey);
  try {
    const transactions = [0, 1, 2].map((nonce) => ({
      chainId: chain.chain.id,
      type: 'eip1559' as const,
      to: chain.accounts[1]!.address,
      value: BigInt(nonce),
      gas: 21_000n,
      nonce,
      maxFeePerGas: 3_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
    }));
    assert.deepEqual(
      await signer.signTransactions(transactions),
      await Promise.all(transactions.map((t) => account.signTransaction(t))),
    );
    assert.throws(
      () =>
        createTransactionSender({
          db: database.db,
          publicClient: chain.publicClient as never,
          account: chain.accounts[1]!,
          chainId: chain.chain.id,
          signer,
        }),
      /signs as 0x/,
    );
    const s = createTransactionSender({
      db: database.db,
      publicClient: chain.publicClient as never,
      account,
      chainId: chain.chain.id,
      signer,
      broadcastBatch: chain.embeddedChain.sendRawTransactions,
    });
    const records = await s.sendMany(
      [1n, 2n].map((value) => ({
        idempotencyKey: `worker:${value}`,
        to: chain.accounts[3]!.address,
        value,
        purpose: 'test',
      })),
    );
    assert.ok(records.every((r) => r.status === 'confirmed'));
  } finally {
    await signer.close();
  }
  await assert.rejects(signer.signTransactions([{ chainId: 1, type: 'eip1559' }]), /closed/);
});
