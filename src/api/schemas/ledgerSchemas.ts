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
