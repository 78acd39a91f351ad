import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createTestDatabaseUrl, dropTestDatabaseSchema } from '../../db/createTestDatabaseUrl.js';
import { acmeInput, employeeCsvHeader, validEmployeeCsv } from '../../payroll/testing/payrollFixtures.js';

// The CLI as a user runs it: `tandem company create`, `tandem employees import|list` on a fresh data folder (which
// opens the embedded stack in-process). On a Postgres server the run gets its own schema through search_path.
const dir = mkdtempSync(join(tmpdir(), 'tandem-cli-payroll-'));
const databaseUrl = await createTestDatabaseUrl(dir, 'cli');
const env = { ...process.env, TANDEM_LOG_LEVEL: 'error', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
const tandem = (...args: string[]) => {
  const result = spawnSync(process.execPath, ['bin/tandem.mjs', '--data-dir', dir, ...args], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

after(async () => {
  await dropTestDatabaseSchema(dir, 'cli');
});

test('tandem company create, employees import (refused, then accepted) and employees list', () => {
  const approvers = join(dir, 'approvers.json');
  writeFileSync(approvers, JSON.stringify(acmeInput.approvers));
  const created = tandem(
    'company',
    'create',
    '--id',
    'acme',
    '--name',
    'Acme Robotics GmbH',
    '--country',
    'DE',
    '--iban',
    'DE89 3704 0044 0532 0130 00',
    '--bic',
    'COBADEFFXXX',
    '--lei',
    '5493001KJTIIGC8Y1R12',
    '--approvers-file',
    approvers,
    '--threshold',
    '2',
    '--json',
  );
  assert.equal(created.code, 0, created.stderr);
  const company = JSON.parse(created.stdout);
  assert.equal(company.approvalThreshold, 2);
  assert.equal(company.taxProfileId, 'DE-example-2025');

  const bad = join(dir, 'bad.csv');
  writeFileSync(
    bad,
    [
      employeeCsvHeader,
      'E1,Good,good@example.com,DE,DE89370400440532013000,,,1000,EUR,EUR:100',
      'E2,Bad,bad@example.com,DE,DE89370400440532013001,,,1000,EUR,EUR:100',
    ].join('\n'),
  );
  const refused = tandem('employees', 'import', '--company', 'acme', '--file', bad);
  assert.equal(refused.code, 1);
  assert.match(refused.stdout, /Nothing was written/);
  assert.match(refused.stdout, /line 3, iban: check digits do not match/);

  const good = join(dir, 'good.csv');
  writeFileSync(good, validEmployeeCsv);
  const imported = tandem('employees', 'import', '--company', 'acme', '--file', good, '--json');
  assert.equal(imported.code, 0, imported.stderr);
  assert.equal(JSON.parse(imported.stdout).imported, 5);

  const listed = tandem('employees', 'list', '--company', 'acme', '--json');
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(
    JSON.parse(listed.stdout).map((e: { fullName: string }) => e.fullName),
    ['Zoë Ångström', '李小龙', 'Σωκράτης', 'محمد', 'O\'Brien, Seán "Jack"'],
  );
  const missing = tandem('company', 'show', 'nobody');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /No company with id nobody/);
});
