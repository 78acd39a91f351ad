import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabaseUrl, dropTestDatabaseSchema } from '../../db/createTestDatabaseUrl.js';

export type CliTestRun = {
  /** A fresh folder for the test's files; the data folder is `data` inside it. */
  dir: string;
  /** Runs `tandem --data-dir <dir>/data …args` as a user would (the embedded stack opened by the command). */
  tandem(...args: string[]): { code: number | null; stdout: string; stderr: string };
  /** Removes the folder, and on the Postgres pass the run's schema. */
  close(): Promise<void>;
};

/**
 * For CLI tests: a fresh folder and `tandem` run in it, each command as its own process. On a Postgres server the
 * run gets its own schema.
 * @example const run = await createCliTestRun('ledger'); after(() => run.close()); run.tandem('ledger', 'check')
 */
export async function createCliTestRun(name: string): Promise<CliTestRun> {
  const dir = mkdtempSync(join(tmpdir(), `tandem-cli-${name}-`));
  const databaseUrl = await createTestDatabaseUrl(dir, 'cli');
  const env = { ...process.env, TANDEM_LOG_LEVEL: 'error', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  return {
    dir,
    tandem(...args) {
      const result = spawnSync(process.execPath, ['bin/tandem.mjs', '--data-dir', join(dir, 'data'), ...args], {
        env,
        encoding: 'utf8',
        timeout: 180_000,
      });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    async close() {
      rmSync(dir, { recursive: true, force: true });
      await dropTestDatabaseSchema(dir, 'cli');
    },
  };
}
