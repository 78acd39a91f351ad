import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RoundReport } from '../deai/coordinator/RoundReport.js';
import { NonRetryableError } from '../errors/BaseError.js';

/** What `tandem network coordinator --json` prints for a round: the report without the model, and its files. */
export type CoordinatorRoundSummary = Omit<RoundReport, 'model'> & { modelPath: string | null; reportPath: string };

export type RunNetworkProcessesParameters = {
  dataDir: string;
  /** Where the coordinator writes the round's model file and report. */
  out: string;
  validationCsv: string;
  parties: readonly { csv: string; keyFile: string }[];
  passwordFile: string;
  trees: number;
  seed: number;
  epsilon?: number | undefined;
  /** Progress lines of the processes, for people. */
  log?: ((line: string) => void) | undefined;
  /** The whole round's limit; default 15 minutes. */
  timeoutMs?: number | undefined;
};

const tandemBin = fileURLToPath(new URL('../../bin/tandem.mjs', import.meta.url));

/**
 * One training round as separate OS processes on loopback: `tandem network coordinator` on a free port, then one
 * `tandem network node` per party with its own CSV and key file. Waits for the coordinator's round report and for
 * every node to finish; any process that fails stops the others (by pid) and is reported with its last words.
 * @example const { report } = await runNetworkProcesses({ dataDir, out, validationCsv, parties, passwordFile, trees: 20, seed: 1 })
 */
export async function runNetworkProcesses(
  parameters: RunNetworkProcessesParameters,
): Promise<{ report: CoordinatorRoundSummary; nodes: { pid: number; exitCode: number | null }[] }> {
  const { parties, log } = parameters;
  const children: ChildProcess[] = [];
  const stopAll = () => {
    for (const child of children) if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGTERM');
  };
  const timer = setTimeout(stopAll, parameters.timeoutMs ?? 15 * 60_000);
  try {
    const coordinator = start(
      'coordinator',
      [
        'network',
        'coordinator',
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--validation',
        parameters.validationCsv,
        '--parties',
        String(parties.length),
        '--expect',
        String(parties.length),
        '--join-window',
        '120',
        '--trees',
        String(parameters.trees),
        '--seed',
        String(parameters.seed),
        ...(parameters.epsilon ? ['--dp-epsilon', String(parameters.epsilon)] : []),
        '--out',
        parameters.out,
        '--json',
      ],
      parameters.dataDir,
      log,
    );
    children.push(coordinator.child);
    const url = await coordinator.waitFor(/listening on (http:\/\/\S+)/);
    const nodes = parties.map((party, index) => {
      const node = start(
        `node ${index + 1}`,
        [
          'network',
          'node',
          '--coordinator',
          url,
          '--data',
          party.csv,
          '--key',
          party.keyFile,
          '--password-file',
          parameters.passwordFile,
          '--json',
        ],
        parameters.dataDir,
        log,
      );
      children.push(node.child);
      return node;
    });
    const [coordinatorExit, ...nodeExits] = await Promise.all([
      coordinator.exited,
      ...nodes.map((node) => node.exited),
    ]);
    if (coordinatorExit.code !== 0)
      throw new NonRetryableError('The coordinator process failed.', {
        code: 'network-process-failed',
        details: coordinatorExit.stderr.slice(-2000),
      });
    let report: CoordinatorRoundSummary;
    try {
      report = JSON.parse(coordinatorExit.stdout) as CoordinatorRoundSummary;
    } catch (cause) {
      throw new NonRetryableError('The coordinator printed no round report.', {
        cause,
        code: 'network-process-failed',
      });
    }
    return {
      report,
      nodes: nodes.map((node, index) => ({ pid: node.child.pid ?? 0, exitCode: nodeExits[index]!.code })),
    };
  } catch (error) {
    stopAll();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function start(name: string, args: string[], dataDir: string, log: ((line: string) => void) | undefined) {
  const child = spawn(process.execPath, [tandemBin, '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TANDEM_LOG_LEVEL: process.env.TANDEM_LOG_LEVEL ?? 'warn' },
  });
  let stdout = '';
  let stderr = '';
  const waiting: { pattern: RegExp; resolve(match: string): void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const line of chunk.split('\n')) if (line.trim()) log?.(`[${name}] ${line.slice(0, 300)}`);
    for (const waiter of [...waiting]) {
      const match = waiter.pattern.exec(stderr);
      if (match) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(match[1] ?? match[0]);
      }
    }
  });
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  return {
    child,
    exited,
    /** The first capture of `pattern` in the process's stderr; rejects if the process ends first. */
    waitFor(pattern: RegExp): Promise<string> {
      return new Promise((resolve, reject) => {
        waiting.push({ pattern, resolve });
        exited.then(({ stderr: last }) =>
          reject(new NonRetryableError(`The ${name} process ended early.`, { details: last.slice(-2000) })),
        );
      });
    },
  };
}
