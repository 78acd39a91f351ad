import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Account } from 'viem';
import { createDevAccounts } from '../../chain/embedded/devAccounts.js';
import type { Config } from '../../config/loadConfig.js';
import { ValidationError } from '../../errors/BaseError.js';
import { createKeystore } from '../../keys/createKeystore.js';
import { commandConfig } from '../commandConfig.js';
import { type CliClient, createCliClient } from '../createCliClient.js';
import { formatMinor, printJson, printTable } from '../output.js';

/** A pay run as the API answers it (amounts as decimal strings of minor units). */
export type PayRunJson = {
  id: string;
  companyId: string;
  period: string;
  status: string;
  currency: string;
  lineCount: number;
  grossTotal: string;
  netTotal: string;
  fiatTotal: string;
  cryptoFiatTotal: string;
  vault: { chainId: number; address: string } | null;
  sepa: { messageId: string; sha256: string; file: string | null } | null;
  error: { code: string; message: string } | null;
};

export type PayRunDetailJson = PayRunJson & {
  lines: { employeeId: string; fullName: string; status: string; net: string | null; reason: string | null }[];
  payouts: {
    employeeId: string;
    asset: string;
    channel: string;
    fiatAmount: string;
    status: string;
    token: { amount: string; decimals: number } | null;
    txHash: string | null;
  }[];
  batches: {
    batchIndex: number;
    asset: string;
    payoutCount: number;
    total: string;
    status: string;
    txHash: string | null;
    gasUsed: string | null;
    error: string | null;
  }[];
  approvalsNeeded: { batchIndex: number | null; have: number; need: number }[];
  progress: Record<string, unknown>;
};

type TypedDataJson = {
  domain: Record<string, unknown>;
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  message: Record<string, unknown>;
};

const runPath = (id: string) => `/v1/pay-runs/${encodeURIComponent(id)}`;

/** Runs `work` with a CLI client on the command's data folder and closes it after. */
async function withClient<T>(command: Command, work: (client: CliClient, config: Config) => Promise<T>): Promise<T> {
  const config = commandConfig(command);
  const client = await createCliClient(config);
  try {
    return await work(client, config);
  } finally {
    await client.close();
  }
}

/**
 * The accounts that sign approvals: `dev:N` is the development mnemonic's account N (embedded chain only), any other
 * name a key of the data folder's keystore. Keys stay in this process; only signatures go to the API.
 */
export function approverAccounts(config: Config, names: readonly string[]): Account[] {
  let keystore: ReturnType<typeof createKeystore> | undefined;
  return names.map((name) => {
    const dev = /^dev:(\d{1,2})$/.exec(name);
    if (dev) {
      if (config.rpcUrl)
        throw new ValidationError(`${name} is a development key; it signs on the embedded chain only.`, {
          field: '--approver-key',
        });
      return createDevAccounts(Number(dev[1]) + 1)[Number(dev[1])]!;
    }
    keystore ??= createKeystore({
      folder: join(config.dataDir, 'keystore'),
      password: process.env.TANDEM_KEYSTORE_PASSWORD,
      allowGeneratedPassword: !config.rpcUrl,
    });
    return keystore.account(name);
  });
}

/** Typed data as the API sends it (uint256 as decimal strings) in the form viem signs. */
export function typedDataFromJson(typedData: TypedDataJson) {
  const message: Record<string, unknown> = { ...typedData.message };
  for (const field of typedData.types[typedData.primaryType] ?? [])
    if (/^u?int\d*$/.test(field.type) && typeof message[field.name] === 'string')
      message[field.name] = BigInt(message[field.name] as string);
  return { ...typedData, message } as never;
}

/**
 * Signs everything a run needs approved (the run and each batch) with each account and sends the signatures.
 * @example await approvePayRun(client, runId, approverAccounts(config, ['dev:1', 'dev:2']))
 */
export async function approvePayRunWith(client: CliClient, payRunId: string, accounts: readonly Account[]) {
  const { requests } = await client.request<{
    requests: { batchIndex: number | null; digest: string; typedData: TypedDataJson }[];
  }>('GET', `${runPath(payRunId)}/approval-requests`);
  if (requests.length === 0)
    throw new ValidationError(`Pay run ${payRunId} has nothing to approve yet; screen it first.`, { field: 'run' });
  let run: PayRunJson | undefined;
  for (const account of accounts) {
    if (!account.signTypedData) throw new ValidationError(`The key of ${account.address} cannot sign typed data.`);
    for (const request of requests) {
      const signature = await account.signTypedData(typedDataFromJson(request.typedData));
      run = await client.request<PayRunJson>('POST', `${runPath(payRunId)}/approve`, {
        approver: account.address,
        signature,
        ...(request.batchIndex === null ? {} : { batchIndex: request.batchIndex }),
      });
    }
  }
  return run!;
}

function printRun(run: PayRunJson) {
  const decimals = run.currency === 'JPY' ? 0 : 2;
  process.stdout.write(
    `Pay run ${run.id} (${run.companyId} ${run.period}): ${run.status}\n` +
      `  ${run.lineCount} lines, gross ${formatMinor(run.grossTotal, decimals)} ${run.currency}, net ${formatMinor(run.netTotal, decimals)} ${run.currency}` +
      ` (SEPA ${formatMinor(run.fiatTotal, decimals)}, crypto ${formatMinor(run.cryptoFiatTotal, decimals)})\n` +
      (run.vault ? `  vault ${run.vault.address} on chain ${run.vault.chainId}\n` : '') +
      (run.sepa ? `  SEPA file ${run.sepa.file ?? run.sepa.messageId}\n` : '') +
      (run.error ? `  last error (${run.error.code}): ${run.error.message}\n` : ''),
  );
}

function printDetail(run: PayRunDetailJson) {
  printRun(run);
  const decimals = run.currency === 'JPY' ? 0 : 2;
  process.stdout.write('\nLines\n');
  printTable(
    run.lines.map((line) => ({
      employee: line.employeeId,
      name: line.fullName,
      status: line.status,
      net: line.net === null ? '' : formatMinor(line.net, decimals),
      reason: line.reason ?? '',
    })),
  );
  if (run.batches.length > 0) {
    process.stdout.write('\nBatches\n');
    printTable(
      run.batches.map((batch) => ({
        batch: batch.batchIndex,
        asset: batch.asset,
        payouts: batch.payoutCount,
        total: formatMinor(batch.total, 6),
        status: batch.status,
        tx: batch.txHash ?? batch.error ?? '',
      })),
    );
  }
  const missing = run.approvalsNeeded.filter((r) => r.have < r.need);
  if (missing.length > 0)
    process.stdout.write(
      `\nApprovals still needed: ${missing.map((r) => `${r.batchIndex === null ? 'run' : `batch ${r.batchIndex}`} ${r.have}/${r.need}`).join(', ')}\n`,
    );
}

export function registerPayrollCommands(program: Command) {
  const payroll = program.command('payroll').description('Pay runs: calculate, screen, approve, pay, documents');
  const run = payroll.command('run').description('A pay run of a company for one month');

  run
    .command('create')
    .description('open a pay run (draft) for a month')
    .requiredOption('--company <id>', 'company id')
    .requiredOption('--period <YYYY-MM>', 'the month paid')
    .option('--execution-date <YYYY-MM-DD>', "the day the bank pays the SEPA leg (default: the period's last weekday)")
    .option('--json', 'machine-readable output')
    .action(async (options: { company: string; period: string; executionDate?: string; json?: boolean }, command) =>
      withClient(command, async (client) => {
        const created = await client.request<PayRunJson>(
          'POST',
          `/v1/companies/${encodeURIComponent(options.company)}/pay-runs`,
          {
            period: options.period,
            ...(options.executionDate ? { requestedExecutionDate: options.executionDate } : {}),
          },
        );
        if (options.json) return printJson(created);
        printRun(created);
      }),
    );

  run
    .command('list')
    .description("a company's pay runs")
    .requiredOption('--company <id>', 'company id')
    .option('--json', 'machine-readable output')
    .action(async (options: { company: string; json?: boolean }, command) =>
      withClient(command, async (client) => {
        const { payRuns } = await client.request<{ payRuns: PayRunJson[] }>(
          'GET',
          `/v1/companies/${encodeURIComponent(options.company)}/pay-runs`,
        );
        if (options.json) return printJson(payRuns);
        printTable(
          payRuns.map((r) => ({
            id: r.id,
            period: r.period,
            status: r.status,
            lines: r.lineCount,
            net: formatMinor(r.netTotal, 2),
          })),
        );
      }),
    );

  for (const [step, description] of [
    ['calculate', 'gross to net and the split of every active employee (draft → calculated)'],
    ['screen', 'price the crypto payouts at the feeds and screen every recipient (calculated → screened)'],
    ['reprice', 'drop quotes, decisions and batches to price and screen again (→ calculated)'],
    ['resume', 'continue an executing run from where it stands'],
  ] as const)
    run
      .command(`${step} <run>`)
      .description(description)
      .option('--json', 'machine-readable output')
      .action(async (id: string, options: { json?: boolean }, command) =>
        withClient(command, async (client) => {
          const updated = await client.request<PayRunJson>('POST', `${runPath(id)}/${step}`);
          if (options.json) return printJson(updated);
          printRun(updated);
        }),
      );

  run
    .command('approve <run>')
    .description(
      'sign the run and each batch (EIP-712) with approver keys and send the signatures: keystore names, or dev:N ' +
        "for the development mnemonic's account N on the embedded chain",
    )
    .requiredOption('--approver-key <names...>', 'keys that sign, e.g. dev:1 dev:2 or alice')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { approverKey: string[]; json?: boolean }, command) =>
      withClient(command, async (client, config) => {
        const updated = await approvePayRunWith(client, id, approverAccounts(config, options.approverKey));
        if (options.json) return printJson(updated);
        printRun(updated);
      }),
    );

  run
    .command('revoke <run>')
    .description("withdraw an approver's approvals before execution")
    .requiredOption('--approver <address>', 'the approver')
    .option('--batch <index>', 'only this batch (default: all of the approver’s approvals of the run)')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { approver: string; batch?: string; json?: boolean }, command) =>
      withClient(command, async (client) => {
        const updated = await client.request<PayRunJson>('POST', `${runPath(id)}/revoke`, {
          approver: options.approver,
          ...(options.batch === undefined ? {} : { batchIndex: Number(options.batch) }),
        });
        if (options.json) return printJson(updated);
        printRun(updated);
      }),
    );

  run
    .command('release-line <run>')
    .description('let a line held for review be paid with the run')
    .requiredOption('--employee <id>', 'employee id')
    .requiredOption('--comment <text>', 'why it may be paid')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { employee: string; comment: string; json?: boolean }, command) =>
      withClient(command, async (client) => {
        const updated = await client.request<PayRunJson>('POST', `${runPath(id)}/release-line`, {
          employeeId: options.employee,
          comment: options.comment,
        });
        if (options.json) return printJson(updated);
        printRun(updated);
      }),
    );

  run
    .command('execute <run>')
    .description('pay: SEPA file, ledger, then the on-chain batches; waits for the end unless --no-wait')
    .option('--no-wait', 'return once executing (follow with `payroll run show`)')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { wait: boolean; json?: boolean }, command) =>
      withClient(command, async (client) => {
        const updated = await client.request<PayRunJson>(
          'POST',
          `${runPath(id)}/execute${options.wait ? '?wait=true' : ''}`,
        );
        if (options.json) return printJson(updated);
        printRun(updated);
      }),
    );

  run
    .command('cancel <run>')
    .description('cancel a run that is not executing yet')
    .requiredOption('--reason <text>', 'why')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { reason: string; json?: boolean }, command) =>
      withClient(command, async (client) => {
        const updated = await client.request<PayRunJson>('POST', `${runPath(id)}/cancel`, { reason: options.reason });
        if (options.json) return printJson(updated);
        printRun(updated);
      }),
    );

  run
    .command('show <run>')
    .description('a run with its lines, batches, approvals and progress')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { json?: boolean }, command) =>
      withClient(command, async (client) => {
        const detail = await client.request<PayRunDetailJson>('GET', runPath(id));
        if (options.json) return printJson(detail);
        printDetail(detail);
      }),
    );

  payroll
    .command('sepa <run>')
    .description("write the run's SEPA credit-transfer file (pain.001.001.03)")
    .requiredOption('--out <file>', 'where to write it')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { out: string; json?: boolean }, command) =>
      withClient(command, async (client) => {
        const file = await client.request<{ fileName: string; messageId: string; sha256: string; xml: string }>(
          'GET',
          `${runPath(id)}/sepa?format=json`,
        );
        const out = resolve(options.out);
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, file.xml);
        const result = {
          file: out,
          messageId: file.messageId,
          sha256: file.sha256,
          bytes: Buffer.byteLength(file.xml),
        };
        if (options.json) return printJson(result);
        process.stdout.write(`Wrote ${out} (${result.bytes} bytes, MsgId ${file.messageId})\n`);
      }),
    );

  payroll
    .command('payslips <run>')
    .description('write every payslip of the run as a PDF into a folder')
    .requiredOption('--out <dir>', 'folder to write them into')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { out: string; json?: boolean }, command) =>
      withClient(command, async (client) => {
        const { payslips } = await client.request<{
          payslips: { employeeId: string; fileName: string; contentBase64?: string }[];
        }>('GET', `${runPath(id)}/payslips?include=content`);
        const dir = resolve(options.out);
        mkdirSync(dir, { recursive: true });
        const files = payslips.map((payslip) => {
          const file = join(dir, payslip.fileName);
          const pdf = Buffer.from(payslip.contentBase64 ?? '', 'base64');
          writeFileSync(file, pdf);
          return { employeeId: payslip.employeeId, file, bytes: pdf.length };
        });
        if (options.json) return printJson({ dir, files });
        process.stdout.write(`Wrote ${files.length} payslips to ${dir}\n`);
      }),
    );

  payroll
    .command('journal <run>')
    .description("write the run's ledger entries as an accounting CSV journal")
    .requiredOption('--out <file>', 'where to write it')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { out: string; json?: boolean }, command) =>
      withClient(command, async (client) => {
        const { csv } = await client.request<{ csv: string }>('GET', `${runPath(id)}/journal.csv?format=json`);
        const out = resolve(options.out);
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, csv);
        if (options.json) return printJson({ file: out, rows: csv.trim().split('\r\n').length - 1 });
        process.stdout.write(`Wrote ${out}\n`);
      }),
    );

  payroll
    .command('statement')
    .description("an employee's yearly statement of crypto receipts (PDF, or CSV with --csv)")
    .requiredOption('--company <id>', 'company id')
    .requiredOption('--employee <id>', 'employee id')
    .requiredOption('--year <year>', 'calendar year')
    .requiredOption('--out <file>', 'where to write it')
    .option('--csv', 'write the CSV instead of the PDF')
    .option('--json', 'machine-readable output')
    .action(
      async (
        options: { company: string; employee: string; year: string; out: string; csv?: boolean; json?: boolean },
        command,
      ) =>
        withClient(command, async (client) => {
          const statement = await client.request<{
            statementId: string;
            csv: string;
            pdfBase64: string;
            totals: unknown[];
          }>(
            'GET',
            `/v1/companies/${encodeURIComponent(options.company)}/employees/${encodeURIComponent(options.employee)}/statements/${encodeURIComponent(options.year)}?format=json`,
          );
          const out = resolve(options.out);
          mkdirSync(dirname(out), { recursive: true });
          writeFileSync(out, options.csv ? statement.csv : Buffer.from(statement.pdfBase64, 'base64'));
          if (options.json)
            return printJson({ file: out, statementId: statement.statementId, totals: statement.totals });
          process.stdout.write(`Wrote ${out}\n`);
        }),
    );
}
