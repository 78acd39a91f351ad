import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { FirstUserResult } from '../../api/auth/ensureFirstUser.js';
import { ValidationError } from '../../errors/BaseError.js';
import { commandConfig } from '../commandConfig.js';
import { createCliClient } from '../createCliClient.js';
import { printJson, printTable } from '../output.js';

type User = { id: string; email: string; name: string; role: string; createdAt: string; disabledAt: string | null };

export function registerUserCommands(program: Command) {
  const users = program
    .command('users')
    .description('People who sign in to the web app, each with a role (admin, approver, viewer, compliance)');

  users
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const { users: list } = await client.request<{ users: User[] }>('GET', '/v1/users');
        if (options.json) printJson(list);
        else printTable(list, ['id', 'email', 'name', 'role', 'createdAt', 'disabledAt']);
      } finally {
        await client.close();
      }
    });

  users
    .command('create')
    .requiredOption('--email <email>', 'the email they sign in with')
    .requiredOption('--name <name>', 'their name as the web app shows it')
    .requiredOption('--role <role>', 'admin, approver, viewer or compliance')
    .option(
      '--password-file <file>',
      'a file whose first line is the password (- for standard input); without it a password is generated and shown once',
    )
    .option('--json', 'machine-readable output')
    .action(
      async (
        options: { email: string; name: string; role: string; passwordFile?: string; json?: boolean },
        command: Command,
      ) => {
        const generated = options.passwordFile ? undefined : randomBytes(15).toString('base64url');
        const password = generated ?? readPassword(options.passwordFile!);
        const client = await createCliClient(commandConfig(command));
        try {
          const user = await client.request<User>('POST', '/v1/users', {
            email: options.email,
            name: options.name,
            role: options.role,
            password,
          });
          if (options.json) printJson(generated ? { ...user, password: generated } : user);
          else
            process.stdout.write(
              `Created ${user.role} ${user.email} (${user.id}).\n` +
                (generated ? `Password (shown once; change it after signing in): ${generated}\n` : ''),
            );
        } finally {
          await client.close();
        }
      },
    );

  users
    .command('disable <id>')
    .description('they can no longer sign in, and their sessions end')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const user = await client.request<User>('POST', `/v1/users/${encodeURIComponent(id)}/disable`);
        if (options.json) printJson(user);
        else process.stdout.write(`Disabled ${user.email} (${user.id}).\n`);
      } finally {
        await client.close();
      }
    });
}

function readPassword(file: string): string {
  const text = readFileSync(file === '-' ? 0 : file, 'utf8');
  const password = text.split(/\r?\n/)[0] ?? '';
  if (!password) throw new ValidationError(`The password file ${file} is empty.`, { field: '--password-file' });
  return password;
}

/** What `tandem start` says about signing in to the web app the first time. */
export function firstUserLines(firstUser: FirstUserResult, dataDir: string): string[] {
  if (firstUser.created) return ['', `  Created the admin user ${firstUser.created.email} (TANDEM_ADMIN_EMAIL).`];
  if (firstUser.usersExist) return [];
  return [
    '',
    '  No web-app users yet. Create the first admin (in another terminal):',
    `    npx tandem --data-dir ${dataDir} users create --email you@example.com --name "Your Name" --role admin`,
    `  or sign in to the web app with the admin API key in ${dataDir}/admin-api-key.`,
  ];
}
