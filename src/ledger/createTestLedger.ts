import { randomBytes } from 'node:crypto';
import type { Database } from '../db/createDatabase.js';
import { createTestDatabase } from '../db/createTestDatabase.js';
import type { Account } from './Account.js';
import { createLedger, type Ledger } from './createLedger.js';

export type TestCompany = {
  companyId: string;
  /** EUR bank, USDC vault on chain 31337, salaries, payables, equity, and an FX clearing account per currency. */
  accounts: Record<'bank' | 'vault' | 'salaries' | 'payables' | 'equity' | 'fxEur' | 'fxUsdc', Account>;
};

export type TestLedger = {
  database: Database;
  ledger: Ledger;
  /** A new company with a small chart of accounts; tests of one file share the database and keep to their company. */
  createCompany(): Promise<TestCompany>;
  close(): Promise<void>;
};

/** A ledger on a fresh test database: in-memory PGlite, or a throwaway schema when DATABASE_URL is set. */
export async function createTestLedger(): Promise<TestLedger> {
  const database = await createTestDatabase();
  const ledger = createLedger({ db: database.db });
  return {
    database,
    ledger,
    async createCompany() {
      const companyId = `company-${randomBytes(4).toString('hex')}`;
      const account = (code: string, name: string, type: Account['type'], currency: string, decimals: number) =>
        ledger.createAccount({ companyId, code, name, type, currency, decimals });
      return {
        companyId,
        accounts: {
          bank: await account('1000', 'Bank EUR', 'asset', 'EUR', 2),
          vault: await ledger.createAccount({
            companyId,
            code: '1010',
            name: 'Vault USDC',
            type: 'asset',
            currency: 'USDC',
            decimals: 6,
            chainId: 31337,
            address: `0x${randomBytes(20).toString('hex')}`,
          }),
          salaries: await account('6000', 'Salaries', 'expense', 'EUR', 2),
          payables: await account('2000', 'Salaries payable', 'liability', 'EUR', 2),
          equity: await account('3000', 'Share capital', 'equity', 'EUR', 2),
          fxEur: await account('1900:EUR', 'FX clearing EUR', 'asset', 'EUR', 2),
          fxUsdc: await account('1900:USDC', 'FX clearing USDC', 'asset', 'USDC', 6),
        },
      };
    },
    close: () => database.close(),
  };
}
