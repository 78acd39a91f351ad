import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { createAuditLog } from '../../compliance/createAuditLog.js';
import type { Platform } from '../../platform/Platform.js';
import {
  createTestRiskEngine,
  lazarus,
  lazarusAddress,
  type TestRiskEngine,
  trainTestModel,
} from '../../risk/fixtures/createTestRiskEngine.js';
import { createApiKeys } from '../auth/createApiKeys.js';
import { createApi } from '../createApi.js';
import { createTestApiCaller, type TestApiCaller } from '../createTestApiCaller.js';

let engine: TestRiskEngine;
let api: ReturnType<typeof createApi>;
let call: TestApiCaller<keyof typeof keys>;
const keys: Record<'admin' | 'approver' | 'compliance' | 'viewer', string> = {
  admin: '',
  approver: '',
  compliance: '',
  viewer: '',
};

before(async () => {
  engine = await createTestRiskEngine();
  const { db } = engine.database;
  const apiKeys = createApiKeys({ db });
  for (const role of Object.keys(keys) as (keyof typeof keys)[])
    keys[role] = (await apiKeys.create({ name: `${role} key`, role })).secret;
  // The parts of the platform these routes use; the rest of Tandem (chain, ledger, payroll) is not needed here.
  const platform = {
    version: 'test',
    logger: pino({ level: 'silent' }),
    db,
    apiKeys,
    audit: createAuditLog({ db }),
    sanctions: engine.sanctionsList,
    risk: engine.risk,
  } as unknown as Platform;
  api = createApi({ platform });
  call = createTestApiCaller(api, keys);
});
after(() => engine.close());

const transfer = (to: string, amount: string) => ({
  companyId: 'acme',
  chainId: 31337,
  asset: 'USDC',
  amount,
  decimals: 6,
  from: '0x1111111111111111111111111111111111111111',
  to,
  counterparty: { hosted: true },
});

describe('risk API', () => {
  test('POST /v1/risk/screen answers the stored decision; viewers may not screen', async () => {
    const screened = await call('approver', 'POST', '/v1/risk/screen', transfer(lazarusAddress, '1000000'));
    assert.equal(screened.status, 200);
    assert.equal(screened.body.decision, 'block');
    assert.equal(screened.body.sanctions.to.entity, 'Lazarus Group');
    assert.equal(screened.body.transfer.amount, '1000000');
    const stored = await call('approver', 'GET', `/v1/risk/decisions/${screened.body.decisionId}`);
    assert.equal(stored.status, 200);
    assert.equal(stored.body.caseId, screened.body.caseId);
    assert.equal(stored.body.thresholds.decision.blockScore, 0.9);

    const refused = await call('viewer', 'POST', '/v1/risk/screen', transfer(lazarusAddress, '1'));
    assert.equal(refused.status, 403);
    assert.equal(refused.type, 'application/problem+json');
    assert.equal(refused.body.type, 'https://tandem.dev/problems/forbidden');
  });

  test('bad input is a problem naming the field', async () => {
    const decimal = await call('approver', 'POST', '/v1/risk/screen', transfer(lazarusAddress, '12.5'));
    assert.equal(decimal.status, 400);
    assert.equal(decimal.type, 'application/problem+json');
    assert.equal(decimal.body.field, 'amount');
    const noHosted = await call('approver', 'POST', '/v1/risk/screen', {
      ...transfer(lazarusAddress, '1'),
      counterparty: {},
    });
    assert.equal(noHosted.body.field, 'counterparty.hosted');
    const missing = await call('approver', 'GET', '/v1/risk/decisions/nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.type, 'https://tandem.dev/problems/not-found');
  });

  test('cases: list, show, assign and resolve are for compliance', async () => {
    const screened = await call('approver', 'POST', '/v1/risk/screen', {
      ...transfer('0x2222222222222222222222222222222222222222', '25000000000'),
      companyId: 'cases-co',
    });
    assert.equal(screened.body.decision, 'review');
    const caseId = screened.body.caseId as string;
    assert.equal((await call('approver', 'GET', '/v1/risk/cases')).status, 403);
    const open = await call('compliance', 'GET', '/v1/risk/cases?status=open&companyId=cases-co');
    assert.deepEqual(
      open.body.cases.map((c: { id: string }) => c.id),
      [caseId],
    );
    const assigned = await call('compliance', 'POST', `/v1/risk/cases/${caseId}/assign`, { assignee: 'maria' });
    assert.equal(assigned.body.status, 'assigned');
    const noComment = await call('compliance', 'POST', `/v1/risk/cases/${caseId}/resolve`, {
      resolution: 'approve',
      comment: ' ',
    });
    assert.equal(noComment.status, 400);
    assert.equal(noComment.body.field, 'comment');
    const resolved = await call('compliance', 'POST', `/v1/risk/cases/${caseId}/resolve`, {
      resolution: 'reject',
      comment: 'Counterparty could not be identified',
    });
    assert.equal(resolved.body.status, 'resolved');
    const again = await call('compliance', 'POST', `/v1/risk/cases/${caseId}/resolve`, {
      resolution: 'approve',
      comment: 'x',
    });
    assert.equal(again.status, 409);
    const detail = await call('compliance', 'GET', `/v1/risk/cases/${caseId}`);
    assert.deepEqual(
      detail.body.events.map((e: { action: string }) => e.action),
      ['risk.case.open', 'risk.case.assign', 'risk.case.resolve'],
    );
  });

  test('sanctions: check answers exactly the documented JSON; status; load refuses a relative path', async () => {
    const checked = await call(
      'viewer',
      'GET',
      `/v1/sanctions/check/${lazarusAddress.toUpperCase().replace('0X', '0x')}`,
    );
    assert.equal(checked.status, 200);
    assert.deepEqual(Object.keys(checked.body), [
      'address',
      'sanctioned',
      'ticker',
      'entity',
      'programs',
      'listVersion',
    ]);
    assert.equal(checked.body.sanctioned, true);
    assert.equal(checked.body.ticker, 'ETH');
    const status = await call('viewer', 'GET', '/v1/sanctions');
    assert.equal(status.body.inForce.addressCount, 2);

    const relative = await call('admin', 'POST', '/v1/sanctions/load', { path: 'sdn.xml' });
    assert.equal(relative.status, 400);
    assert.equal(relative.body.field, 'path');
    assert.equal((await call('compliance', 'POST', '/v1/sanctions/load', { path: '/x.xml' })).status, 403);
    const file = engine.listFile('newer.xml', [{ ...lazarus, addresses: lazarus.addresses.slice(0, 1) }], '2025-12-01');
    const loaded = await call('admin', 'POST', '/v1/sanctions/load', { path: file });
    assert.equal(loaded.status, 200);
    assert.equal(loaded.body.status, 'loaded');
    assert.equal(loaded.body.removed, 1);
    assert.equal(loaded.body.oracle, null);
    const missing = await call('admin', 'POST', '/v1/sanctions/load', { path: '/no/such/file.xml' });
    assert.equal(missing.type, 'application/problem+json');
    assert.ok(missing.status >= 400 && missing.status < 500);
  });

  test('model: admins put a model file in force; anyone may read which one', async () => {
    const { path, hash } = trainTestModel(engine.dataDir);
    assert.equal((await call('compliance', 'POST', '/v1/risk/model', { source: path })).status, 403);
    const used = await call('admin', 'POST', '/v1/risk/model', { source: path });
    assert.equal(used.status, 200);
    assert.equal(used.body.model.hash, hash);
    const shown = await call('viewer', 'GET', '/v1/risk/model');
    assert.equal(shown.body.inForce, true);
    assert.equal(shown.body.hash, hash);
    const bad = await call('admin', 'POST', '/v1/risk/model', { source: 'registry:2' });
    assert.equal(bad.body.type, 'https://tandem.dev/problems/model-registry-unavailable');
  });

  test('thresholds per company, checked', async () => {
    const set = await call('compliance', 'PUT', '/v1/risk/thresholds/acme', {
      overrides: { velocity: { maxCount: 50 } },
    });
    assert.equal(set.status, 200);
    assert.equal(set.body.thresholds.velocity.maxCount, 50);
    assert.equal(set.body.thresholds.velocity.windowHours, 24);
    const bad = await call('compliance', 'PUT', '/v1/risk/thresholds/acme', {
      overrides: { velocity: { maxCount: 0 } },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'thresholds.velocity.maxCount');
    const defaults = await call('approver', 'GET', '/v1/risk/thresholds');
    assert.equal(defaults.body.thresholds.velocity.maxCount, 20);
  });
});
