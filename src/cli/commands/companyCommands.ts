import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ValidationError } from '../../errors/BaseError.js';
import { commandConfig } from '../commandConfig.js';
import { createCliClient } from '../createCliClient.js';
import { printJson, printTable } from '../output.js';

type Approver = { name: string; email: string; address: string };
type Company = {
  id: string;
  legalName: string;
  country: string;
  lei: string | null;
  iban: string;
  bic: string;
  baseCurrency: string;
  vault: { chainId: number; address: string } | null;
  taxProfileId: string;
  approvers: Approver[];
  approvalThreshold: number;
  cryptoAssets: string[];
  createdAt: string;
};

type CreateOptions = {
  id?: string;
  name: string;
  country: string;
  iban: string;
  bic: string;
  lei?: string;
  taxProfile?: string;
  approversFile?: string;
  threshold?: string;
  cryptoAssets?: string;
  json?: boolean;
};

export function registerCompanyCommands(program: Command) {
  const company = program.command('company').description('Companies that run payroll');

  company
    .command('create')
    .description('create a company with its bank account, tax profile and approvers')
    .requiredOption('--name <legal name>', 'legal name')
    .requiredOption('--country <code>', 'ISO 3166-1 alpha-2 country')
    .requiredOption('--iban <iban>', "the company's bank account, which pays the fiat leg")
    .requiredOption('--bic <bic>', "the bank's BIC")
    .option('--id <slug>', 'company id: lower-case letters, digits, - and _ (default: generated)')
    .option('--lei <lei>', 'Legal Entity Identifier (ISO 17442)')
    .option('--tax-profile <id>', "tax profile (default: the example profile of the company's country)")
    .option('--approvers-file <file>', 'JSON list of approvers: [{"name": …, "email": …, "address": "0x…"}]')
    .option('--threshold <n>', 'approvals a pay run needs (N of the M approvers)', '1')
    .option('--crypto-assets <symbols>', 'crypto assets the company pays in, comma-separated', 'USDC,EURC,ETH')
    .option('--json', 'machine-readable output')
    .action(async (options: CreateOptions, command: Command) => {
      const threshold = Number(options.threshold ?? '1');
      if (!Number.isInteger(threshold))
        throw new ValidationError(`--threshold must be a whole number, not "${options.threshold}"`, {
          field: '--threshold',
        });
      const body = {
        ...(options.id ? { id: options.id } : {}),
        legalName: options.name,
        country: options.country,
        iban: options.iban,
        bic: options.bic,
        ...(options.lei ? { lei: options.lei } : {}),
        ...(options.taxProfile ? { taxProfileId: options.taxProfile } : {}),
        ...(options.approversFile ? { approvers: readApprovers(options.approversFile) } : {}),
        approvalThreshold: threshold,
        cryptoAssets: (options.cryptoAssets ?? '')
          .split(',')
          .map((symbol) => symbol.trim())
          .filter(Boolean),
      };
      const client = await createCliClient(commandConfig(command));
      try {
        const created = await client.request<Company>('POST', '/v1/companies', body);
        if (options.json) return printJson(created);
        process.stdout.write(`Created company ${created.id} (${created.legalName}).\n`);
        printCompany(created);
      } finally {
        await client.close();
      }
    });

  company
    .command('list')
    .description('list companies')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const { companies } = await client.request<{ companies: Company[] }>('GET', '/v1/companies?limit=1000');
        if (options.json) return printJson(companies);
        printTable(
          companies.map((c) => ({
            id: c.id,
            name: c.legalName,
            country: c.country,
            currency: c.baseCurrency,
            taxProfile: c.taxProfileId,
            approvals: `${c.approvalThreshold} of ${c.approvers.length}`,
            vault: c.vault?.address ?? '',
          })),
        );
      } finally {
        await client.close();
      }
    });

  company
    .command('show <id>')
    .description('show one company')
    .option('--json', 'machine-readable output')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const client = await createCliClient(commandConfig(command));
      try {
        const found = await client.request<Company>('GET', `/v1/companies/${encodeURIComponent(id)}`);
        if (options.json) return printJson(found);
        printCompany(found);
      } finally {
        await client.close();
      }
    });
}

function readApprovers(file: string): Approver[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ValidationError(`Cannot read the approvers file ${file}`, { cause, field: '--approvers-file' });
  }
  let approvers: unknown;
  try {
    approvers = JSON.parse(text);
  } catch (cause) {
    throw new ValidationError(`${file} is not JSON`, { cause, field: '--approvers-file' });
  }
  if (!Array.isArray(approvers))
    throw new ValidationError(`${file} must hold a JSON list of {"name", "email", "address"}`, {
      field: '--approvers-file',
    });
  return approvers as Approver[];
}

function printCompany(company: Company) {
  const lines: [string, string][] = [
    ['id', company.id],
    ['legal name', company.legalName],
    ['country', company.country],
    ['LEI', company.lei ?? '—'],
    ['bank account', `${company.iban} (${company.bic})`],
    ['base currency', company.baseCurrency],
    ['tax profile', company.taxProfileId],
    ['crypto assets', company.cryptoAssets.join(', ')],
    ['vault', company.vault ? `${company.vault.address} on chain ${company.vault.chainId}` : 'not deployed'],
    ['approvals needed', `${company.approvalThreshold} of ${company.approvers.length}`],
  ];
  for (const [label, value] of lines) process.stdout.write(`${label.padEnd(17)} ${value}\n`);
  for (const approver of company.approvers)
    process.stdout.write(`${''.padEnd(17)} ${approver.name} <${approver.email}> ${approver.address}\n`);
}
