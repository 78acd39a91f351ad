import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createDevAccounts } from '../../chain/embedded/devAccounts.js';
import { ConfigError, ValidationError } from '../../errors/BaseError.js';
import { createDemoEmployees } from '../../payroll/payRuns/demo/createDemoEmployees.js';
import { commandConfig } from '../commandConfig.js';
import { createCliClient } from '../createCliClient.js';
import { printJson } from '../output.js';
import { approvePayRunWith, type PayRunDetailJson, type PayRunJson } from './payrollCommands.js';

type LedgerCheck = {
  ok: boolean;
  ledger: { ok: boolean; counts: { accounts: number; entries: number; postings: number } };
  reconciliation: {
    ok: boolean;
    accounts: { account: { code: string }; status: string; difference: string | null }[];
  }[];
};

/** The OFAC list of the shared data folder (`$TANDEM_SHARED_DATA/ofac/…`, else `../shared/data/ofac/…`). */
function sharedOfacList(): string {
  const shared = process.env.TANDEM_SHARED_DATA;
  const path = shared
    ? `${shared.replace(/\/+$/, '')}/ofac/sdn_advanced.xml.bz2`
    : fileURLToPath(new URL('../../../../shared/data/ofac/sdn_advanced.xml.bz2', import.meta.url));
  if (!existsSync(path))
    throw new ConfigError('No sanctions list is loaded and the OFAC list of the shared data folder is missing.', {
      details: `${path} does not exist; set TANDEM_SHARED_DATA, or load a list with \`tandem sanctions load\`.`,
    });
  return path;
}

const csvField = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export function registerDemoCommands(program: Command) {
  const demo = program.command('demo').description('Demonstrations on the embedded stack');

  demo
    .command('payroll')
    .description(
      'create a demo company with N generated employees (names in several scripts, valid IBANs, EIP-55 wallets, ' +
        'mixed EUR/USDC/EURC splits), run a whole pay run on the embedded stack — calculate, screen, approve with ' +
        'dev approver keys, pay on chain and by SEPA file — and print a summary',
    )
    .option('--employees <n>', 'how many employees', '10')
    .option('--company <id>', 'company id (default: demo-<random>)')
    .option('--period <YYYY-MM>', 'the month paid (default: this month)')
    .option('--json', 'machine-readable output')
    .action(
      async (options: { employees: string; company?: string; period?: string; json?: boolean }, command: Command) => {
        const count = Number(options.employees);
        if (!Number.isInteger(count) || count < 1 || count > 10_000)
          throw new ValidationError('--employees must be a whole number from 1 to 10,000.', { field: '--employees' });
        const config = commandConfig(command);
        if (config.rpcUrl)
          throw new ConfigError('The payroll demo runs on the embedded chain; unset RPC_URL.', { field: 'RPC_URL' });
        const started = performance.now();
        const timings: Record<string, number> = {};
        let mark = performance.now();
        const lap = (name: string) => {
          timings[name] = Math.round(performance.now() - mark);
          mark = performance.now();
        };
        const client = await createCliClient(config);
        try {
          lap('open');
          const sanctions = await client.request<{ inForce: unknown }>('GET', '/v1/sanctions');
          if (!sanctions.inForce) await client.request('POST', '/v1/sanctions/load', { path: sharedOfacList() });
          lap('sanctions');

          const companyId = options.company ?? `demo-${Math.random().toString(36).slice(2, 8)}`;
          const approvers = createDevAccounts(4).slice(1);
          await client.request('POST', '/v1/companies', {
            id: companyId,
            legalName: 'Tandem Demo GmbH',
            country: 'DE',
            lei: '5493001KJTIIGC8Y1R12',
            iban: 'DE89370400440532013000',
            bic: 'COBADEFFXXX',
            taxProfileId: 'DE-example-2025',
            approvers: approvers.map((account, index) => ({
              name: ['Ada Lovelace', 'Grace Hopper', 'Alan Turing'][index]!,
              email: `approver${index + 1}@demo.example`,
              address: account.address,
            })),
            approvalThreshold: 2,
            cryptoAssets: ['USDC', 'EURC'],
          });
          const people = createDemoEmployees(count, { seed: companyId });
          const csv = [
            'employee_id,full_name,email,country,iban,bic,wallet,gross_monthly,currency,split',
            ...people.map((p) =>
              [
                p.employeeId,
                p.fullName,
                p.email,
                p.country,
                p.iban ?? '',
                p.bic ?? '',
                p.wallet ?? '',
                p.grossMonthly,
                'EUR',
                p.split,
              ]
                .map((value) => csvField(String(value)))
                .join(','),
            ),
          ].join('\n');
          const imported = await client.request<{ imported: number; invalid: unknown[] }>(
            'POST',
            `/v1/companies/${companyId}/employees/import`,
            { csv },
          );
          if (imported.invalid.length > 0)
            throw new ValidationError('The generated employees did not import.', {
              details: JSON.stringify(imported.invalid),
            });
          lap('company');
          // Each employee proves their self-hosted wallet is theirs (EIP-191 signed message), as the Transfer of Funds
          // Regulation asks above EUR 1,000; without it the risk engine holds those payouts for review.
          const { privateKeyToAccount } = await import('viem/accounts');
          for (const person of people) {
            if (!person.walletKey || !person.wallet) continue;
            const message = `I, ${person.fullName}, own ${person.wallet} and receive my salary from ${companyId} there.`;
            const signature = await privateKeyToAccount(person.walletKey).signMessage({ message });
            await client.request('POST', '/v1/risk/proofs', {
              companyId,
              address: person.wallet,
              method: 'signed-message',
              evidence: { message, signature },
            });
          }
          lap('walletProofs');

          const period = options.period ?? new Date().toISOString().slice(0, 7);
          const created = await client.request<PayRunJson>('POST', `/v1/companies/${companyId}/pay-runs`, { period });
          const run = `/v1/pay-runs/${created.id}`;
          await client.request('POST', `${run}/calculate`);
          lap('calculate');
          await client.request('POST', `${run}/screen`);
          lap('priceAndScreen');
          await approvePayRunWith(client, created.id, approvers.slice(0, 2));
          lap('approve');
          const finished = await client.request<PayRunJson>('POST', `${run}/execute?wait=true`);
          lap('execute');
          const detail = await client.request<PayRunDetailJson>('GET', run);
          const check = await client.request<LedgerCheck>('GET', `/v1/ledger/check?companyId=${companyId}`);
          lap('ledgerCheck');

          const paidBatches = detail.batches.filter((b) => b.status === 'paid');
          const recipients = paidBatches.reduce((s, b) => s + b.payoutCount, 0);
          const gas = paidBatches.reduce((s, b) => s + BigInt(b.gasUsed ?? '0'), 0n);
          const summary = {
            runId: created.id,
            companyId,
            period,
            status: finished.status,
            employees: count,
            linesPaid: detail.lines.filter((l) => l.status === 'paid').length,
            held: detail.lines
              .filter((l) => l.status === 'held')
              .map((l) => ({ employeeId: l.employeeId, reason: l.reason })),
            failed: detail.lines
              .filter((l) => l.status === 'failed')
              .map((l) => ({ employeeId: l.employeeId, reason: l.reason })),
            transactions: detail.batches.map((b) => ({
              batchIndex: b.batchIndex,
              asset: b.asset,
              payouts: b.payoutCount,
              total: b.total,
              status: b.status,
              txHash: b.txHash,
              gasUsed: b.gasUsed,
              ...(b.error ? { error: b.error } : {}),
            })),
            gasPerRecipient: recipients > 0 ? Math.round(Number(gas) / recipients) : null,
            vault: detail.vault,
            sepaFile: detail.sepa?.file ?? null,
            sepaTransfers: detail.payouts.filter((p) => p.channel === 'sepa' && p.status === 'paid').length,
            ledgerCheck: {
              ok: check.ok,
              invariants: check.ledger.ok,
              counts: check.ledger.counts,
              reconciliation: check.reconciliation.flatMap((r) =>
                r.accounts.map((a) => ({ account: a.account.code, status: a.status, difference: a.difference })),
              ),
            },
            timingsMs: { ...timings, total: Math.round(performance.now() - started) },
          };
          if (!check.ok || finished.status === 'failed') process.exitCode = 1;
          if (options.json) return printJson(summary);
          process.stdout.write(
            `Pay run ${summary.runId} of ${companyId} (${period}): ${summary.status}\n` +
              `  ${summary.linesPaid} of ${count} paid, ${summary.held.length} held, ${summary.failed.length} failed\n` +
              `  ${summary.transactions.length} transaction(s), ${summary.gasPerRecipient ?? '–'} gas per recipient\n` +
              `  SEPA file: ${summary.sepaFile ?? '(no bank transfers)'}\n` +
              `  ledger check: ${check.ok ? 'passed' : 'FAILED'}; ${summary.timingsMs.total} ms in all\n`,
          );
        } finally {
          await client.close();
        }
      },
    );
}
