import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ConflictError, ValidationError } from '../errors/BaseError.js';
import { createTestLedger, type TestLedger } from './createTestLedger.js';

let testLedger: TestLedger;
before(async () => {
  testLedger = await createTestLedger();
});
after(() => testLedger.close());

test('a balanced entry is posted with its postings, in the accounts’ currencies', async () => {
  const { ledger } = testLedger;
  const { companyId, accounts } = await testLedger.createCompany();
  const { entry, created } = await ledger.postEntry({
    companyId,
    idempotencyKey: 'payrun:1:alice',
    date: '2025-01-31',
    description: 'Salary January, Alice',
    postings: [
      { accountId: accounts.salaries.id, amount: 250_000n },
      { accountId: accounts.bank.id, amount: -250_000n },
    ],
    metadata: { payRunId: '1', employee: 'alice' },
  });
  assert.equal(created, true);
  assert.deepEqual(entry.postings, [
    { accountId: accounts.salaries.id, currency: 'EUR', amount: 250_000n },
    { accountId: accounts.bank.id, currency: 'EUR', amount: -250_000n },
  ]);
  assert.deepEqual(await ledger.getEntry(entry.id), entry);
  assert.equal(await ledger.accountBalance(accounts.bank.id), -250_000n);
  assert.equal(await ledger.accountBalance(accounts.salaries.id), 250_000n);
});

test('posting the same key and content twice writes one entry', async () => {
  const { ledger } = testLedger;
  const { companyId, accounts } = await testLedger.createCompany();
  const parameters = {
    companyId,
    idempotencyKey: 'capital',
    date: '2025-01-02',
    description: 'Share capital',
    postings: [
      { accountId: accounts.bank.id, amount: 1_000_000n },
      { accountId: accounts.equity.id, amount: -1_000_000n },
    ],
    metadata: { a: 1, b: [true, null] },
  };
  const first = await ledger.postEntry(parameters);
  // A retry may rebuild its postings in another order and its metadata keys in another order.
  const second = await ledger.postEntry({
    ...parameters,
    postings: [...parameters.postings].reverse(),
    metadata: { b: [true, null], a: 1 },
  });
  assert.equal(first.created, true);
  assert.equal(second.created, false);
  assert.equal(second.entry.id, first.entry.id);
  const { entries } = await ledger.journal({ companyId });
  assert.equal(entries.length, 1);
  assert.equal(await ledger.accountBalance(accounts.bank.id), 1_000_000n);
});

test('the same key with other content is a ConflictError and writes nothing', async () => {
  const { ledger } = testLedger;
  const { companyId, accounts } = await testLedger.createCompany();
  const parameters = {
    companyId,
    idempotencyKey: 'capital',
    date: '2025-01-02',
    description: 'Share capital',
    postings: [
      { accountId: accounts.bank.id, amount: 1_000_000n },
      { accountId: accounts.equity.id, amount: -1_000_000n },
    ],
  };
  await ledger.postEntry(parameters);
  await assert.rejects(
    ledger.postEntry({
      ...parameters,
      postings: [
        { accountId: accounts.bank.id, amount: 2_000_000n },
        { accountId: accounts.equity.id, amount: -2_000_000n },
      ],
    }),
    (error) => error instanceof ConflictError && error.field === 'idempotencyKey' && /postings/.test(error.message),
  );
  await assert.rejects(
    ledger.postEntry({ ...parameters, date: '2025-01-03' }),
    (error) => error instanceof ConflictError && /date/.test(error.message),
  );
  await assert.rejects(
    ledger.postEntry({ ...parameters, metadata: { other: true } }),
    (error) => error instanceof ConflictError && /metadata/.test(error.message),
  );
  assert.equal(await ledger.accountBalance(accounts.bank.id), 1_000_000n);
});

test('bad entries are refused with a ValidationError naming the posting, before anything is written', async () => {
  const { ledger } = testLedger;
  const { companyId, accounts } = await testLedger.createCompany();
  const other = await ledger.createAccount({
    companyId: 'company-b',
    code: '1000',
    name: 'Bank of B',
    type: 'asset',
    currency: 'EUR',
    decimals: 2,
  });
  const base = { companyId, idempotencyKey: 'bad', date: '2025-01-31', description: 'Bad' };
  const { bank, salaries, vault } = accounts;
  const cases: [string, Parameters<typeof ledger.postEntry>[0]][] = [
    ['postings', { ...base, postings: [{ accountId: bank.id, amount: 1n }] }],
    [
      'postings',
      {
        ...base,
        postings: [
          { accountId: salaries.id, amount: 100n },
          { accountId: bank.id, amount: -99n },
        ],
      },
    ],
    [
      'postings[1].amount',
      {
        ...base,
        postings: [
          { accountId: salaries.id, amount: 100n },
          { accountId: bank.id, amount: -100 as unknown as bigint },
        ],
      },
    ],
    [
      'postings[0].amount',
      {
        ...base,
        postings: [
          { accountId: salaries.id, amount: 0n },
          { accountId: bank.id, amount: 0n },
        ],
      },
    ],
    [
      'postings[1].accountId',
      {
        ...base,
        postings: [
          { accountId: salaries.id, amount: 100n },
          { accountId: '00000000-0000-4000-8000-000000000000', amount: -100n },
        ],
      },
    ],
    [
      'postings[0].accountId',
      {
        ...base,
        postings: [
          { accountId: other.id, amount: 100n },
          { accountId: bank.id, amount: -100n },
        ],
      },
    ],
    [
      'postings[1].accountId',
      {
        ...base,
        postings: [
          { accountId: salaries.id, amount: 100n },
          { accountId: 'not-a-uuid', amount: -100n },
        ],
      },
    ],
    [
      'date',
      {
        ...base,
        date: '2025-02-30',
        postings: [
          { accountId: salaries.id, amount: 100n },
          { accountId: bank.id, amount: -100n },
        ],
      },
    ],
    [
      'metadata',
      {
        ...base,
        metadata: { txValue: 1n as unknown as string },
        postings: [
          { accountId: salaries.id, amount: 100n },
          { accountId: bank.id, amount: -100n },
        ],
      },
    ],
    // Balanced in total but not per currency: 100 EUR cents against 100 USDC micro-units.
    [
      'postings',
      {
        ...base,
        postings: [
          { accountId: vault.id, amount: 100n },
          { accountId: bank.id, amount: -100n },
        ],
      },
    ],
  ];
  for (const [field, parameters] of cases)
    await assert.rejects(ledger.postEntry(parameters), (error) => {
      assert.ok(error instanceof ValidationError, `${field}: ${error}`);
      assert.equal(error.field, field);
      return true;
    });
  const report = await ledger.checkLedger({ companyId });
  assert.equal(report.counts.entries, 0);
});

test('an FX entry balances per currency with four postings', async () => {
  const { ledger } = testLedger;
  const { companyId, accounts } = await testLedger.createCompany();
  // Sell 920.00 EUR for 1,000 USDC at 1.0870 USDC/EUR through the FX clearing accounts.
  const { entry } = await ledger.postEntry({
    companyId,
    idempotencyKey: 'fx:1',
    date: '2025-01-15',
    description: 'Buy 1,000 USDC for 920.00 EUR',
    postings: [
      { accountId: accounts.vault.id, amount: 1_000_000_000n },
      { accountId: accounts.fxUsdc.id, amount: -1_000_000_000n },
      { accountId: accounts.fxEur.id, amount: 92_000n },
      { accountId: accounts.bank.id, amount: -92_000n },
    ],
    metadata: { rate: '1.0870', rateSource: 'test', rateAt: '2025-01-15T10:00:00Z' },
  });
  assert.deepEqual(
    entry.postings.map((posting) => posting.currency),
    ['USDC', 'USDC', 'EUR', 'EUR'],
  );
  const { currencies } = await ledger.balances({ companyId });
  assert.deepEqual(
    currencies.map(({ currency, debits, credits, net }) => ({ currency, debits, credits, net })),
    [
      { currency: 'EUR', debits: 92_000n, credits: 92_000n, net: 0n },
      { currency: 'USDC', debits: 1_000_000_000n, credits: 1_000_000_000n, net: 0n },
    ],
  );
});

test('amounts beyond 2^63 of an 18-decimals token round-trip exactly', async () => {
  const { ledger } = testLedger;
  const { companyId } = await testLedger.createCompany();
  const eth = await ledger.createAccount({
    companyId,
    code: '1020',
    name: 'Treasury ETH',
    type: 'asset',
    currency: 'ETH',
    decimals: 18,
  });
  const capital = await ledger.createAccount({
    companyId,
    code: '3010',
    name: 'Capital in ETH',
    type: 'equity',
    currency: 'ETH',
    decimals: 18,
  });
  // 123,456,789.123456789012345678 ETH: 1.2e26 wei, far past int8's 9.2e18; and one uint256 max.
  const large = 123_456_789_123_456_789_012_345_678n;
  const uint256Max = 2n ** 256n - 1n;
  for (const [key, amount] of [
    ['eth:1', large],
    ['eth:2', uint256Max],
  ] as const)
    await ledger.postEntry({
      companyId,
      idempotencyKey: key,
      date: '2025-01-31',
      description: 'ETH contributed',
      postings: [
        { accountId: eth.id, amount },
        { accountId: capital.id, amount: -amount },
      ],
    });
  assert.equal(await ledger.accountBalance(eth.id), large + uint256Max);
  assert.equal(await ledger.accountBalance(capital.id), -(large + uint256Max));
  const { entries } = await ledger.journal({ companyId, accountId: eth.id });
  assert.deepEqual(
    entries.map((entry) => entry.postings[0]?.amount),
    [large, uint256Max],
  );
  const report = await ledger.checkLedger({ companyId });
  assert.equal(report.ok, true);
  assert.deepEqual(
    report.trialBalance.map(({ currency, debits, net }) => ({ currency, debits, net })),
    [{ currency: 'ETH', debits: large + uint256Max, net: 0n }],
  );
});

test('concurrent writers of one idempotency key end with one entry', async () => {
  const { ledger } = testLedger;
  const { companyId, accounts } = await testLedger.createCompany();
  const parameters = {
    companyId,
    idempotencyKey: 'payout:42',
    date: '2025-01-31',
    description: 'Payout 42',
    postings: [
      { accountId: accounts.payables.id, amount: 99_00n },
      { accountId: accounts.bank.id, amount: -99_00n },
    ],
  };
  const results = await Promise.all(Array.from({ length: 6 }, () => ledger.postEntry(parameters)));
  assert.equal(results.filter((result) => result.created).length, 1);
  assert.equal(new Set(results.map((result) => result.entry.id)).size, 1);
  assert.equal(await ledger.accountBalance(accounts.bank.id), -99_00n);
});
