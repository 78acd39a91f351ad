import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark } from './Benchmark.js';

// `tandem start` as a user runs it (a new process through bin/tandem.mjs), timed from spawn to the first healthy
// /healthz answer: cold (a new data folder: database created, migrated, contracts deployed) and warm (the same folder
// again, with the chain replayed from its journal).
const apiPort = 18_787;
const rpcPort = 18_545;

async function timeToHealthy(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['bin/tandem.mjs', 'start', '--data-dir', dataDir, '--api-port', String(apiPort), '--rpc-port', String(rpcPort)],
    {
      stdio: 'ignore',
      env: { ...process.env, DATABASE_URL: '', TANDEM_LOG_LEVEL: 'warn' },
    },
  );
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`tandem start exited with ${child.exitCode}`);
      const healthy = await fetch(`http://127.0.0.1:${apiPort}/healthz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (healthy) return (performance.now() - started) / 1000;
      if (performance.now() - started > 120_000) throw new Error('tandem start did not become healthy in 120 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const benchmark: Benchmark = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-start-'));
  try {
    const cold = await timeToHealthy(dataDir);
    const warm = [await timeToHealthy(dataDir), await timeToHealthy(dataDir)];
    const warmBest = Math.min(...warm);
    return {
      name: 'start',
      title: '`tandem start`: time to a healthy /healthz',
      notes:
        'A new process each time (node bin/tandem.mjs start), polled every 50 ms; warm is the best of two restarts on the same data folder.',
      figures: [
        { metric: 'cold start (new data folder)', value: cold, unit: 's' },
        {
          metric: 'warm start (restart)',
          value: warmBest,
          unit: 's',
          reference: 'aim ≤ 10 s',
          ratio: warmBest / 10,
          meetsAim: warmBest <= 10,
        },
      ],
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
};

export default benchmark;
