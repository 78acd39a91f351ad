import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ConflictError, ValidationError } from '../errors/BaseError.js';
import { createTestLedger, type TestLedger } from './createTestLedger.js';

let testLedger: TestLedger;
before(async () => {
  testLedger = await createTestLedger();
});
after(() => testLedger.close());

test('an account is created once per code, with one scale per currency', async () => {
  const { ledger } = testLedger;
  const companyId = 'company-accounts';
  const vault = await ledger.createAccount({
    companyId,
    code: 'assets:vault:USDC',
    name: 'Vault USDC',
    type: 'asset',
    currency: 'USDC',
    decimals: 6,
    chainId: 10,
    address: '0xAbCdEf0000000000000000000000000000000001',
  });
  assert.equal(vault.address, '0xabcdef0000000000000000000000000000000001');
  assert.equal(vault.chainId, 10);
  assert.deepEqual(await ledger.getAccount(vault.id), vault);
  await assert.rejects(
    ledger.createAccount({
      companyId,
      code: 'assets:vault:USDC',
      name: 'Again',
      type: 'asset',
      currency: 'USDC',
      decimals: 6,
    }),
    (error) => error instanceof ConflictError && error.field === 'code',
  );
  await assert.rejects(
    ledger.createAccount({
      companyId,
      code: 'bsc',
      name: 'USDC on BSC',
      type: 'asset',
      currency: 'USDC',
      decimals: 18,
    }),
    (error) => error instanceof ConflictError && error.field === 'decimals' && /6 decimals/.test(error.message),
  );
  // Another company may book the same symbol at another scale.
  await ledger.createAccount({
    companyId: 'company-other',
    code: 'bsc',
    name: 'USDC',
    type: 'asset',
    currency: 'USDC',
    decimals: 18,
  });
  assert.deepEqual(
    (await ledger.listAccounts({ companyId })).map((account) => account.code),
    ['assets:vault:USDC'],
  );
});

test('bad accounts are refused with a ValidationError naming the field', async () => {
  const { ledger } = testLedger;
  const base = { companyId: 'company-bad', code: '1', name: 'A', type: 'asset' as const, currency: 'EUR', decimals: 2 };
  for (const [field, parameters] of [
    ['currency', { ...base, currency: 'E U R' }],
    ['decimals', { ...base, decimals: 2.5 }],
    ['decimals', { ...base, decimals: 40 }],
    ['type', { ...base, type: 'revenue' as 'income' }],
    ['address', { ...base, chainId: 1 }],
    ['address', { ...base, chainId: 1, address: '0x1234' }],
    ['type', { ...base, type: 'liability' as const, chainId: 1, address: `0x${'1'.repeat(40)}` }],
    ['code', { ...base, code: '' }],
  ] as const)
    await assert.rejects(ledger.createAccount(parameters), (error) => {
      assert.ok(error instanceof ValidationError, `${field}: ${error}`);
      assert.equal(error.field, field);
      return true;
    });
});

test('findOrCreateAccount returns the existing account and refuses one of another kind', async () => {
  const { ledger } = testLedger;
  const parameters = {
    companyId: 'company-find',
    code: '2100',
    name: 'Payroll payable',
    type: 'liability' as const,
    currency: 'EUR',
    decimals: 2,
  };
  const first = await ledger.findOrCreateAccount(parameters);
  const second = await ledger.findOrCreateAccount({ ...parameters, name: 'Renamed elsewhere' });
  assert.equal(first.created, true);
  assert.equal(second.created, false);
  assert.equal(second.account.id, first.account.id);
  await assert.rejects(
    ledger.findOrCreateAccount({ ...parameters, type: 'asset' }),
    (error) => error instanceof ConflictError && error.field === 'type',
  );
});
