import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ValidationError } from '../../errors/BaseError.js';
import { commandConfig } from '../commandConfig.js';
import { createCliClient } from '../createCliClient.js';
import { formatMinor, printJson, printTable } from '../output.js';

type Balances = {
  accounts: {
    account: { code: string; name: string; type: string; currency: string; decimals: number };
    debits: string;
    credits: string;
    balance: string;
  }[];
};
type Check = {
  ok: boolean;
  ledger: {
    ok: boolean;
    counts: Record<string, number>;
    checks: { rule: string; description: string; passed: boolean; violations: number }[];
  };
  reconciliation: {
    companyId: string;
    ok: boolean;
    accounts: {
      account: { code: string; currency: string; decimals: number; address: string };
      ledgerBalance: string;
      chainBalance: string | null;
      status: string;
    }[];
  }[];
};

type Account = { id: string; code: string; name: string; type: string; currency: string; decimals: number };
type Entry = {
  id: string;
  sequence: string;
  companyId: string;
  idempotencyKey: string;
  date: string;
  description: string;
  reversesEntryId: string | null;
  postings: { accountId: string; currency: string; amount: string }[];
};
type Posted = { created: boolean; entry: Entry };

/** The entries of a file: a JSON array of entries, or `{ "entries": [...] }` as the API takes them. */
function readEntriesFile(file: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new ValidationError(`Cannot read ${file} as JSON.`, { cause, field: '--file' });
  }
  const entries = Array.isArray(parsed) ? parsed : (parsed as { entries?: unknown })?.entries;
  if (!Array.isArray(entries))
    throw new ValidationError(`${file} must hold a JSON array of entries, or { "entries": [...] }.`, {
      field: '--file',
    });
  return entries;
}

function printPosted(results: readonly Posted[]) {
  printTable(
    results.map(({ created, entry }) => ({
      status: created ? 'posted' : 'already posted',
      sequence: entry.sequence,
      date: entry.date,
      key: entry.idempotencyKey,
      description: entry.description,
      postings: entry.postings.length,
      id: entry.id,
    })),
  );
}

export function registerLedgerCommands(program: Command) {
  const ledger = program.command('ledger').description('The double-entry ledger');

  const accounts = ledger.command('accounts').description("a company's chart of accounts");
  accounts
    .command('list')
    .description("list a company's accounts")
    .requiredOption('--company <id>', 'company id')
    .option('--json', 'machine-readable output')
    .action(async (options: { company: string; json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const { accounts: list } = await client.request<{ accounts: Account[] }>(
          'GET',
          `/v1/ledger/accounts?companyId=${encodeURIComponent(options.company)}`,
        );
        if (options.json) return printJson({ accounts: list });
        printTable(list.map(({ id, code, name, type, currency }) => ({ code, name, type, currency, id })));
      } finally {
        await client.close();
      }
    });
  accounts
    .command('create')
    .description('add an account (admin)')
    .requiredOption('--company <id>', 'company id')
    .requiredOption('--code <code>', 'unique within the company, e.g. 6100')
    .requiredOption('--name <name>', 'e.g. "Office rent"')
    .requiredOption('--type <type>', 'asset, liability, equity, income or expense')
    .requiredOption('--currency <code>', 'ISO 4217 code or token symbol')
    .requiredOption('--decimals <n>', 'minor-unit exponent: 2 for EUR, 6 for USDC', Number)
    .option('--chain-id <id>', 'for an asset mirroring an on-chain balance: its chain …', Number)
    .option('--address <0x…>', '… and the holder')
    .option('--json', 'machine-readable output')
    .action(
      async (
        options: {
          company: string;
          code: string;
          name: string;
          type: string;
          currency: string;
          decimals: number;
          chainId?: number;
          address?: string;
          json?: boolean;
        },
        command: Command,
      ) => {
        const client = await createCliClient(commandConfig(command));
        try {
          const account = await client.request<Account>('POST', '/v1/ledger/accounts', {
            companyId: options.company,
            code: options.code,
            name: options.name,
            type: options.type,
            currency: options.currency,
            decimals: options.decimals,
            ...(options.chainId === undefined ? {} : { chainId: options.chainId }),
            ...(options.address === undefined ? {} : { address: options.address }),
          });
          if (options.json) return printJson(account);
          process.stdout.write(`Account ${account.code} ${account.name} (${account.currency}): ${account.id}\n`);
        } finally {
          await client.close();
        }
      },
    );

  ledger
    .command('post')
    .description('post journal entries from a JSON file, all or none (admin); posting a file again writes nothing new')
    .requiredOption('--file <path>', 'a JSON array of entries: companyId, idempotencyKey, date, description, postings')
    .option('--json', 'machine-readable output')
    .action(async (options: { file: string; json?: boolean }, command: Command) => {
      const entries = readEntriesFile(options.file);
      const client = await createCliClient(commandConfig(command));
      try {
        const posted = await client.request<{ entries: Posted[] }>('POST', '/v1/ledger/entries', { entries });
        if (options.json) return printJson(posted);
        printPosted(posted.entries);
      } finally {
        await client.close();
      }
    });

  ledger
    .command('reverse')
    .description('cancel an entry by posting its mirror image, once (admin)')
    .argument('<entry-id>', 'the entry to reverse')
    .requiredOption('--key <key>', 'idempotency key of the reversal')
    .requiredOption('--reason <text>', 'why')
    .option('--date <date>', 'effective date YYYY-MM-DD (default today, UTC)')
    .option('--json', 'machine-readable output')
    .action(
      async (
        entryId: string,
        options: { key: string; reason: string; date?: string; json?: boolean },
        command: Command,
      ) => {
        const client = await createCliClient(commandConfig(command));
        try {
          const reversal = await client.request<Posted>(
            'POST',
            `/v1/ledger/entries/${encodeURIComponent(entryId)}/reversal`,
            { idempotencyKey: options.key, reason: options.reason, ...(options.date ? { date: options.date } : {}) },
          );
          if (options.json) return printJson(reversal);
          printPosted([reversal]);
        } finally {
          await client.close();
        }
      },
    );

  ledger
    .command('entry')
    .description('one journal entry with its postings')
    .argument('<entry-id>', 'the entry')
    .option('--json', 'machine-readable output')
    .action(async (entryId: string, options: { json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const entry = await client.request<Entry>('GET', `/v1/ledger/entries/${encodeURIComponent(entryId)}`);
        if (options.json) return printJson(entry);
        process.stdout.write(
          `Entry ${entry.sequence} (${entry.id}), ${entry.date}: ${entry.description}${entry.reversesEntryId ? ` (reverses ${entry.reversesEntryId})` : ''}\n`,
        );
        printTable(entry.postings.map(({ accountId, currency, amount }) => ({ account: accountId, currency, amount })));
      } finally {
        await client.close();
      }
    });

  ledger
    .command('balances')
    .description('balance of every account of a company')
    .requiredOption('--company <id>', 'company id')
    .option('--as-of <date>', 'only entries effective on or before YYYY-MM-DD')
    .option('--json', 'machine-readable output')
    .action(async (options: { company: string; asOf?: string; json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const query = new URLSearchParams({
          companyId: options.company,
          ...(options.asOf ? { asOf: options.asOf } : {}),
        });
        const balances = await client.request<Balances>('GET', `/v1/ledger/balances?${query}`);
        if (options.json) return printJson(balances);
        printTable(
          balances.accounts.map(({ account, debits, credits, balance }) => ({
            code: account.code,
            name: account.name,
            type: account.type,
            currency: account.currency,
            debits: formatMinor(debits, account.decimals),
            credits: formatMinor(credits, account.decimals),
            balance: formatMinor(balance, account.decimals),
          })),
        );
      } finally {
        await client.close();
      }
    });

  ledger
    .command('check')
    .description(
      "prove the ledger's invariants and reconcile on-chain accounts with the chain; exit 1 if anything fails",
    )
    .option('--company <id>', 'one company (default: all)')
    .option('--json', 'machine-readable output')
    .action(async (options: { company?: string; json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const check = await client.request<Check>(
          'GET',
          `/v1/ledger/check${options.company ? `?companyId=${encodeURIComponent(options.company)}` : ''}`,
        );
        if (!check.ok) process.exitCode = 1;
        if (options.json) return printJson(check);
        const counts = check.ledger.counts;
        process.stdout.write(
          `Ledger: ${counts.accounts} accounts, ${counts.entries} entries, ${counts.postings} postings.\n`,
        );
        for (const rule of check.ledger.checks)
          process.stdout.write(
            `  ${rule.passed ? 'ok  ' : 'FAIL'}  ${rule.description}${rule.passed ? '' : ` (${rule.violations} violations)`}\n`,
          );
        for (const company of check.reconciliation) {
          process.stdout.write(
            `On-chain reconciliation, company ${company.companyId}: ${company.ok ? 'ok' : 'MISMATCH'}\n`,
          );
          for (const line of company.accounts)
            process.stdout.write(
              `  ${line.status.padEnd(10)} ${line.account.code} ${line.account.currency} ledger ${formatMinor(line.ledgerBalance, line.account.decimals)} chain ${line.chainBalance === null ? '?' : formatMinor(line.chainBalance, line.account.decimals)}\n`,
            );
        }
        process.stdout.write(check.ok ? 'All checks passed.\n' : 'Some checks FAILED.\n');
      } finally {
        await client.close();
      }
    });
}
