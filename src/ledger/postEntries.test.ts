import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ConflictError, ValidationError } from '../errors/BaseError.js';
import { createLedger } from './createLedger.js';
import { createTestLedger, type TestCompany, type TestLedger } from './createTestLedger.js';
import type { PostEntryParameters } from './postEntry.js';

let testLedger: TestLedger;
before(async () => {
  testLedger = await createTestLedger();
});
after(() => testLedger.close());

/** Salary entries, one per employee; entry i pays 1,000.00 + i cents. */
function salaries({ companyId, accounts }: TestCompany, count: number, from = 0): PostEntryParameters[] {
  return Array.from({ length: count }, (_, offset) => {
    const index = from + offset;
    return {
      companyId,
      idempotencyKey: `salary:${index}`,
      date: '2025-01-31',
      description: `Salary January, employee ${index}`,
      postings: [
        { accountId: accounts.salaries.id, amount: 100_000n + BigInt(index) },
        { accountId: accounts.bank.id, amount: -100_000n - BigInt(index) },
      ],
      metadata: { employee: index },
    };
  });
}

const total = (count: number, from = 0) =>
  Array.from({ length: count }, (_, offset) => 100_000n + BigInt(from + offset)).reduce((sum, amount) => sum + amount);

test('a batch posts every entry with its postings, in the order given, as postEntry would', async () => {
  const { ledger } = testLedger;
  const company = await testLedger.createCompany();
  const fx: PostEntryParameters = {
    companyId: company.companyId,
    idempotencyKey: 'fx:1',
    date: '2025-02-01',
    description: 'EUR to USDC',
    postings: [
      { accountId: company.accounts.fxEur.id, amount: 50_000n },
      { accountId: company.accounts.bank.id, amount: -50_000n },
      { accountId: company.accounts.vault.id, amount: 540_000_000n },
      { accountId: company.accounts.fxUsdc.id, amount: -540_000_000n },
    ],
  };
  const results = await ledger.postEntries([...salaries(company, 250), fx]);
  assert.equal(results.length, 251);
  assert.ok(results.every((result) => result.created));
  assert.deepEqual(
    results.map((result) => result.entry.idempotencyKey),
    [...salaries(company, 250).map((entry) => entry.idempotencyKey), 'fx:1'],
  );
  // What the batch answers is what the database holds.
  for (const index of [0, 137, 250])
    assert.deepEqual(await ledger.getEntry(results[index]!.entry.id), results[index]!.entry);
  assert.deepEqual(
    results[250]!.entry.postings.map((posting) => posting.currency),
    ['EUR', 'EUR', 'USDC', 'USDC'],
  );
  assert.equal(await ledger.accountBalance(company.accounts.salaries.id), total(250));
  assert.equal(await ledger.accountBalance(company.accounts.bank.id), -total(250) - 50_000n);
  const report = await ledger.checkLedger({ companyId: company.companyId });
  assert.equal(report.ok, true, JSON.stringify(report.checks));
  assert.equal(report.counts.entries, 251);
});

test('posting a batch again writes nothing; a batch of old and new entries writes only the new ones', async () => {
  const { ledger } = testLedger;
  const company = await testLedger.createCompany();
  const first = await ledger.postEntries(salaries(company, 10));
  const again = await ledger.postEntries(salaries(company, 15));
  assert.deepEqual(
    again.map((result) => result.created),
    [...Array(10).fill(false), ...Array(5).fill(true)],
  );
  assert.deepEqual(
    again.slice(0, 10).map((result) => result.entry),
    first.map((result) => result.entry),
  );
  assert.equal(await ledger.accountBalance(company.accounts.salaries.id), total(15));
});

test('a taken key with other content is a ConflictError naming the entry, and nothing of the batch is written', async () => {
  const { ledger } = testLedger;
  const company = await testLedger.createCompany();
  await ledger.postEntries(salaries(company, 3));
  const batch = salaries(company, 6);
  batch[2] = { ...batch[2]!, description: 'Salary January, corrected' };
  await assert.rejects(ledger.postEntries(batch), (error: unknown) => {
    assert.ok(error instanceof ConflictError);
    assert.equal(error.field, 'entries[2].idempotencyKey');
    assert.match(String(error.details), /differs in: description/);
    return true;
  });
  assert.equal(await ledger.accountBalance(company.accounts.salaries.id), total(3));
  const { entries } = await ledger.journal({ companyId: company.companyId });
  assert.equal(entries.length, 3);
});

test('a bad entry anywhere in a batch is refused by name before anything is written', async () => {
  const { ledger } = testLedger;
  const company = await testLedger.createCompany();
  const other = await testLedger.createCompany();
  const cases: Array<[string, (batch: PostEntryParameters[]) => unknown, string, RegExp]> = [
    [
      'unbalanced',
      (batch) => {
        batch[4] = { ...batch[4]!, postings: [batch[4]!.postings[0]!, { ...batch[4]!.postings[1]!, amount: -1n }] };
      },
      'entries[4].postings',
      /entries\[4\]: The postings in EUR do not balance/,
    ],
    [
      'float amount',
      (batch) => {
        batch[1] = {
          ...batch[1]!,
          postings: [batch[1]!.postings[0]!, { ...batch[1]!.postings[1]!, amount: 1.5 as never }],
        };
      },
      'entries[1].postings[1].amount',
      /bigint/,
    ],
    [
      "another company's account",
      (batch) => {
        batch[3] = {
          ...batch[3]!,
          postings: [batch[3]!.postings[0]!, { ...batch[3]!.postings[1]!, accountId: other.accounts.bank.id }],
        };
      },
      'entries[3].postings[1].accountId',
      /another company/,
    ],
    [
      'a key used twice',
      (batch) => {
        batch[5] = { ...batch[5]!, idempotencyKey: batch[2]!.idempotencyKey };
      },
      'entries[5].idempotencyKey',
      /also the key of entries\[2\]/,
    ],
    ['bad date', (batch) => (batch[0] = { ...batch[0]!, date: '2025-02-30' }), 'entries[0].date', /YYYY-MM-DD/],
  ];
  for (const [name, spoil, field, message] of cases) {
    const batch = salaries(company, 6);
    spoil(batch);
    await assert.rejects(ledger.postEntries(batch), (error: unknown) => {
      assert.ok(error instanceof ValidationError, name);
      assert.equal(error.field, field, name);
      assert.match(error.message, message, name);
      return true;
    });
  }
  await assert.rejects(ledger.postEntries([]), { field: 'entries' });
  const { entries } = await ledger.journal({ companyId: company.companyId });
  assert.equal(entries.length, 0);
});

test("inside the caller's transaction a batch commits and rolls back with it", async () => {
  const { database } = testLedger;
  const company = await testLedger.createCompany();
  await assert.rejects(
    database.db.transaction().execute(async (trx) => {
      const results = await createLedger({ db: trx }).postEntries(salaries(company, 4));
      assert.equal(results.length, 4);
      throw new Error('the caller changes its mind');
    }),
    /changes its mind/,
  );
  const ledger = createLedger({ db: database.db });
  assert.equal(await ledger.accountBalance(company.accounts.salaries.id), 0n);
  await database.db.transaction().execute((trx) => createLedger({ db: trx }).postEntries(salaries(company, 4)));
  assert.equal(await ledger.accountBalance(company.accounts.salaries.id), total(4));
});
