import { z } from '@hono/zod-openapi';

/** Integer minor units as a decimal string (money never passes through a float). */
export const minorUnits = z
  .string()
  .regex(/^-?\d+$/)
  .openapi({ example: '123456', description: 'integer minor units' });
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .openapi({ example: '2026-11-30' });

export const accountSchema = z
  .object({
    id: z.string(),
    companyId: z.string(),
    code: z.string(),
    name: z.string(),
    type: z.enum(['asset', 'liability', 'equity', 'income', 'expense']),
    currency: z.string(),
    decimals: z.number().int(),
    chainId: z.number().int().nullable(),
    address: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('LedgerAccount');

export const accountBalanceSchema = z
  .object({
    account: accountSchema,
    debits: minorUnits,
    credits: minorUnits,
    balance: minorUnits,
    normalBalance: minorUnits,
  })
  .openapi('LedgerAccountBalance');

export const balancesSchema = z
  .object({
    companyId: z.string(),
    asOf: z.string().nullable(),
    accounts: z.array(accountBalanceSchema),
    currencies: z.array(z.object({ currency: z.string() }).catchall(z.unknown())),
  })
  .openapi('LedgerBalances');

export const entrySchema = z
  .object({
    id: z.string(),
    sequence: z.string(),
    companyId: z.string(),
    idempotencyKey: z.string(),
    date: z.string(),
    description: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    reversesEntryId: z.string().nullable(),
    createdAt: z.string(),
    postings: z.array(z.object({ accountId: z.string(), currency: z.string(), amount: minorUnits })),
  })
  .openapi('LedgerEntry');

export const ledgerCheckSchema = z
  .object({
    ok: z.boolean(),
    ledger: z
      .object({
        ok: z.boolean(),
        companyId: z.string().nullable(),
        checkedAt: z.string(),
        counts: z.object({ accounts: z.number(), entries: z.number(), postings: z.number() }),
        checks: z.array(
          z.object({ rule: z.string(), description: z.string(), passed: z.boolean(), violations: z.number() }),
        ),
        problems: z.array(z.record(z.string(), z.unknown())),
        trialBalance: z.array(
          z.object({
            companyId: z.string(),
            currency: z.string(),
            debits: minorUnits,
            credits: minorUnits,
            net: minorUnits,
          }),
        ),
      })
      .openapi('LedgerInvariants'),
    reconciliation: z.array(
      z.object({
        ok: z.boolean(),
        companyId: z.string(),
        accounts: z.array(
          z
            .object({
              account: accountSchema,
              ledgerBalance: minorUnits,
              chainBalance: minorUnits.nullable(),
              difference: minorUnits.nullable(),
              status: z.enum(['matched', 'mismatch', 'unreadable']),
            })
            .catchall(z.unknown()),
        ),
      }),
    ),
  })
  .openapi('LedgerCheck');

export const accountCreateSchema = z
  .object({
    companyId: z.string().min(1).max(200).openapi({ example: 'acme' }),
    code: z.string().min(1).max(200).openapi({ example: '6100' }),
    name: z.string().min(1).max(500).openapi({ example: 'Office rent' }),
    type: z.enum(['asset', 'liability', 'equity', 'income', 'expense']),
    currency: z.string().min(1).max(20).openapi({ example: 'EUR' }),
    decimals: z.number().int().min(0).max(36).openapi({ example: 2 }),
    chainId: z.number().int().positive().optional(),
    address: z
      .string()
      .optional()
      .openapi({ description: 'the holder, for an asset account mirroring a chain balance' }),
  })
  .openapi('LedgerAccountCreate');

export const entryInputSchema = z
  .object({
    companyId: z.string().min(1).max(200),
    idempotencyKey: z.string().min(1).max(500).openapi({ example: 'rent:2026-11' }),
    date: isoDate,
    description: z.string().max(2000),
    postings: z
      .array(z.object({ accountId: z.string().uuid(), amount: minorUnits }))
      .min(2)
      .max(10_000)
      .openapi({ description: 'signed minor units: debits positive, credits negative; they balance per currency' }),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('LedgerEntryInput');

export const postEntriesSchema = z
  .object({ entries: z.array(entryInputSchema).min(1).max(1_000) })
  .openapi('LedgerPostEntries');

export const postedEntrySchema = z
  .object({
    created: z.boolean().openapi({ description: 'false: the key had been posted with the same content before' }),
    entry: entrySchema,
  })
  .openapi('LedgerPostedEntry');

export const reversalInputSchema = z
  .object({
    idempotencyKey: z.string().min(1).max(500),
    reason: z.string().min(1).max(1000),
    date: isoDate.optional().openapi({ description: 'effective date of the reversal; today (UTC) by default' }),
  })
  .openapi('LedgerReversal');
