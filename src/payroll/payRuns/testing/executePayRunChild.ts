// A child process for the crash tests: opens the platform on a data folder (which resumes any run left executing)
// and executes one pay run. TANDEM_PAYRUN_CRASH_AT kills it at a named point (see crashPoint);
// TANDEM_TEST_KILL_AFTER_MS kills it after that many milliseconds, wherever it is.
import { loadConfig } from '../../../config/loadConfig.js';
import { createPlatform } from '../../../platform/createPlatform.js';

const [dataDir, payRunId] = process.argv.slice(2);
if (!dataDir || !payRunId) throw new Error('usage: executePayRunChild.ts <dataDir> <payRunId>');
const killAfter = Number(process.env.TANDEM_TEST_KILL_AFTER_MS ?? '');
const platform = await createPlatform(loadConfig({ dataDir, logLevel: 'warn' }), { purpose: 'cli' });
if (killAfter > 0) setTimeout(() => process.kill(process.pid, 'SIGKILL'), killAfter);
try {
  const run = await platform.payRuns.execute(payRunId, { actor: 'test:child' }, { wait: true });
  process.stdout.write(`${JSON.stringify({ status: run.status })}\n`);
} finally {
  await platform.close();
}
