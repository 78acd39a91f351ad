import type { Kysely } from 'kysely';
import type { Tables } from '../db/Tables.js';
import type { Account } from './Account.js';

/** What every ledger function works with: the database (or a transaction of the caller) and known accounts. */
export type LedgerContext = {
  db: Kysely<Tables>;
  /**
   * Accounts by id. Safe to keep for the ledger's life: the columns postings rely on (company, currency, decimals)
   * cannot change, and the database re-checks them on every write anyway.
   */
  accountCache: Map<string, Account>;
};
