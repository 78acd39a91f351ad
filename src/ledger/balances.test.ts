import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { NotFoundError } from '../errors/BaseError.js';
import { createTestLedger, type TestLedger } from './createTestLedger.js';

let testLedger: TestLedger;
before(async () => {
  testLedger = await createTestLedger();
});
after(() => testLedger.close());

test('balances as of a date count only the entries effective by then', async () => {
  const { ledger } = testLedger;
  const { companyId, accounts } = await testLedger.createCompany();
  const post = (idempotencyKey: string, date: string, amount: bigint) =>
    ledger.postEntry({
      companyId,
      idempotencyKey,
      date,
      description: `Salaries ${date}`,
      postings: [
        { accountId: accounts.salaries.id, amount },
        { accountId: accounts.payables.id, amount: -amount },
      ],
    });
  await post('jan', '2025-01-31', 500_000n);
  await post('feb', '2025-02-28', 510_000n);
  // Written last, effective first: the effective date counts, not the order of writing.
  await post('dec', '2024-12-31', 490_000n);

  const balanceOf = async (asOf?: string) => {
    const { accounts: lines } = await ledger.balances({ companyId, asOf });
    const payables = lines.find((line) => line.account.id === accounts.payables.id)!;
    return { balance: payables.balance, normal: payables.normalBalance, credits: payables.credits };
  };
  assert.deepEqual(await balanceOf('2024-12-30'), { balance: 0n, normal: 0n, credits: 0n });
  assert.deepEqual(await balanceOf('2025-01-31'), { balance: -990_000n, normal: 990_000n, credits: 990_000n });
  assert.deepEqual(await balanceOf('2025-02-27'), { balance: -990_000n, normal: 990_000n, credits: 990_000n });
  assert.deepEqual(await balanceOf(), { balance: -1_500_000n, normal: 1_500_000n, credits: 1_500_000n });
  assert.equal(await ledger.accountBalance(accounts.salaries.id, '2025-01-31'), 990_000n);
  assert.equal(await ledger.accountBalance(accounts.salaries.id), 1_500_000n);

  const { currencies } = await ledger.balances({ companyId, asOf: '2025-01-31' });
  const eur = currencies.find((line) => line.currency === 'EUR')!;
  assert.equal(eur.net, 0n);
  assert.equal(eur.byType.expense, 990_000n);
  assert.equal(eur.byType.liability, -990_000n);
  assert.equal(eur.decimals, 2);
});

test('every account of the company is listed, other companies are not', async () => {
  const { ledger } = testLedger;
  const { companyId, accounts } = await testLedger.createCompany();
  const other = await testLedger.createCompany();
  const { accounts: lines } = await ledger.balances({ companyId });
  assert.deepEqual(
    lines.map((line) => line.account.id).sort(),
    Object.values(accounts)
      .map((a) => a.id)
      .sort(),
  );
  assert.ok(lines.every((line) => line.balance === 0n));
  assert.ok(!lines.some((line) => line.account.id === other.accounts.bank.id));
  await assert.rejects(ledger.accountBalance('00000000-0000-4000-8000-000000000000'), NotFoundError);
});
