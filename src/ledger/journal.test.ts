import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ValidationError } from '../errors/BaseError.js';
import { createTestLedger, type TestLedger } from './createTestLedger.js';
import type { LedgerEntry } from './LedgerEntry.js';

let testLedger: TestLedger;
before(async () => {
  testLedger = await createTestLedger();
});
after(() => testLedger.close());

test('the journal pages through entries by date, filtered by account and date range', async () => {
  const { ledger } = testLedger;
  const { companyId, accounts } = await testLedger.createCompany();
  const dates = ['2025-03-01', '2025-01-15', '2025-02-01', '2025-01-15', '2025-02-20'];
  for (const [index, date] of dates.entries())
    await ledger.postEntry({
      companyId,
      idempotencyKey: `entry:${index}`,
      date,
      description: `Entry ${index}`,
      postings: [
        { accountId: index % 2 === 0 ? accounts.salaries.id : accounts.equity.id, amount: 100n },
        { accountId: accounts.bank.id, amount: -100n },
      ],
    });

  const pages: LedgerEntry[][] = [];
  let cursor: string | undefined;
  do {
    const page = await ledger.journal({ companyId, limit: 2, cursor });
    pages.push(page.entries);
    cursor = page.nextCursor;
  } while (cursor);
  assert.deepEqual(
    pages.map((page) => page.map((entry) => entry.description)),
    [['Entry 1', 'Entry 3'], ['Entry 2', 'Entry 4'], ['Entry 0']],
  );

  const salaries = await ledger.journal({ companyId, accountId: accounts.salaries.id });
  assert.deepEqual(
    salaries.entries.map((entry) => entry.description),
    ['Entry 2', 'Entry 4', 'Entry 0'],
  );
  const february = await ledger.journal({ companyId, from: '2025-02-01', to: '2025-02-28' });
  assert.deepEqual(
    february.entries.map((entry) => entry.date),
    ['2025-02-01', '2025-02-20'],
  );
  assert.equal(february.nextCursor, undefined);
  assert.ok(february.entries.every((entry) => entry.postings.length === 2));

  await assert.rejects(ledger.journal({ companyId, cursor: 'bogus' }), ValidationError);
  await assert.rejects(ledger.journal({ companyId, limit: 0 }), ValidationError);
});
