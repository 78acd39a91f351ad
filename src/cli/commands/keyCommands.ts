import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createKeystore } from '../../keys/createKeystore.js';
import { commandConfig } from '../commandConfig.js';
import { printJson, printTable } from '../output.js';

// The keystore is files in the data folder, safe to use while the server runs, so these commands open it directly.
function openKeystore(command: Command) {
  const config = commandConfig(command);
  return createKeystore({
    folder: join(config.dataDir, 'keystore'),
    password: process.env.TANDEM_KEYSTORE_PASSWORD,
    allowGeneratedPassword: !config.rpcUrl,
  });
}

export function registerKeyCommands(program: Command) {
  const keys = program.command('keys').description('Encrypted signing keys in the data folder (Web3 v3 key files)');

  keys
    .command('list')
    .option('--json', 'machine-readable output')
    .action((options: { json?: boolean }, command: Command) => {
      const entries = openKeystore(command).list();
      if (options.json) printJson(entries);
      else printTable(entries);
    });

  keys
    .command('create <name>')
    .description('create a new random key')
    .option('--json', 'machine-readable output')
    .action((name: string, options: { json?: boolean }, command: Command) => {
      const entry = openKeystore(command).create(name);
      if (options.json) printJson(entry);
      else process.stdout.write(`Created key ${entry.name}: ${entry.address}\n`);
    });

  keys
    .command('import <name>')
    .description('import a private key read from a file (or - for standard input); never pass it as an argument')
    .requiredOption('--private-key-file <path>', 'file holding the 0x… private key, or - for standard input')
    .option('--json', 'machine-readable output')
    .action((name: string, options: { privateKeyFile: string; json?: boolean }, command: Command) => {
      const privateKey = readFileSync(options.privateKeyFile === '-' ? 0 : options.privateKeyFile, 'utf8').trim();
      const entry = openKeystore(command).import(name, privateKey);
      if (options.json) printJson(entry);
      else process.stdout.write(`Imported key ${entry.name}: ${entry.address}\n`);
    });
}
