import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import type { Tables } from '../db/Tables.js';
import { createTestLedger, type TestLedger } from './createTestLedger.js';

// The ledger's rules hold in the database itself: these tests write with raw SQL, bypassing the TypeScript code.

let testLedger: TestLedger;
before(async () => {
  testLedger = await createTestLedger();
});
after(() => testLedger.close());

type RawPosting = { accountId: string; currency: string; amount: string; lineNo?: number; postingCount?: number };

async function insertEntry(
  db: Kysely<Tables>,
  companyId: string,
  { postingCount = 2, reverses = null as string | null } = {},
): Promise<string> {
  const id = randomUUID();
  await sql`insert into ledger_entries
      (id, company_id, idempotency_key, effective_date, description, posting_count, reverses_entry_id)
    values (${id}, ${companyId}, ${`raw:${id}`}, '2025-01-31', 'raw', ${postingCount}, ${reverses})`.execute(db);
  return id;
}

async function insertPostings(db: Kysely<Tables>, entryId: string, companyId: string, postings: RawPosting[]) {
  // One statement per posting, so that only the commit-time check can judge the entry as a whole.
  for (const [index, posting] of postings.entries())
    await sql`insert into ledger_postings (entry_id, line_no, posting_count, company_id, account_id, currency, amount)
      values (${entryId}, ${posting.lineNo ?? index}, ${posting.postingCount ?? postings.length}, ${companyId},
        ${posting.accountId}, ${posting.currency}, ${posting.amount}::numeric)`.execute(db);
}

function refusedBy(constraint: string) {
  return (error: unknown) => {
    assert.equal((error as { constraint?: string }).constraint, constraint, String(error));
    return true;
  };
}

async function entryExists(entryId: string): Promise<boolean> {
  const { rows } = await sql`select 1 from ledger_entries where id = ${entryId}`.execute(testLedger.database.db);
  return rows.length > 0;
}

test('a balanced entry written with raw SQL in several statements commits', async () => {
  const { db } = testLedger.database;
  const { companyId, accounts } = await testLedger.createCompany();
  const entryId = await db.transaction().execute(async (trx) => {
    const id = await insertEntry(trx, companyId);
    await insertPostings(trx, id, companyId, [
      { accountId: accounts.salaries.id, currency: 'EUR', amount: '100' },
      { accountId: accounts.bank.id, currency: 'EUR', amount: '-100' },
    ]);
    return id;
  });
  assert.equal(await entryExists(entryId), true);
  assert.equal((await testLedger.ledger.checkLedger({ companyId })).ok, true);
});

test('the database refuses an unbalanced entry written with raw SQL, at commit', async () => {
  const { db } = testLedger.database;
  const { companyId, accounts } = await testLedger.createCompany();
  let entryId = '';
  let statementsAccepted = false;
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      entryId = await insertEntry(trx, companyId);
      await insertPostings(trx, entryId, companyId, [
        { accountId: accounts.salaries.id, currency: 'EUR', amount: '100' },
        { accountId: accounts.bank.id, currency: 'EUR', amount: '-99' },
      ]);
      statementsAccepted = true;
    }),
    refusedBy('ledger_entry_balanced'),
  );
  assert.equal(statementsAccepted, true, 'the check waits for the commit');
  assert.equal(await entryExists(entryId), false);
});

test('an entry balanced in total but not per currency is refused at commit', async () => {
  const { db } = testLedger.database;
  const { companyId, accounts } = await testLedger.createCompany();
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      const entryId = await insertEntry(trx, companyId);
      await insertPostings(trx, entryId, companyId, [
        { accountId: accounts.vault.id, currency: 'USDC', amount: '100' },
        { accountId: accounts.bank.id, currency: 'EUR', amount: '-100' },
      ]);
    }),
    refusedBy('ledger_entry_balanced'),
  );
});

test('an entry needs all the postings it declares, and at least two', async () => {
  const { db } = testLedger.database;
  const { companyId, accounts } = await testLedger.createCompany();
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await insertEntry(trx, companyId, { postingCount: 2 });
    }),
    refusedBy('ledger_entry_postings'),
  );
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      const entryId = await insertEntry(trx, companyId, { postingCount: 3 });
      await insertPostings(trx, entryId, companyId, [
        { accountId: accounts.salaries.id, currency: 'EUR', amount: '100', postingCount: 3 },
        { accountId: accounts.bank.id, currency: 'EUR', amount: '-100', postingCount: 3 },
      ]);
    }),
    refusedBy('ledger_entry_postings'),
  );
  await assert.rejects(insertEntry(db, companyId, { postingCount: 1 }), refusedBy('ledger_entry_posting_count'));
});

test('UPDATE, DELETE and TRUNCATE of entries and postings are refused', async () => {
  const { db } = testLedger.database;
  const { ledger } = testLedger;
  const { companyId, accounts } = await testLedger.createCompany();
  const { entry } = await ledger.postEntry({
    companyId,
    idempotencyKey: 'immutable',
    date: '2025-01-31',
    description: 'Salary',
    postings: [
      { accountId: accounts.salaries.id, amount: 100n },
      { accountId: accounts.bank.id, amount: -100n },
    ],
  });
  for (const statement of [
    sql`update ledger_postings set amount = 200 where entry_id = ${entry.id} and line_no = 0`,
    sql`update ledger_postings set amount = amount * 2 where entry_id = ${entry.id}`,
    sql`delete from ledger_postings where entry_id = ${entry.id}`,
    sql`update ledger_entries set effective_date = '2024-12-31' where id = ${entry.id}`,
    sql`delete from ledger_entries where id = ${entry.id}`,
    sql`truncate ledger_postings`,
    sql`truncate ledger_entries cascade`,
  ])
    await assert.rejects(statement.execute(db), refusedBy('ledger_immutable'));
  assert.deepEqual(await ledger.getEntry(entry.id), entry);
});

test('no posting can be appended to an entry, neither later nor after an early check', async () => {
  const { db } = testLedger.database;
  const { companyId, accounts } = await testLedger.createCompany();
  const balanced = [
    { accountId: accounts.salaries.id, currency: 'EUR', amount: '100' },
    { accountId: accounts.bank.id, currency: 'EUR', amount: '-100' },
  ];
  const entryId = await db.transaction().execute(async (trx) => {
    const id = await insertEntry(trx, companyId);
    await insertPostings(trx, id, companyId, balanced);
    return id;
  });
  // A balanced pair appended by a later transaction: every line number is taken or out of range.
  const appendPair = (trx: Kysely<Tables>, lineNo: number, postingCount = 2) =>
    insertPostings(trx, entryId, companyId, [
      { accountId: accounts.salaries.id, currency: 'EUR', amount: '5', lineNo, postingCount },
      { accountId: accounts.bank.id, currency: 'EUR', amount: '-5', lineNo: lineNo + 1, postingCount },
    ]);
  await assert.rejects(appendPair(db, 0), refusedBy('ledger_postings_pkey'));
  await assert.rejects(appendPair(db, 2), refusedBy('ledger_posting_line_no'));
  await assert.rejects(appendPair(db, 2, 4), refusedBy('ledger_posting_entry'));

  // In one transaction: the check is forced early, then a posting is added after it.
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      const id = await insertEntry(trx, companyId);
      await insertPostings(trx, id, companyId, balanced);
      await sql`set constraints all immediate`.execute(trx);
      await insertPostings(trx, id, companyId, [
        { accountId: accounts.salaries.id, currency: 'EUR', amount: '5', lineNo: 2, postingCount: 2 },
      ]);
    }),
    refusedBy('ledger_posting_line_no'),
  );
  assert.equal((await testLedger.ledger.checkLedger({ companyId })).ok, true);
});

test("a posting is in its account's currency and company, checked at commit", async () => {
  const { db } = testLedger.database;
  const { companyId, accounts } = await testLedger.createCompany();
  const other = await testLedger.createCompany();
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      const entryId = await insertEntry(trx, companyId);
      await insertPostings(trx, entryId, companyId, [
        { accountId: accounts.salaries.id, currency: 'USDC', amount: '100' },
        { accountId: accounts.bank.id, currency: 'USDC', amount: '-100' },
      ]);
    }),
    refusedBy('ledger_posting_account'),
  );
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      const entryId = await insertEntry(trx, companyId);
      await insertPostings(trx, entryId, companyId, [
        { accountId: accounts.salaries.id, currency: 'EUR', amount: '100' },
        { accountId: other.accounts.bank.id, currency: 'EUR', amount: '-100' },
      ]);
    }),
    refusedBy('ledger_posting_account'),
  );
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      const entryId = await insertEntry(trx, companyId);
      await insertPostings(trx, entryId, companyId, [
        { accountId: accounts.salaries.id, currency: 'EUR', amount: '100' },
        { accountId: randomUUID(), currency: 'EUR', amount: '-100' },
      ]);
    }),
    (error) => refusedBy('ledger_posting_account')(error) && /does not exist/.test(String(error)),
  );
});

test('an entry is reversed at most once, and only by its mirror image', async () => {
  const { db } = testLedger.database;
  const { ledger } = testLedger;
  const { companyId, accounts } = await testLedger.createCompany();
  const { entry } = await ledger.postEntry({
    companyId,
    idempotencyKey: 'to-reverse',
    date: '2025-01-31',
    description: 'Salary',
    postings: [
      { accountId: accounts.salaries.id, amount: 100n },
      { accountId: accounts.bank.id, amount: -100n },
    ],
  });
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      const id = await insertEntry(trx, companyId, { reverses: entry.id });
      await insertPostings(trx, id, companyId, [
        { accountId: accounts.salaries.id, currency: 'EUR', amount: '-90' },
        { accountId: accounts.bank.id, currency: 'EUR', amount: '90' },
      ]);
    }),
    refusedBy('ledger_reversal_mirrors'),
  );
  const mirror = [
    { accountId: accounts.salaries.id, currency: 'EUR', amount: '-100' },
    { accountId: accounts.bank.id, currency: 'EUR', amount: '100' },
  ];
  await db.transaction().execute(async (trx) => {
    const id = await insertEntry(trx, companyId, { reverses: entry.id });
    await insertPostings(trx, id, companyId, mirror);
  });
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      const id = await insertEntry(trx, companyId, { reverses: entry.id });
      await insertPostings(trx, id, companyId, mirror);
    }),
    refusedBy('ledger_entries_reversed_once'),
  );
});

test('a currency has one scale per company, and an account keeps its currency and is never deleted', async () => {
  const { db } = testLedger.database;
  const { companyId, accounts } = await testLedger.createCompany();
  await assert.rejects(
    sql`insert into ledger_accounts (id, company_id, code, name, type, currency, decimals)
      values (${randomUUID()}, ${companyId}, '1099', 'USDC at 18 decimals', 'asset', 'USDC', 18)`.execute(db),
    refusedBy('ledger_account_currency'),
  );
  await assert.rejects(
    sql`update ledger_accounts set currency = 'USDC', decimals = 6 where id = ${accounts.equity.id}`.execute(db),
    refusedBy('ledger_account_immutable'),
  );
  await sql`update ledger_accounts set name = 'Capital' where id = ${accounts.equity.id}`.execute(db);
  await assert.rejects(
    sql`delete from ledger_accounts where id = ${accounts.fxEur.id}`.execute(db),
    refusedBy('ledger_immutable'),
  );
});
