import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Address, erc20Abi, parseUnits } from 'viem';
import type { Database } from '../../db/createDatabase.js';
import { createTestDatabase } from '../../db/createTestDatabase.js';
import { testStablecoinAbi, testStablecoinBytecode } from '../contracts/generated/TestStablecoin.js';
import { createTestChain, type TestChain } from '../embedded/createTestChain.js';
import { createChainIndexer } from './createChainIndexer.js';

let chain: TestChain;
let database: Database;
let token: Address;
before(async () => {
  [chain, database] = await Promise.all([createTestChain(), createTestDatabase()]);
  token = await chain.deploy({
    abi: testStablecoinAbi,
    bytecode: testStablecoinBytecode,
    args: ['Test USD', 'TUSD', chain.accounts[0]!.address] as never,
  });
});
after(async () => {
  await Promise.all([chain.close(), database.close()]);
});

async function transfer(to: Address, amount: string) {
  const hash = await chain.walletClient.writeContract({
    address: token,
    abi: erc20Abi,
    functionName: 'transfer',
    args: [to, parseUnits(amount, 6)],
  });
  await chain.publicClient.waitForTransactionReceipt({ hash });
}

test('the indexer stores transfers of known tokens, and undoes a reorg', async () => {
  const hash = await chain.walletClient.writeContract({
    address: token,
    abi: testStablecoinAbi,
    functionName: 'mint',
    args: [chain.accounts[0]!.address, parseUnits('1000', 6)],
  });
  await chain.publicClient.waitForTransactionReceipt({ hash });
  const indexer = createChainIndexer({
    db: database.db,
    publicClient: chain.publicClient as never,
    chainId: chain.chain.id,
    contracts: () => [{ address: token, abi: erc20Abi, label: 'TUSD' }],
  });

  await transfer(chain.accounts[1]!.address, '10');
  const first = await indexer.sync();
  assert.equal(first.reorged, false);
  const transfers = await indexer.events({ eventName: 'TUSD.Transfer' });
  assert.equal(transfers.length, 2); // the mint (from 0x0) and the transfer
  assert.equal(transfers[1]!.args.value, '10000000');

  // A reorg: the last block is replaced by another one with a different transfer.
  const snapshot = await chain.publicClient.request({ method: 'evm_snapshot' } as never);
  await transfer(chain.accounts[2]!.address, '20');
  await indexer.sync();
  assert.equal((await indexer.events({ eventName: 'TUSD.Transfer' })).length, 3);
  await chain.publicClient.request({ method: 'evm_revert', params: [snapshot] } as never);
  await chain.publicClient.request({ method: 'evm_mine' } as never); // a different block at the same height
  await transfer(chain.accounts[3]!.address, '30');

  const afterReorg = await indexer.sync();
  assert.equal(afterReorg.reorged, true);
  const values = (await indexer.events({ eventName: 'TUSD.Transfer' })).map((event) => [
    String(event.args.to).toLowerCase(),
    event.args.value,
  ]);
  assert.deepEqual(values.slice(1), [
    [chain.accounts[1]!.address.toLowerCase(), '10000000'],
    [chain.accounts[3]!.address.toLowerCase(), '30000000'],
  ]);
});
