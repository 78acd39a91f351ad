import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { acmeInput } from '../../payroll/testing/payrollFixtures.js';
import { createTestPlatform } from '../../platform/createTestPlatform.js';
import type { Platform } from '../../platform/Platform.js';
import { type Api, createApi } from '../createApi.js';

let platform: Platform;
let api: Api;
const keys: Record<'admin' | 'viewer' | 'approver', string> = { admin: '', viewer: '', approver: '' };

before(async () => {
  platform = await createTestPlatform();
  api = createApi({ platform });
  for (const role of ['admin', 'viewer', 'approver'] as const)
    keys[role] = (await platform.apiKeys.create({ name: role, role })).secret;
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

test('POST /v1/companies creates; GET lists and shows; viewers read but may not write', async () => {
  const created = await call('admin', 'POST', '/v1/companies', { ...acmeInput, id: 'acme-api' });
  assert.equal(created.status, 201);
  assert.equal(created.body.iban, 'DE89370400440532013000');
  assert.equal(created.body.approvers[1].address, '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359');
  assert.match(created.body.createdAt, /^\d{4}-\d\d-\d\dT/);

  const shown = await call('viewer', 'GET', '/v1/companies/acme-api');
  assert.equal(shown.status, 200);
  assert.deepEqual(shown.body, created.body);
  const listed = await call('approver', 'GET', '/v1/companies');
  assert.ok(listed.body.companies.some((company: { id: string }) => company.id === 'acme-api'));

  const refused = await call('viewer', 'POST', '/v1/companies', { ...acmeInput, id: 'acme-viewer' });
  assert.equal(refused.status, 403);
  assert.equal(refused.type, 'application/problem+json');
  assert.equal((await call('viewer', 'GET', '/v1/companies/nobody')).status, 404);

  const events = await platform.audit.list({ subject: 'company:acme-api' });
  assert.equal(events[0]?.actor.startsWith('key:'), true);
});

test('bad company input is a 400 problem+json naming the field', async () => {
  const badIban = await call('admin', 'POST', '/v1/companies', {
    ...acmeInput,
    id: 'acme-bad',
    iban: 'DE00370400440532013000',
  });
  assert.equal(badIban.status, 400);
  assert.equal(badIban.type, 'application/problem+json');
  assert.equal(badIban.body.type, 'https://tandem.dev/problems/validation');
  assert.equal(badIban.body.field, 'iban');
  assert.match(badIban.body.title, /check digits do not match/);

  const missing = await call('admin', 'POST', '/v1/companies', { legalName: 'No Bank Ltd', country: 'DE' });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.field, 'iban');

  const threshold = await call('admin', 'POST', '/v1/companies', {
    ...acmeInput,
    id: 'acme-bad',
    approvalThreshold: 5,
  });
  assert.equal(threshold.body.field, 'approvalThreshold');
  assert.equal((await call('admin', 'POST', '/v1/companies', { ...acmeInput, id: 'acme-api' })).status, 409);
});

test('PATCH /v1/companies/{id} changes fields; id and base currency stay', async () => {
  await call('admin', 'POST', '/v1/companies', { ...acmeInput, id: 'acme-patch' });
  const patched = await call('admin', 'PATCH', '/v1/companies/acme-patch', {
    legalName: 'Acme Robotics SE',
    vault: { chainId: 31337, address: '0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb' },
  });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.legalName, 'Acme Robotics SE');
  assert.equal(patched.body.vault.address, '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb');
  assert.equal((await call('approver', 'PATCH', '/v1/companies/acme-patch', { legalName: 'X' })).status, 403);
  const bad = await call('admin', 'PATCH', '/v1/companies/acme-patch', { bic: 'nope' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.field, 'bic');
});

test('GET /v1/tax-profiles lists the example profiles with their sources', async () => {
  const { status, body } = await call('viewer', 'GET', '/v1/tax-profiles');
  assert.equal(status, 200);
  const ids = body.profiles.map((profile: { id: string }) => profile.id);
  assert.deepEqual(ids.sort(), ['DE-example-2025', 'EE-example-2025', 'FR-example-2025']);
  const de = body.profiles.find((profile: { id: string }) => profile.id === 'DE-example-2025');
  assert.equal(de.example, true);
  assert.equal(de.incomeTax.basicAllowance, '1336200');
  assert.equal(de.employeeContributions[0].annualCeiling, '9660000');
  assert.ok(de.sources.length > 0);
});

test('the OpenAPI document describes the payroll routes', async () => {
  const response = await api.request('/openapi.json');
  const document = (await response.json()) as { paths: Record<string, unknown> };
  for (const path of [
    '/v1/companies',
    '/v1/companies/{id}',
    '/v1/companies/{id}/employees',
    '/v1/companies/{id}/employees/{employeeId}',
    '/v1/companies/{id}/employees/import',
    '/v1/tax-profiles',
  ])
    assert.ok(document.paths[path], path);
});
