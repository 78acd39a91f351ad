import type { Command } from 'commander';
import { commandConfig } from '../commandConfig.js';
import { createCliClient } from '../createCliClient.js';
import { printJson } from '../output.js';

type Health = {
  ok: boolean;
  version: string;
  database: { ok: boolean; kind: string; describe: string; error?: string };
  chain: { ok: boolean; kind: string; chainId?: number; blockNumber?: string; rpcUrl?: string; error?: string };
};

export function registerStatusCommand(program: Command) {
  program
    .command('status')
    .description('Show whether Tandem runs on this data folder, and the state of its database and chain')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const health = await client.request<Health>('GET', '/healthz');
        if (options.json) return printJson({ server: client.mode === 'remote' ? 'running' : 'stopped', ...health });
        const line = (ok: boolean) => (ok ? 'ok ' : 'DOWN');
        process.stdout.write(
          [
            `Tandem ${health.version} — server ${client.mode === 'remote' ? 'running' : 'not running (opened the data folder directly)'}`,
            `database  ${line(health.database.ok)}  ${health.database.kind}  ${health.database.describe}${health.database.error ? `  ${health.database.error}` : ''}`,
            `chain     ${line(health.chain.ok)}  ${health.chain.kind}  chain id ${health.chain.chainId ?? '?'}  block ${health.chain.blockNumber ?? '?'}${health.chain.error ? `  ${health.chain.error}` : ''}`,
            '',
          ].join('\n'),
        );
        if (!health.ok) process.exitCode = 1;
      } finally {
        await client.close();
      }
    });
}
