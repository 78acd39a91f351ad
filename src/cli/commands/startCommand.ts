import type { Command } from 'commander';
import { startServer } from '../../platform/startServer.js';
import { commandConfig } from '../commandConfig.js';
import { firstUserLines } from './userCommands.js';

export function registerStartCommand(program: Command) {
  program
    .command('start')
    .description('Run Tandem: embedded (or RPC_URL) chain, embedded (or DATABASE_URL) database, HTTP API')
    .option('--api-port <port>', 'HTTP API port (default 8787)')
    .option('--rpc-port <port>', 'JSON-RPC port of the embedded chain (default 8545)')
    .option('--host <host>', 'HTTP API host (default 127.0.0.1)')
    .option('--network-port <port>', "the open network coordinator's port (default 7420)")
    .option('--network-validation <csv>', 'labeled rows the coordinator measures rounds on (eth-fraud layout)')
    .option('--no-network', 'do not start the open network coordinator')
    .action(
      async (
        options: {
          apiPort?: string;
          rpcPort?: string;
          host?: string;
          networkPort?: string;
          networkValidation?: string;
          network: boolean;
        },
        command: Command,
      ) => {
        const config = commandConfig(command, {
          apiPort: options.apiPort,
          rpcPort: options.rpcPort,
          apiHost: options.host,
          networkPort: options.networkPort,
          networkValidation: options.networkValidation,
          networkCoordinator: options.network ? undefined : 'off',
        });
        const server = await startServer(config);
        const lines = [
          `Tandem ${server.platform.version} is running.`,
          `  web app    ${server.apiUrl}/`,
          `  API        ${server.apiUrl}   (OpenAPI: ${server.apiUrl}/openapi.json)`,
          `  chain      ${server.rpcUrl ?? server.platform.chain.rpcUrl}   chain id ${server.platform.chain.chainId}`,
          `  network    ${server.networkUrl ? `${server.networkUrl}   (tandem network node --coordinator ${server.networkUrl})` : 'coordinator off'}`,
          `  database   ${server.platform.database.describe}`,
          `  data       ${config.dataDir}`,
        ];
        if (server.firstAdminKey)
          lines.push(
            '',
            `  Admin API key (shown once, also kept in ${config.dataDir}/admin-api-key):`,
            `  ${server.firstAdminKey}`,
          );
        lines.push(...firstUserLines(server.firstUser, config.dataDir));
        process.stdout.write(`${lines.join('\n')}\n\nPress Ctrl-C to stop.\n`);

        await new Promise<void>((resolve) => {
          const shutdown = (signal: string) => {
            process.stdout.write(`\nStopping (${signal})…\n`);
            server.stop().then(resolve, (error) => {
              process.stderr.write(`Error while stopping: ${(error as Error).message}\n`);
              process.exitCode = 1;
              resolve();
            });
          };
          process.once('SIGINT', () => shutdown('SIGINT'));
          process.once('SIGTERM', () => shutdown('SIGTERM'));
        });
        process.stdout.write('Stopped.\n');
      },
    );
}
