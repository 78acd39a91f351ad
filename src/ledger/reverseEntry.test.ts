import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ConflictError, NotFoundError } from '../errors/BaseError.js';
import { createTestLedger, type TestLedger } from './createTestLedger.js';

let testLedger: TestLedger;
before(async () => {
  testLedger = await createTestLedger();
});
after(() => testLedger.close());

test('a reversal posts the mirror image, linked to the entry, and cancels its balances', async () => {
  const { ledger } = testLedger;
  const { companyId, accounts } = await testLedger.createCompany();
  const { entry } = await ledger.postEntry({
    companyId,
    idempotencyKey: 'salary',
    date: '2025-01-31',
    description: 'Salary to the wrong IBAN',
    postings: [
      { accountId: accounts.salaries.id, amount: 250_000n },
      { accountId: accounts.bank.id, amount: -250_000n },
    ],
  });
  const { entry: reversal, created } = await ledger.reverseEntry(entry.id, {
    idempotencyKey: `reverse:${entry.id}`,
    reason: 'Wrong IBAN',
    date: '2025-02-03',
  });
  assert.equal(created, true);
  assert.equal(reversal.reversesEntryId, entry.id);
  assert.equal(reversal.date, '2025-02-03');
  assert.deepEqual(reversal.metadata, { reason: 'Wrong IBAN' });
  assert.deepEqual(
    reversal.postings,
    entry.postings.map((posting) => ({ ...posting, amount: -posting.amount })),
  );
  assert.equal(await ledger.accountBalance(accounts.bank.id), 0n);
  // History as of the original date is unchanged.
  assert.equal(await ledger.accountBalance(accounts.bank.id, '2025-01-31'), -250_000n);
  assert.equal((await ledger.checkLedger({ companyId })).ok, true);
});

test('an entry is reversed once: the same key returns the reversal, another key is a ConflictError', async () => {
  const { ledger } = testLedger;
  const { companyId, accounts } = await testLedger.createCompany();
  const { entry } = await ledger.postEntry({
    companyId,
    idempotencyKey: 'salary',
    date: '2025-01-31',
    description: 'Salary',
    postings: [
      { accountId: accounts.salaries.id, amount: 100n },
      { accountId: accounts.bank.id, amount: -100n },
    ],
  });
  const first = await ledger.reverseEntry(entry.id, { idempotencyKey: 'reverse-1', reason: 'Duplicate' });
  const retry = await ledger.reverseEntry(entry.id, { idempotencyKey: 'reverse-1', reason: 'Duplicate' });
  assert.equal(retry.created, false);
  assert.equal(retry.entry.id, first.entry.id);
  await assert.rejects(
    ledger.reverseEntry(entry.id, { idempotencyKey: 'reverse-2', reason: 'Duplicate' }),
    (error) => error instanceof ConflictError && error.field === 'entryId',
  );
  // The key is taken by another entry.
  await assert.rejects(
    ledger.reverseEntry(entry.id, { idempotencyKey: 'salary', reason: 'Duplicate' }),
    (error) => error instanceof ConflictError && error.field === 'idempotencyKey',
  );
  // A reversal is an entry too, and can itself be reversed once.
  const again = await ledger.reverseEntry(first.entry.id, {
    idempotencyKey: 'reverse-reversal',
    reason: 'Not a duplicate',
  });
  assert.deepEqual(again.entry.postings, entry.postings);
  assert.equal(await ledger.accountBalance(accounts.bank.id), -100n);
  await assert.rejects(
    ledger.reverseEntry('00000000-0000-4000-8000-000000000000', { idempotencyKey: 'x', reason: 'y' }),
    NotFoundError,
  );
});
