import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { unzipSync } from 'fflate';
import pino from 'pino';
import { typedDataFromJson } from '../../cli/commands/payrollCommands.js';
import { createPayRunTestStack, type PayRunTestStack } from '../../payroll/payRuns/testing/createPayRunTestStack.js';
import { validatePain001 } from '../../payroll/sepa/validatePain001.js';
import type { Platform } from '../../platform/Platform.js';
import { createApiKeys } from '../auth/createApiKeys.js';
import { type Api, createApi } from '../createApi.js';

let stack: PayRunTestStack;
let api: Api;
const keys: Record<'admin' | 'approver' | 'viewer', string> = { admin: '', approver: '', viewer: '' };

before(async () => {
  stack = await createPayRunTestStack();
  const { db } = stack.database;
  const apiKeys = createApiKeys({ db });
  for (const role of Object.keys(keys) as (keyof typeof keys)[])
    keys[role] = (await apiKeys.create({ name: role, role })).secret;
  // The parts of the platform these routes use.
  const platform = {
    version: 'test',
    logger: pino({ level: 'silent' }),
    db,
    apiKeys,
    audit: stack.audit,
    ledger: stack.ledger,
    companies: stack.companies,
    employees: stack.employees,
    payRuns: stack.payRuns,
    risk: stack.risk,
  } as unknown as Platform;
  api = createApi({ platform });
  await stack.createCompany('acme', 4);
});
after(() => stack.close());

async function call(role: keyof typeof keys, method: string, path: string, body?: unknown) {
  const response = await api.request(path, {
    method,
    headers: {
      authorization: `Bearer ${keys[role]}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const type = response.headers.get('content-type') ?? '';
  const raw = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    type,
    disposition: response.headers.get('content-disposition'),
    raw,
    // biome-ignore lint/suspicious/noExplicitAny: the test reads JSON answers freely
    body: (type.includes('json') ? JSON.parse(raw.toString('utf8')) : raw.toString('utf8')) as any,
  };
}

test('a pay run through the API: create, calculate, screen, approve with EIP-712, execute, documents', async () => {
  const created = await call('admin', 'POST', '/v1/companies/acme/pay-runs', { period: '2026-11' });
  assert.equal(created.status, 201);
  assert.equal(created.body.status, 'draft');
  const run = `/v1/pay-runs/${created.body.id}`;
  assert.equal((await call('viewer', 'POST', `${run}/calculate`)).status, 403, 'viewers read only');
  assert.equal((await call('admin', 'POST', `${run}/calculate`)).body.status, 'calculated');
  const wrong = await call('admin', 'POST', `${run}/execute`);
  assert.equal(wrong.status, 409);
  assert.equal(wrong.type, 'application/problem+json');
  assert.equal(wrong.body.type, 'https://tandem.dev/problems/pay-run-state');
  assert.match(wrong.body.title, /is calculated; execute needs approved/);

  assert.equal((await call('admin', 'POST', `${run}/screen`)).body.status, 'screened');
  const { body: requests } = await call('approver', 'GET', `${run}/approval-requests`);
  assert.equal(requests.requests.length, 3, 'the run and two batches');
  assert.equal(typeof requests.requests[1].typedData.message.total, 'string', 'uint256 as a decimal string');
  for (const account of stack.approvers.slice(0, 2))
    for (const request of requests.requests) {
      const signature = await account.signTypedData(typedDataFromJson(request.typedData));
      const approved = await call('approver', 'POST', `${run}/approve`, {
        approver: account.address,
        signature,
        ...(request.batchIndex === null ? {} : { batchIndex: request.batchIndex }),
      });
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
    }
  assert.equal((await call('viewer', 'GET', run)).body.status, 'approved');
  assert.equal((await call('approver', 'POST', `${run}/execute`)).status, 403, 'only an admin executes');

  const executed = await call('admin', 'POST', `${run}/execute?wait=true`);
  assert.equal(executed.status, 200);
  assert.equal(executed.body.status, 'paid');
  const detail = await call('viewer', 'GET', run);
  assert.equal(detail.body.progress.batchesDone, detail.body.progress.batchesTotal);
  assert.equal(detail.body.payouts.find((p: { channel: string }) => p.channel === 'chain').token.decimals, 6);
  const progress = await call('viewer', 'GET', `${run}/progress`);
  assert.deepEqual(progress.body.linesPaid, 4);

  const sepa = await call('viewer', 'GET', `${run}/sepa`);
  assert.equal(sepa.status, 200);
  assert.match(sepa.type, /^application\/xml/);
  assert.match(sepa.disposition ?? '', /attachment; filename="pain001-TANDEM-[0-9a-f]+\.xml"/);
  assert.equal((await validatePain001(sepa.body)).valid, true);

  const employeeId = detail.body.lines[0].employeeId;
  const payslip = await call('viewer', 'GET', `${run}/payslips/${employeeId}.pdf`);
  assert.equal(payslip.status, 200);
  assert.equal(payslip.type, 'application/pdf');
  assert.equal(payslip.raw.subarray(0, 5).toString(), '%PDF-');
  const list = await call('viewer', 'GET', `${run}/payslips`);
  assert.equal(list.body.payslips.length, 4);
  assert.equal(list.body.payslips[0].href, `${run}/payslips/${employeeId}.pdf`);
  const zip = await call('viewer', 'GET', `${run}/payslips.zip`);
  assert.equal(zip.status, 200);
  assert.equal(zip.type, 'application/zip');
  assert.match(zip.disposition ?? '', /attachment; filename="payslips-[^"]+\.zip"/);
  const unzipped = unzipSync(new Uint8Array(zip.raw));
  assert.deepEqual(
    Object.keys(unzipped).sort(),
    list.body.payslips.map((p: { fileName: string }) => p.fileName).sort(),
  );
  for (const pdf of Object.values(unzipped)) assert.equal(Buffer.from(pdf.subarray(0, 5)).toString(), '%PDF-');

  const journal = await call('viewer', 'GET', `${run}/journal.csv`);
  assert.match(journal.type, /^text\/csv/);
  assert.ok(journal.body.startsWith('date,entry_id,account_code'));

  const year = new Date(
    detail.body.payouts.find((p: { paidAt: string | null; channel: string }) => p.channel === 'chain').paidAt,
  ).getUTCFullYear();
  const withCrypto = detail.body.payouts.find((p: { channel: string }) => p.channel === 'chain').employeeId;
  const statement = await call('viewer', 'GET', `/v1/companies/acme/employees/${withCrypto}/statements/${year}.csv`);
  assert.equal(statement.status, 200);
  assert.ok(statement.body.startsWith('received_at,period,asset'));
  const pdf = await call('viewer', 'GET', `/v1/companies/acme/employees/${withCrypto}/statements/${year}`);
  assert.equal(pdf.type, 'application/pdf');

  const listed = await call('viewer', 'GET', '/v1/companies/acme/pay-runs');
  assert.equal(listed.body.payRuns[0].id, created.body.id);
  const bad = await call('admin', 'POST', '/v1/companies/acme/pay-runs', { period: '2026/11' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.field, 'period');
  const openapi = await call('viewer', 'GET', '/openapi.json');
  for (const path of [
    '/v1/pay-runs/{id}/approve',
    '/v1/pay-runs/{id}/sepa',
    '/v1/companies/{id}/employees/{employeeId}/statements/{year}',
  ])
    assert.ok(openapi.body.paths[path], path);
});
