import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { lazarus, lazarusAddress } from '../../risk/fixtures/createTestRiskEngine.js';
import { ofacXml } from '../../risk/sanctions/fixtures/ofacXml.js';
import { writeListFile } from '../../risk/sanctions/fixtures/writeListFile.js';
import { createCliTestRun } from './createCliTestRun.js';

// `tandem sanctions …`, `tandem risk screen` and `tandem cases …` as a user runs them on a fresh data folder (the
// embedded stack opened in-process by each command). On a Postgres server the run gets its own schema.
const run = await createCliTestRun('cases');
const { dir, tandem } = run;
after(() => run.close());

test('sanctions load and check, a screening that opens a case, and the case assigned and resolved', () => {
  const list = writeListFile(dir, 'sdn.xml', ofacXml({ publishedOn: '2025-11-19', parties: [lazarus] }));
  const loaded = tandem('sanctions', 'load', '--file', list, '--json');
  assert.equal(loaded.code, 0, loaded.stderr);
  const load = JSON.parse(loaded.stdout);
  assert.equal(load.status, 'loaded');
  assert.equal(load.total, 2);
  // The embedded chain's sanctions oracle now lists both EVM addresses.
  assert.equal(load.oracle.status, 'synced');
  assert.equal(load.oracle.onOracle, 2);

  const checked = tandem('sanctions', 'check', lazarusAddress.toLowerCase(), '--json');
  assert.equal(checked.code, 0, checked.stderr);
  assert.deepEqual(JSON.parse(checked.stdout), {
    address: lazarusAddress.toLowerCase(),
    sanctioned: true,
    ticker: 'ETH',
    entity: 'Lazarus Group',
    programs: ['DPRK3'],
    listVersion: load.version.id,
  });

  const screened = tandem(
    ...['risk', 'screen', '--from', '0x1111111111111111111111111111111111111111'],
    ...['--to', '0x2222222222222222222222222222222222222222', '--asset', 'USDC', '--amount', '1500'],
    ...['--company', 'acme', '--self-hosted', '--json'],
  );
  assert.equal(screened.code, 0, screened.stderr);
  const decision = JSON.parse(screened.stdout);
  assert.equal(decision.decision, 'review');
  assert.equal(decision.transfer.amount, '1500000000');
  assert.deepEqual(
    decision.rulesFired.map((rule: { rule: string }) => rule.rule),
    ['unhosted-wallet'],
  );

  const listed = JSON.parse(tandem('cases', 'list', '--status', 'open', '--json').stdout);
  assert.deepEqual(
    listed.cases.map((c: { id: string }) => c.id),
    [decision.caseId],
  );
  const assigned = tandem('cases', 'assign', decision.caseId, '--to', 'maria@acme.eu');
  assert.equal(assigned.code, 0, assigned.stderr);
  assert.match(assigned.stdout, /is assigned to maria@acme\.eu/);
  const neither = tandem('cases', 'resolve', decision.caseId, '--comment', 'x');
  assert.equal(neither.code, 1);
  assert.match(neither.stderr, /exactly one of --approve and --reject/);
  const resolved = tandem('cases', 'resolve', decision.caseId, '--approve', '--comment', 'Signed message on file');
  assert.equal(resolved.code, 0, resolved.stderr);
  const shown = JSON.parse(tandem('cases', 'show', decision.caseId, '--json').stdout);
  assert.equal(shown.status, 'resolved');
  assert.deepEqual(
    shown.events.map((event: { action: string }) => event.action),
    ['risk.case.open', 'risk.case.assign', 'risk.case.resolve'],
  );
});
