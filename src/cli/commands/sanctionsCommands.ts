import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { SanctionsCheck, SanctionsListVersion } from '../../risk/sanctions/createSanctionsList.js';
import { commandConfig } from '../commandConfig.js';
import { createCliClient } from '../createCliClient.js';
import { createProgress, printJson, printTable } from '../output.js';

type OracleSync = {
  status: string;
  listVersion?: string | null;
  added?: number;
  removed?: number;
  batches?: { kind: string; addresses: number; status: string; txHash: string | null; gasUsed: string | null }[];
  onOracle?: number;
  error?: string;
};
type SanctionsLoad = {
  status: 'loaded' | 'unchanged';
  message: string;
  version: SanctionsListVersion;
  byTicker: Record<string, number>;
  oracle: OracleSync | null;
};

export function registerSanctionsCommands(program: Command) {
  const sanctions = program.command('sanctions').description('Sanctions screening against the OFAC SDN list');

  sanctions
    .command('load')
    .description('load an OFAC SDN advanced XML file (plain or .bz2) and sync the on-chain sanctions oracle')
    .requiredOption('--file <path>', 'the sdn_advanced.xml or sdn_advanced.xml.bz2 file')
    .option('--allow-older', 'accept a list published before the one in force (a deliberate rollback)')
    .option('--json', 'machine-readable output')
    .action(async (options: { file: string; allowOlder?: boolean; json?: boolean }, command: Command) => {
      const file = resolve(options.file);
      const client = await createCliClient(commandConfig(command));
      try {
        let loaded: SanctionsLoad;
        if (client.platform) {
          // In this process: progress for people on stderr while the file streams through.
          const reading = createProgress('Reading sanctions list (MB)');
          loaded = (await client.platform.risk.loadSanctionsList(
            {
              file,
              allowOlder: options.allowOlder,
              onProgress: (progress) => {
                if (progress.phase === 'storing') return reading.done(`${progress.addresses} addresses; storing…`);
                reading.update(
                  Math.round(progress.bytesRead / 1e6),
                  Math.round(progress.bytesTotal / 1e6) || undefined,
                );
              },
            },
            { actor: 'key:local-cli' },
          )) as unknown as SanctionsLoad;
        } else
          loaded = await client.request<SanctionsLoad>('POST', '/v1/sanctions/load', {
            path: file,
            ...(options.allowOlder ? { allowOlder: true } : {}),
          });
        if (options.json) return printJson(loaded);
        process.stdout.write(`${loaded.message}\n`);
        printTable(
          Object.entries(loaded.byTicker)
            .sort((a, b) => b[1] - a[1])
            .map(([ticker, addresses]) => ({ ticker, addresses })),
        );
        printOracle(loaded.oracle);
      } finally {
        await client.close();
      }
    });

  sanctions
    .command('check')
    .description('is this address on the sanctions list in force? (EVM addresses in any letter case)')
    .argument('<address>', 'the address to screen')
    .option('--json', 'machine-readable output: {"address","sanctioned","ticker","entity","programs","listVersion"}')
    .action(async (address: string, options: { json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const check = await client.request<SanctionsCheck>('GET', `/v1/sanctions/check/${encodeURIComponent(address)}`);
        if (options.json)
          return printJson({
            address: check.address,
            sanctioned: check.sanctioned,
            ticker: check.ticker,
            entity: check.entity,
            programs: check.programs,
            listVersion: check.listVersion,
          });
        process.stdout.write(
          check.sanctioned
            ? `SANCTIONED: ${check.address} is listed (${check.ticker}) for ${check.entity}; programs ${check.programs.join(', ')}. List ${check.listVersion}.\n`
            : `Not listed: ${check.address} is not on the sanctions list ${check.listVersion}.\n`,
        );
      } finally {
        await client.close();
      }
    });

  sanctions
    .command('status')
    .description('the list in force and the lists loaded before')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const status = await client.request<{ inForce: SanctionsListVersion | null; history: SanctionsListVersion[] }>(
          'GET',
          '/v1/sanctions',
        );
        if (options.json) return printJson(status);
        if (!status.inForce) process.stdout.write('No sanctions list is loaded; use `tandem sanctions load --file`.\n');
        printTable(
          status.history.map((v) => ({
            version: v.id,
            published: v.publishedOn,
            addresses: v.addressCount,
            added: v.added,
            removed: v.removed,
            changed: v.changed,
            loaded: v.loadedAt,
            inForce: v.supersededAt === null ? 'yes' : '',
          })),
        );
      } finally {
        await client.close();
      }
    });

  sanctions
    .command('sync-oracle')
    .description('bring the on-chain sanctions oracle in line with the list in force (resumes an unfinished sync)')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const sync = await client.request<OracleSync>('POST', '/v1/sanctions/sync-oracle');
        if (options.json) return printJson(sync);
        printOracle(sync);
      } finally {
        await client.close();
      }
    });
}

function printOracle(oracle: OracleSync | null) {
  if (!oracle) return;
  if (oracle.status === 'failed') {
    process.stdout.write(
      `On-chain oracle: sync FAILED (${oracle.error}); run \`tandem sanctions sync-oracle\` to retry.\n`,
    );
    process.exitCode = 1;
    return;
  }
  const gas = (oracle.batches ?? []).reduce((sum, batch) => sum + BigInt(batch.gasUsed ?? 0), 0n);
  process.stdout.write(
    `On-chain oracle: ${oracle.status}; ${oracle.added ?? 0} added, ${oracle.removed ?? 0} removed in ${oracle.batches?.length ?? 0} transactions${gas ? ` (${gas.toLocaleString('en-US')} gas)` : ''}; ${oracle.onOracle ?? 0} addresses on chain.\n`,
  );
}
