import type { Command } from 'commander';
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

export function registerLedgerCommands(program: Command) {
  const ledger = program.command('ledger').description('The double-entry ledger');

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
