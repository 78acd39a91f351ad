import { z } from '@hono/zod-openapi';
import { minorUnits } from './ledgerSchemas.js';

const evmAddress = z.string().openapi({ example: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' });

export const approverSchema = z
  .object({ name: z.string().max(200), email: z.string().max(254), address: evmAddress })
  .openapi('Approver');

const vaultSchema = z.object({ chainId: z.number().int().positive(), address: evmAddress });

export const companyCreateSchema = z
  .object({
    id: z.string().max(63).optional().openapi({ example: 'acme', description: 'lower-case slug; generated if absent' }),
    legalName: z.string().max(200).openapi({ example: 'Acme Robotics GmbH' }),
    country: z.string().max(2).openapi({ example: 'DE' }),
    lei: z.string().max(20).nullable().optional().openapi({ example: '5493001KJTIIGC8Y1R12' }),
    iban: z.string().max(50).openapi({ example: 'DE89370400440532013000' }),
    bic: z.string().max(11).openapi({ example: 'COBADEFFXXX' }),
    baseCurrency: z.string().max(3).optional().openapi({ example: 'EUR' }),
    taxProfileId: z.string().max(100).optional().openapi({ example: 'DE-example-2025' }),
    approvers: z.array(approverSchema).max(50).optional(),
    approvalThreshold: z.number().int().optional().openapi({ example: 2 }),
    cryptoAssets: z
      .array(z.string().max(20))
      .max(50)
      .optional()
      .openapi({ example: ['USDC', 'EURC', 'ETH'] }),
    vault: vaultSchema.nullable().optional(),
  })
  .openapi('CompanyCreate');

export const companyPatchSchema = companyCreateSchema
  .omit({ id: true, baseCurrency: true })
  .partial()
  .openapi('CompanyPatch');

export const companySchema = z
  .object({
    id: z.string(),
    legalName: z.string(),
    country: z.string(),
    lei: z.string().nullable(),
    iban: z.string(),
    bic: z.string(),
    baseCurrency: z.string(),
    vault: vaultSchema.nullable(),
    taxProfileId: z.string(),
    approvers: z.array(approverSchema),
    approvalThreshold: z.number().int(),
    cryptoAssets: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Company');

const percent = z
  .union([z.string(), z.number()])
  .transform((value) => String(value))
  .openapi({ example: '60', description: 'percentage, at most 4 decimals' });

export const splitShareSchema = z.object({ asset: z.string().max(20), percent }).openapi('SplitShare');

const employeeFields = {
  fullName: z.string().max(1000).openapi({ example: 'Zoë Ångström' }),
  email: z.string().max(254).openapi({ example: 'zoe@example.com' }),
  country: z.string().max(2).openapi({ example: 'DE' }),
  iban: z.string().max(50).nullable().optional().openapi({ example: 'DE89370400440532013000' }),
  bic: z.string().max(11).nullable().optional(),
  wallet: z.string().max(42).nullable().optional(),
  grossMonthly: z.string().max(30).openapi({ example: '4500.00', description: 'decimal amount in currency' }),
  currency: z.string().max(3).optional().openapi({ example: 'EUR', description: "default: the company's" }),
  split: z
    .union([z.string().max(500), z.array(splitShareSchema).max(50)])
    .openapi({ example: 'EUR:60,USDC:40', description: 'EUR:60,USDC:40 or a list of shares' }),
};

export const employeeCreateSchema = z
  .object({ employeeId: z.string().max(64).openapi({ example: 'E001' }), ...employeeFields })
  .openapi('EmployeeCreate');

export const employeePatchSchema = z
  .object({ ...employeeFields, active: z.boolean() })
  .partial()
  .openapi('EmployeePatch');

export const employeeSchema = z
  .object({
    companyId: z.string(),
    employeeId: z.string(),
    fullName: z.string(),
    email: z.string(),
    country: z.string(),
    iban: z.string().nullable(),
    bic: z.string().nullable(),
    wallet: z.string().nullable(),
    grossMonthly: z.string().openapi({ example: '4500.00' }),
    grossMonthlyMinor: minorUnits,
    currency: z.string(),
    split: z.array(z.object({ asset: z.string(), percent: z.string() })),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Employee');

export const employeeImportRequestSchema = z
  .object({
    csv: z.string().max(20_000_000).openapi({
      example:
        'employee_id,full_name,email,country,iban,bic,wallet,gross_monthly,currency,split\nE001,Zoë Ångström,zoe@example.com,DE,DE89370400440532013000,,,4500.00,EUR,EUR:100\n',
    }),
    skipInvalid: z.boolean().optional(),
    dryRun: z.boolean().optional(),
  })
  .openapi('EmployeeImportRequest');

export const employeeImportReportSchema = z
  .object({
    ok: z.boolean(),
    dryRun: z.boolean(),
    written: z.boolean(),
    rows: z.number().int(),
    imported: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    invalid: z.array(
      z.object({
        line: z.number().int(),
        column: z.string().nullable(),
        employeeId: z.string().nullable(),
        reason: z.string(),
      }),
    ),
  })
  .openapi('EmployeeImportReport');

const contributionSchema = z.object({
  name: z.string(),
  rate: z.string(),
  annualFloor: minorUnits,
  annualCeiling: minorUnits.nullable(),
});

export const taxProfileSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    country: z.string(),
    currency: z.string(),
    year: z.number().int(),
    example: z.boolean(),
    disclaimer: z.string(),
    sources: z.array(z.object({ title: z.string(), url: z.string() })),
    simplifications: z.array(z.string()),
    incomeTax: z.object({
      name: z.string(),
      basicAllowance: minorUnits,
      brackets: z.array(z.object({ from: minorUnits, rate: z.string() })),
    }),
    employeeContributions: z.array(contributionSchema.extend({ deductibleFromTaxableIncome: z.boolean() })),
    employerContributions: z.array(contributionSchema),
  })
  .openapi('TaxProfile');
