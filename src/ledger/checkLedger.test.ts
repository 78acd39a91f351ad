import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createTestLedger, type TestLedger } from './createTestLedger.js';

let testLedger: TestLedger;
before(async () => {
  testLedger = await createTestLedger();
});
after(() => testLedger.close());

test('checkLedger passes a sound ledger and reports its trial balance', async () => {
  const { ledger } = testLedger;
  const { companyId, accounts } = await testLedger.createCompany();
  const { entry } = await ledger.postEntry({
    companyId,
    idempotencyKey: 'fx',
    date: '2025-01-15',
    description: 'Buy USDC',
    postings: [
      { accountId: accounts.vault.id, amount: 1_000_000_000n },
      { accountId: accounts.fxUsdc.id, amount: -1_000_000_000n },
      { accountId: accounts.fxEur.id, amount: 92_000n },
      { accountId: accounts.bank.id, amount: -92_000n },
    ],
  });
  await ledger.reverseEntry(entry.id, { idempotencyKey: 'fx:reverse', reason: 'Cancelled' });
  const report = await ledger.checkLedger({ companyId });
  assert.equal(report.ok, true);
  assert.deepEqual(report.counts, { accounts: 7, entries: 2, postings: 8 });
  assert.deepEqual(
    report.checks.map((check) => [check.rule, check.passed]),
    [
      ['entry-balanced', true],
      ['entry-postings', true],
      ['posting-entry', true],
      ['posting-account', true],
      ['reversal-mirrors', true],
      ['trial-balance', true],
    ],
  );
  assert.deepEqual(report.problems, []);
  assert.deepEqual(report.trialBalance, [
    { companyId, currency: 'EUR', debits: 184_000n, credits: 184_000n, net: 0n },
    { companyId, currency: 'USDC', debits: 2_000_000_000n, credits: 2_000_000_000n, net: 0n },
  ]);
  assert.equal((await ledger.checkLedger()).ok, true);
});

test('checkLedger finds what a superuser wrote with the rules switched off', async () => {
  const { ledger, database } = testLedger;
  const { companyId, accounts } = await testLedger.createCompany();
  const entryId = randomUUID();
  const orphanOf = randomUUID();
  // session_replication_role = replica silences triggers and foreign keys: only a superuser can do this.
  await database.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`insert into ledger_entries (id, company_id, idempotency_key, effective_date, description, posting_count)
      values (${entryId}, ${companyId}, 'forged', '2025-01-31', 'forged', 2)`.execute(trx);
    await sql`insert into ledger_postings (entry_id, line_no, posting_count, company_id, account_id, currency, amount)
      values (${entryId}, 0, 2, ${companyId}, ${accounts.bank.id}, 'EUR', 100),
             (${entryId}, 1, 2, ${companyId}, ${accounts.vault.id}, 'EUR', -90),
             (${orphanOf}, 0, 2, ${companyId}, ${accounts.bank.id}, 'EUR', 5)`.execute(trx);
  });
  const report = await ledger.checkLedger({ companyId });
  assert.equal(report.ok, false);
  const failed = Object.fromEntries(report.checks.map((check) => [check.rule, check.violations]));
  assert.deepEqual(failed, {
    'entry-balanced': 2,
    'entry-postings': 0,
    'posting-entry': 1,
    'posting-account': 1,
    'reversal-mirrors': 0,
    'trial-balance': 1,
  });
  assert.ok(
    report.problems.some(
      (problem) => problem.rule === 'entry-balanced' && problem.entryId === entryId && problem.sum === 10n,
    ),
  );
  assert.ok(report.problems.some((problem) => problem.rule === 'posting-entry' && problem.entryId === orphanOf));
  assert.ok(
    report.problems.some(
      (problem) => problem.rule === 'posting-account' && problem.entryId === entryId && /USDC/.test(problem.reason),
    ),
  );
  assert.deepEqual(
    report.problems.filter((problem) => problem.rule === 'trial-balance'),
    [{ rule: 'trial-balance', companyId, currency: 'EUR', net: 15n }],
  );
});
