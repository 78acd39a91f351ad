import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createTestDatabaseUrl, dropTestDatabaseSchema } from '../../db/createTestDatabaseUrl.js';
import { validatePain001 } from '../../payroll/sepa/validatePain001.js';
import { lazarus } from '../../risk/fixtures/createTestRiskEngine.js';
import { ofacXml } from '../../risk/sanctions/fixtures/ofacXml.js';
import { writeListFile } from '../../risk/sanctions/fixtures/writeListFile.js';

// The CLI as a user runs it on a fresh data folder (the embedded stack in-process): `tandem demo payroll`, then the
// payroll commands on its run. On a Postgres server the data folder's database gets its own schema (search_path).
const dir = mkdtempSync(join(tmpdir(), 'tandem-cli-payruns-'));
const databaseUrl = await createTestDatabaseUrl(dir, 'cli');
const env = { ...process.env, TANDEM_LOG_LEVEL: 'error', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
const tandem = (...args: string[]) => {
  const result = spawnSync(process.execPath, ['bin/tandem.mjs', '--data-dir', dir, ...args], {
    env,
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropTestDatabaseSchema(dir, 'cli');
});

test('tandem demo payroll pays a generated company end to end; payroll run show, sepa and payslips read it', () => {
  // A small sanctions list, so that the demo does not spend its time on the full OFAC file.
  const list = writeListFile(dir, 'sdn.xml', ofacXml({ publishedOn: '2025-11-19', parties: [lazarus] }));
  const loaded = tandem('sanctions', 'load', '--file', list, '--json');
  assert.equal(loaded.code, 0, loaded.stderr);

  const demo = tandem('demo', 'payroll', '--employees', '6', '--company', 'democo', '--period', '2026-11', '--json');
  assert.equal(demo.code, 0, demo.stderr);
  const summary = JSON.parse(demo.stdout);
  assert.equal(summary.status, 'paid');
  assert.equal(summary.linesPaid, 6);
  assert.deepEqual(summary.held, []);
  assert.deepEqual(summary.failed, []);
  assert.ok(summary.transactions.length >= 1);
  for (const transaction of summary.transactions) assert.match(transaction.txHash, /^0x[0-9a-f]{64}$/);
  assert.ok(summary.gasPerRecipient > 20_000 && summary.gasPerRecipient < 80_000);
  assert.equal(summary.ledgerCheck.ok, true);
  assert.ok(summary.ledgerCheck.reconciliation.every((r: { status: string }) => r.status === 'matched'));
  assert.match(summary.sepaFile, /pain001-TANDEM-[0-9a-f]+\.xml$/);

  const shown = tandem('payroll', 'run', 'show', summary.runId, '--json');
  assert.equal(shown.code, 0, shown.stderr);
  assert.equal(JSON.parse(shown.stdout).lines.length, 6);
  const human = tandem('payroll', 'run', 'show', summary.runId);
  assert.match(human.stdout, new RegExp(`Pay run ${summary.runId} \\(democo 2026-11\\): paid`));

  const sepaOut = join(dir, 'out', 'sepa.xml');
  const sepa = tandem('payroll', 'sepa', summary.runId, '--out', sepaOut, '--json');
  assert.equal(sepa.code, 0, sepa.stderr);
  assert.equal(readFileSync(sepaOut, 'utf8'), readFileSync(summary.sepaFile, 'utf8'));

  const slips = tandem('payroll', 'payslips', summary.runId, '--out', join(dir, 'out', 'payslips'), '--json');
  assert.equal(slips.code, 0, slips.stderr);
  assert.equal(readdirSync(join(dir, 'out', 'payslips')).filter((f) => f.endsWith('.pdf')).length, 6);

  const again = tandem('payroll', 'run', 'execute', summary.runId);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /is paid; execute needs approved/);
});

test('the SEPA file the CLI wrote is valid against the XSD', async () => {
  const xml = readFileSync(join(dir, 'out', 'sepa.xml'), 'utf8');
  assert.deepEqual(await validatePain001(xml), { valid: true, errors: [] });
});
