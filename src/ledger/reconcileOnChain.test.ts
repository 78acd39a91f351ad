import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestLedger, type TestLedger } from './createTestLedger.js';
import type { ReadChainBalance } from './reconcileOnChain.js';

let testLedger: TestLedger;
before(async () => {
  testLedger = await createTestLedger();
});
after(() => testLedger.close());

test('reconcileOnChain matches on-chain holdings and reports a mismatch with its difference', async () => {
  const { ledger } = testLedger;
  const { companyId, accounts } = await testLedger.createCompany();
  await ledger.postEntry({
    companyId,
    idempotencyKey: 'fund-vault',
    date: '2025-01-15',
    description: 'Fund the vault with 1,000 USDC',
    postings: [
      { accountId: accounts.vault.id, amount: 1_000_000_000n },
      { accountId: accounts.fxUsdc.id, amount: -1_000_000_000n },
    ],
  });
  const reads: Parameters<ReadChainBalance>[] = [];
  const chain = (balance: bigint): ReadChainBalance => {
    return async (...read) => {
      reads.push(read);
      return balance;
    };
  };

  const matched = await ledger.reconcileOnChain({ companyId, readChainBalance: chain(1_000_000_000n) });
  assert.equal(matched.ok, true);
  assert.deepEqual(reads[0], [31337, accounts.vault.address, 'USDC']);
  assert.equal(matched.accounts.length, 1, 'only accounts that mirror an on-chain holding');
  assert.equal(matched.accounts[0]?.status, 'matched');

  // 0.5 USDC arrived on chain that the ledger does not know about.
  const mismatched = await ledger.reconcileOnChain({ companyId, readChainBalance: chain(1_000_500_000n) });
  assert.equal(mismatched.ok, false);
  const [vault] = mismatched.accounts;
  assert.equal(vault?.status, 'mismatch');
  assert.equal(vault?.account.id, accounts.vault.id);
  assert.equal(vault?.ledgerBalance, 1_000_000_000n);
  assert.equal(vault?.chainBalance, 1_000_500_000n);
  assert.equal(vault?.difference, 500_000n);

  const unreadable = await ledger.reconcileOnChain({
    companyId,
    readChainBalance: async () => {
      throw new Error('RPC timeout');
    },
  });
  assert.equal(unreadable.ok, false);
  assert.equal(unreadable.accounts[0]?.status, 'unreadable');
  assert.equal(unreadable.accounts[0]?.error, 'RPC timeout');
});
