import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createTestDatabaseUrl, dropTestDatabaseSchema } from '../../db/createTestDatabaseUrl.js';

// `tandem demo network` and `tandem network …` as a user runs them, on a fresh data folder (embedded chain and
// database, opened by each command in turn).
const dataDir = mkdtempSync(join(tmpdir(), 'tandem-cli-network-'));
// On the suite's Postgres pass the commands get a schema of their own, never the shared database's public one.
const databaseUrl = await createTestDatabaseUrl(dataDir, 'cli');
const databaseEnv = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await dropTestDatabaseSchema(dataDir, 'cli');
});

function tandem(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/tandem.mjs', '--data-dir', dataDir, ...args], {
      env: { ...process.env, TANDEM_LOG_LEVEL: 'error', ...databaseEnv },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('tandem demo network', () => {
  test('trains, publishes, rewards and claims; the model then verifies and the risk engine uses it as registry:1', async () => {
    const demo = await tandem('demo', 'network', '--parties', '3', '--trees', '3', '--budget', '300', '--json');
    assert.equal(demo.code, 0, demo.stderr);
    const summary = JSON.parse(demo.stdout);
    assert.equal(summary.parties, 3);
    assert.equal(summary.trees, 3);
    // Three trees rank well already (F1 at 0.5 needs more trees); without DP the federation builds the centralized
    // learner's very trees, so the figures agree exactly.
    assert.ok(summary.federated.rocAuc > 0.95, String(summary.federated.rocAuc));
    assert.deepEqual(summary.federated, summary.centralized);
    assert.equal(summary.f1Gap, 0);
    assert.ok(summary.bytes.perTreePerNode > 0);
    assert.ok(summary.time.federatedMsPerTree > 0 && summary.time.centralizedMsPerTree >= 0);
    assert.equal(summary.contributors.length, 3);
    const minted = summary.contributors.reduce(
      (sum: bigint, c: { tokenUnits: string }) => sum + BigInt(c.tokenUnits),
      0n,
    );
    assert.equal(minted, 300n * 10n ** 18n, 'the whole budget is paid out, to the unit');
    for (const contributor of summary.contributors)
      if (contributor.tokenUnits !== '0') assert.match(contributor.claimTx, /^0x[0-9a-f]{64}$/);
    assert.match(summary.transactions.publishEpoch, /^0x[0-9a-f]{64}$/);
    assert.match(summary.transactions.registerModel, /^0x[0-9a-f]{64}$/);
    assert.deepEqual([summary.registry.version, summary.registry.rewardEpoch, summary.registry.verified], [1, 1, true]);

    const verified = await tandem('network', 'verify', '--model', summary.registry.modelFile, '--json');
    assert.equal(verified.code, 0, verified.stderr);
    const verification = JSON.parse(verified.stdout);
    assert.deepEqual([verification.matches, verification.version], [true, 1]);
    assert.equal(verification.record.modelSha256, summary.registry.modelSha256);

    const tampered = join(dataDir, 'tampered.json');
    copyFileSync(summary.registry.modelFile, tampered);
    writeFileSync(tampered, readFileSync(tampered, 'utf8').replace('"seed":1', '"seed":2'));
    const refused = await tandem('network', 'verify', '--model', tampered, '--version', '1');
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /is NOT model version 1/);

    const used = await tandem('risk', 'use', '--model', 'registry:1', '--json');
    assert.equal(used.code, 0, used.stderr);
    assert.equal(JSON.parse(used.stdout).model.hash, summary.registry.modelSha256);

    // (Listing models and rewards, and claiming, are covered through the API in networkRoutes.test.ts.)
    const bad = await tandem('network', 'claim', '--epoch', '1');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--epoch N --account ADDRESS, or --all/);
  });
});
