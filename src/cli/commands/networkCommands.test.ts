import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { generatePrivateKey } from 'viem/accounts';
import { createTestDatabaseUrl, dropTestDatabaseSchema } from '../../db/createTestDatabaseUrl.js';
import { fraudCsvPath } from '../../deai/fixtures/fraudSample.js';
import { encryptKeystoreFile } from '../../keys/keystoreFile.js';
import { loadModel } from '../../risk/model/modelFile.js';
import { parseCsv } from '../../risk/model/parseCsv.js';

// The protocol as users run it: a coordinator and data contributors as separate OS processes on loopback.
const dir = mkdtempSync(join(tmpdir(), 'tandem-network-'));
// On the suite's Postgres pass the commands get a schema of their own, never the shared database's public one.
const databaseUrl = await createTestDatabaseUrl(dir, 'cli');
const databaseEnv = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
const children: ChildProcess[] = [];
after(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  await dropTestDatabaseSchema(dir, 'cli');
});

const published = parseCsv(readFileSync(fraudCsvPath, 'utf8'));
const csvLine = (fields: string[]) =>
  fields.map((field) => (/[",\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)).join(',');
function writeCsv(name: string, rows: number[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${[published.header, ...rows.map((row) => published.records[row]!)].map(csvLine).join('\n')}\n`);
  return path;
}
function writeKey(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(encryptKeystoreFile(generatePrivateKey(), 'network-test', 1024)));
  return path;
}

function start(args: string[]): {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['bin/tandem.mjs', ...args], {
    env: { ...process.env, TANDEM_KEY_PASSWORD: 'network-test', TANDEM_DATA_DIR: join(dir, 'data'), ...databaseEnv },
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('tandem network coordinator | node', () => {
  it('trains over HTTP between processes; a node killed mid-round does not stop it; a late node is told to wait', {
    timeout: 240_000,
  }, async () => {
    const rows = Array.from({ length: Math.floor(published.records.length / 5) }, (_, i) => i * 5);
    const parties = [0, 1, 2].map((p) =>
      writeCsv(
        `party-${p}.csv`,
        rows.filter((_, i) => i % 3 === p),
      ),
    );
    const validation = writeCsv(
      'validation.csv',
      rows.map((row) => row + 1),
    );
    const out = join(dir, 'rounds');
    const coordinator = start([
      'network',
      'coordinator',
      '--port',
      '0',
      '--validation',
      validation,
      '--expect',
      '3',
      '--join-window',
      '60',
      '--step-timeout',
      '4',
      '--trees',
      '3',
      '--max-depth',
      '3',
      '--no-contribution',
      '--out',
      out,
      '--json',
    ]);
    const url = await waitFor(
      () => /listening on (http:\/\/\S+)/.exec(coordinator.stderr())?.[1],
      'the coordinator to listen',
    );
    const nodes = parties.map((data, p) =>
      start(['network', 'node', '--coordinator', url, '--data', data, '--key', writeKey(`party-${p}.json`), '--json']),
    );
    await waitFor(() => (/coordinator epoch /.test(coordinator.stderr()) ? true : undefined), 'key setup');
    const late = start([
      'network',
      'node',
      '--coordinator',
      url,
      '--data',
      parties[0]!,
      '--key',
      writeKey('late.json'),
    ]);
    await waitFor(
      () => (/coordinator tree \{"roundId":"[^"]+","index":0/.test(coordinator.stderr()) ? true : undefined),
      'the first tree',
    );
    nodes[2]!.child.kill('SIGKILL');

    assert.equal(await coordinator.exited, 0, coordinator.stderr());
    const report = JSON.parse(coordinator.stdout()) as {
      status: string;
      reason: string | null;
      modelPath: string;
      modelSha256: string;
      parties: { address: string; status: string; commitmentHash: string }[];
      restarts: number;
    };
    assert.equal(report.status, 'completed', report.reason ?? '');
    assert.deepEqual(report.parties.map((party) => party.status).sort(), ['dropped', 'trained', 'trained']);
    for (const node of nodes.slice(0, 2)) {
      assert.equal(await node.exited, 0, node.stderr());
      const outcome = JSON.parse(node.stdout()) as { outcomes: { status: string; modelSha256: string }[] };
      assert.deepEqual(
        outcome.outcomes.map((o) => [o.status, o.modelSha256]),
        [['completed', report.modelSha256]],
      );
    }
    await waitFor(
      () => (/join-refused.*wait for the next round/.test(late.stderr()) ? true : undefined),
      'the late node to be refused',
    );
    late.child.kill('SIGTERM');

    // The model file is a risk-engine model: it loads by its hash and `tandem risk score` uses it.
    assert.ok(existsSync(report.modelPath));
    assert.equal(loadModel(report.modelPath, { expectedHash: report.modelSha256 }).hash, report.modelSha256);
    const scored = spawnSync(
      process.execPath,
      [
        'bin/tandem.mjs',
        'risk',
        'score',
        '--model',
        report.modelPath,
        '--input',
        validation,
        '--output',
        join(dir, 'scored.csv'),
      ],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(scored.status, 0, scored.stderr);
  });
});
