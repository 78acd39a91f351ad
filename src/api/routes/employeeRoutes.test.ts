import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { acmeInput, employeeCsvHeader, validEmployeeCsv } from '../../payroll/testing/payrollFixtures.js';
import { createTestPlatform } from '../../platform/createTestPlatform.js';
import type { Platform } from '../../platform/Platform.js';
import { type Api, createApi } from '../createApi.js';

let platform: Platform;
let api: Api;
const keys: Record<'admin' | 'viewer', string> = { admin: '', viewer: '' };

before(async () => {
  platform = await createTestPlatform();
  api = createApi({ platform });
  for (const role of ['admin', 'viewer'] as const)
    keys[role] = (await platform.apiKeys.create({ name: role, role })).secret;
  await platform.companies.create(acmeInput, { actor: 'test' });
});
after(() => platform.close());

const call = async (role: keyof typeof keys, method: string, path: string, body?: unknown) => {
  const response = await api.request(path, {
    method,
    headers: { authorization: `Bearer ${keys[role]}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the test reads JSON answers freely
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as any };
};

test('import through the API: UTF-8 names come back intact from list and show', async () => {
  const report = await call('admin', 'POST', '/v1/companies/acme/employees/import', { csv: validEmployeeCsv });
  assert.equal(report.status, 200);
  assert.deepEqual(
    { ok: report.body.ok, written: report.body.written, imported: report.body.imported },
    { ok: true, written: true, imported: 5 },
  );
  const list = await call('viewer', 'GET', '/v1/companies/acme/employees');
  assert.equal(list.body.total, 5);
  assert.deepEqual(
    list.body.employees.map((e: { fullName: string }) => e.fullName),
    ['Zoë Ångström', '李小龙', 'Σωκράτης', 'محمد', 'O\'Brien, Seán "Jack"'],
  );
  const bruce = await call('viewer', 'GET', `/v1/companies/acme/employees/E002`);
  assert.equal(bruce.body.fullName, '李小龙');
  assert.equal(bruce.body.grossMonthly, '4200.50');
  assert.equal(bruce.body.grossMonthlyMinor, '420050');
  assert.deepEqual(bruce.body.split, [
    { asset: 'EUR', percent: '60' },
    { asset: 'USDC', percent: '40' },
  ]);
  const found = await call('viewer', 'GET', `/v1/companies/acme/employees?search=${encodeURIComponent('Σωκρά')}`);
  assert.deepEqual(
    found.body.employees.map((e: { employeeId: string }) => e.employeeId),
    ['E003'],
  );
  const page = await call('viewer', 'GET', '/v1/companies/acme/employees?limit=2&cursor=E002');
  assert.deepEqual(
    page.body.employees.map((e: { employeeId: string }) => e.employeeId),
    ['E003', 'E004'],
  );
  assert.equal(page.body.nextCursor, 'E004');
});

test('an import with a bad row answers with every invalid line and writes nothing; skipInvalid and dryRun', async () => {
  await platform.companies.create({ ...acmeInput, id: 'acme-import' }, { actor: 'test' });
  const csv = [
    employeeCsvHeader,
    'E1,Good,good@example.com,DE,DE89370400440532013000,,,1000,EUR,EUR:100',
    'E2,Bad Iban,bad@example.com,DE,DE89370400440532013001,,,1000,EUR,EUR:100',
    'E3,Bad Sum,sum@example.com,DE,DE89370400440532013000,,,1000,EUR,"EUR:50,USDC:40"',
  ].join('\n');
  const refused = await call('admin', 'POST', '/v1/companies/acme-import/employees/import', { csv });
  assert.equal(refused.status, 200);
  assert.equal(refused.body.written, false);
  assert.deepEqual(refused.body.invalid, [
    { line: 3, column: 'iban', employeeId: 'E2', reason: 'check digits do not match' },
    { line: 4, column: 'split', employeeId: 'E3', reason: 'percentages add up to 90, not 100' },
  ]);
  assert.equal((await call('viewer', 'GET', '/v1/companies/acme-import/employees')).body.total, 0);

  const dry = await call('admin', 'POST', '/v1/companies/acme-import/employees/import', {
    csv,
    skipInvalid: true,
    dryRun: true,
  });
  assert.deepEqual([dry.body.imported, dry.body.written], [1, false]);
  const skipped = await call('admin', 'POST', '/v1/companies/acme-import/employees/import', { csv, skipInvalid: true });
  assert.deepEqual([skipped.body.imported, skipped.body.written, skipped.body.invalid.length], [1, true, 2]);
  assert.equal((await call('viewer', 'GET', '/v1/companies/acme-import/employees')).body.total, 1);

  assert.equal((await call('viewer', 'POST', '/v1/companies/acme-import/employees/import', { csv })).status, 403);
  assert.equal((await call('admin', 'POST', '/v1/companies/nobody/employees/import', { csv })).status, 404);
  const noCsv = await call('admin', 'POST', '/v1/companies/acme-import/employees/import', { skipInvalid: true });
  assert.equal(noCsv.status, 400);
  assert.equal(noCsv.body.field, 'csv');
});

test('POST and PATCH one employee: 400 names the field, 409 on a taken id', async () => {
  const employee = {
    employeeId: 'E100',
    fullName: '김민준',
    email: 'minjun@example.kr',
    country: 'KR',
    wallet: '0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb',
    grossMonthly: '3300.00',
    split: [{ asset: 'USDC', percent: 100 }],
  };
  const created = await call('admin', 'POST', '/v1/companies/acme/employees', employee);
  assert.equal(created.status, 201);
  assert.equal(created.body.fullName, '김민준');
  assert.equal(created.body.wallet, '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb');
  assert.equal((await call('admin', 'POST', '/v1/companies/acme/employees', employee)).status, 409);

  const badWallet = await call('admin', 'POST', '/v1/companies/acme/employees', {
    ...employee,
    employeeId: 'E101',
    wallet: '0xd1220a0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
  });
  assert.equal(badWallet.status, 400);
  assert.equal(badWallet.type, 'application/problem+json');
  assert.equal(badWallet.body.field, 'wallet');
  assert.match(badWallet.body.title, /EIP-55 checksum does not match/);

  const floatGross = await call('admin', 'POST', '/v1/companies/acme/employees', {
    ...employee,
    employeeId: 'E102',
    grossMonthly: 3300,
  });
  assert.equal(floatGross.status, 400);
  assert.equal(floatGross.body.field, 'grossMonthly');

  const patched = await call('admin', 'PATCH', '/v1/companies/acme/employees/E100', {
    split: 'EUR:50,USDC:50',
    iban: 'EE382200221020145685',
  });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.iban, 'EE382200221020145685');
  const deactivated = await call('admin', 'PATCH', '/v1/companies/acme/employees/E100', { active: false });
  assert.equal(deactivated.body.active, false);
  const active = await call('viewer', 'GET', '/v1/companies/acme/employees?active=true');
  assert.ok(active.body.employees.every((e: { active: boolean }) => e.active));
  assert.equal((await call('viewer', 'PATCH', '/v1/companies/acme/employees/E100', { active: true })).status, 403);
  const audit = await platform.audit.list({ subject: 'employee:acme/E100' });
  assert.deepEqual(
    audit.map((event) => event.action),
    ['employee.update', 'employee.update', 'employee.create'],
  );
});
