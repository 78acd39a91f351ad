import type { Command } from 'commander';
import { commandConfig } from '../commandConfig.js';
import { createCliClient } from '../createCliClient.js';
import { printJson, printTable } from '../output.js';

type ApiKey = { id: string; name: string; role: string; createdAt: string; revokedAt: string | null };

export function registerApiKeyCommands(program: Command) {
  const apiKeys = program.command('api-keys').description('API keys with roles (admin, approver, viewer, compliance)');

  apiKeys
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const { keys } = await client.request<{ keys: ApiKey[] }>('GET', '/v1/api-keys');
        if (options.json) printJson(keys);
        else printTable(keys, ['id', 'name', 'role', 'createdAt', 'revokedAt']);
      } finally {
        await client.close();
      }
    });

  apiKeys
    .command('create')
    .requiredOption('--name <name>', 'who or what uses the key')
    .requiredOption('--role <role>', 'admin, approver, viewer or compliance')
    .option('--json', 'machine-readable output')
    .action(async (options: { name: string; role: string; json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const created = await client.request<{ key: ApiKey; secret: string }>('POST', '/v1/api-keys', {
          name: options.name,
          role: options.role,
        });
        if (options.json) printJson(created);
        else
          process.stdout.write(
            `Created ${created.key.role} key ${created.key.id} (${created.key.name}).\nSecret (shown once): ${created.secret}\n`,
          );
      } finally {
        await client.close();
      }
    });

  apiKeys
    .command('revoke <id>')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const revoked = await client.request<ApiKey>('DELETE', `/v1/api-keys/${encodeURIComponent(id)}`);
        if (options.json) printJson(revoked);
        else process.stdout.write(`Revoked key ${revoked.id} (${revoked.name}).\n`);
      } finally {
        await client.close();
      }
    });
}
