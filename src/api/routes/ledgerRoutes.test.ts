import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { createAuditLog } from '../../compliance/createAuditLog.js';
import { createTestLedger, type TestLedger } from '../../ledger/createTestLedger.js';
import type { Platform } from '../../platform/Platform.js';
import { createApiKeys } from '../auth/createApiKeys.js';
import { createApi } from '../createApi.js';
import { type ApiAnswer, createTestApiCaller, type TestApiCaller } from '../createTestApiCaller.js';

let testLedger: TestLedger;
let api: ReturnType<typeof createApi>;
let call: TestApiCaller<keyof typeof keys>;
let audit: ReturnType<typeof createAuditLog>;
const keys: Record<'admin' | 'viewer', string> = { admin: '', viewer: '' };

before(async () => {
  testLedger = await createTestLedger();
  const { db } = testLedger.database;
  const apiKeys = createApiKeys({ db });
  for (const role of Object.keys(keys) as (keyof typeof keys)[])
    keys[role] = (await apiKeys.create({ name: `${role} key`, role })).secret;
  audit = createAuditLog({ db });
  // The parts of the platform these routes use; the chain is not needed here.
  const platform = {
    version: 'test',
    logger: pino({ level: 'silent' }),
    db,
    apiKeys,
    audit,
    ledger: testLedger.ledger,
  } as unknown as Platform;
  api = createApi({ platform });
  call = createTestApiCaller(api, keys);
});
after(() => testLedger.close());

type Answer = ApiAnswer;

describe('ledger API: writing to the books', () => {
  test('an administrator adds accounts, posts entries (again: nothing new), reverses one; each write is audited', async () => {
    const companyId = 'books-co';
    const account = (code: string, name: string, type: string) =>
      call('admin', 'POST', '/v1/ledger/accounts', { companyId, code, name, type, currency: 'EUR', decimals: 2 });
    const bank = await account('1000', 'Bank', 'asset');
    assert.equal(bank.status, 201);
    const rent = (await account('6100', 'Office rent', 'expense')).body;
    const entry = (month: string, amount: string) => ({
      companyId,
      idempotencyKey: `rent:${month}`,
      date: `${month}-01`,
      description: `Office rent ${month}`,
      postings: [
        { accountId: rent.id, amount },
        { accountId: bank.body.id, amount: `-${amount}` },
      ],
      metadata: { invoice: `R-${month}` },
    });
    const entries = [entry('2026-10', '150000'), entry('2026-11', '150000')];
    const posted = await call('admin', 'POST', '/v1/ledger/entries', { entries });
    assert.equal(posted.status, 201);
    assert.deepEqual(
      posted.body.entries.map((e: Answer) => [e.created, e.entry.idempotencyKey, e.entry.postings[1].amount]),
      [
        [true, 'rent:2026-10', '-150000'],
        [true, 'rent:2026-11', '-150000'],
      ],
    );
    const again = await call('admin', 'POST', '/v1/ledger/entries', { entries });
    assert.equal(again.status, 200);
    assert.deepEqual(
      again.body.entries.map((e: Answer) => [e.created, e.entry.id]),
      posted.body.entries.map((e: Answer) => [false, e.entry.id]),
    );

    const first = posted.body.entries[0].entry;
    const reversal = { idempotencyKey: 'reverse:rent:2026-10', reason: 'Invoice cancelled', date: '2026-11-15' };
    const reversed = await call('admin', 'POST', `/v1/ledger/entries/${first.id}/reversal`, reversal);
    assert.equal(reversed.status, 201);
    assert.equal(reversed.body.entry.reversesEntryId, first.id);
    assert.equal(reversed.body.entry.postings[0].amount, '-150000');
    assert.equal((await call('admin', 'POST', `/v1/ledger/entries/${first.id}/reversal`, reversal)).status, 200);
    const read = await call('viewer', 'GET', `/v1/ledger/entries/${first.id}`);
    assert.deepEqual(read.body, first);

    const balances = await call('viewer', 'GET', `/v1/ledger/balances?companyId=${companyId}`);
    assert.deepEqual(
      balances.body.accounts.map((line: Answer) => [line.account.code, line.balance]),
      [
        ['1000', '-150000'],
        ['6100', '150000'],
      ],
    );
    const trail = await audit.list({ subject: `ledger-entry:${first.id}` });
    assert.deepEqual(
      trail.map((event) => [event.action, event.actor.startsWith('key:')]),
      [['ledger.entry.post', true]],
    );
    assert.equal(
      (await audit.list({ subject: `ledger-entry:${reversed.body.entry.id}` }))[0]?.action,
      'ledger.entry.reverse',
    );
  });

  test('refused: a viewer writing, an unbalanced entry (by its field), a taken key with other content; nothing written', async () => {
    const { companyId, accounts } = await testLedger.createCompany();
    const entry = (key: string, debit: string, credit: string) => ({
      companyId,
      idempotencyKey: key,
      date: '2026-11-30',
      description: 'Adjustment',
      postings: [
        { accountId: accounts.salaries.id, amount: debit },
        { accountId: accounts.bank.id, amount: credit },
      ],
    });
    const forbidden = await call('viewer', 'POST', '/v1/ledger/entries', { entries: [entry('a', '1', '-1')] });
    assert.equal(forbidden.status, 403);
    const unbalanced = await call('admin', 'POST', '/v1/ledger/entries', {
      entries: [entry('a', '100', '-100'), entry('b', '100', '-99')],
    });
    assert.equal(unbalanced.status, 400);
    assert.equal(unbalanced.type, 'application/problem+json');
    assert.equal(unbalanced.body.field, 'entries[1].postings');
    assert.match(unbalanced.body.title ?? unbalanced.body.detail, /do not balance/);
    const decimal = await call('admin', 'POST', '/v1/ledger/entries', { entries: [entry('c', '1.5', '-1.5')] });
    assert.equal(decimal.status, 400);
    assert.match(decimal.body.field, /^entries\.0\.postings\.0\.amount$/);
    assert.equal((await call('admin', 'POST', '/v1/ledger/entries', { entries: [entry('d', '5', '-5')] })).status, 201);
    const conflict = await call('admin', 'POST', '/v1/ledger/entries', {
      entries: [entry('e', '7', '-7'), entry('d', '6', '-6')],
    });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.field, 'entries[1].idempotencyKey');
    const { entries } = await testLedger.ledger.journal({ companyId });
    assert.deepEqual(
      entries.map((e) => e.idempotencyKey),
      ['d'],
    );
  });

  test('the OpenAPI document describes the ledger routes', async () => {
    const document = (await (await api.request('/openapi.json')).json()) as { paths: Record<string, Answer> };
    for (const path of [
      '/v1/ledger/accounts',
      '/v1/ledger/entries',
      '/v1/ledger/entries/{id}',
      '/v1/ledger/entries/{id}/reversal',
    ])
      assert.ok(document.paths[path], path);
    assert.ok(document.paths['/v1/ledger/entries'].post.requestBody);
  });
});
