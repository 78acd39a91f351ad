import type { Kysely } from 'kysely';
import type { Tables } from '../db/Tables.js';
import type { Account } from './Account.js';
import { accountBalance } from './accountBalance.js';
import { type BalancesParameters, type BalancesReturnType, balances } from './balances.js';
import { type CheckLedgerParameters, checkLedger, type LedgerCheckReport } from './checkLedger.js';
import { type CreateAccountParameters, createAccount } from './createAccount.js';
import {
  type FindOrCreateAccountParameters,
  type FindOrCreateAccountReturnType,
  findOrCreateAccount,
} from './findOrCreateAccount.js';
import { getAccount } from './getAccount.js';
import { getEntry } from './getEntry.js';
import { type JournalParameters, type JournalReturnType, journal } from './journal.js';
import type { LedgerContext } from './LedgerContext.js';
import type { LedgerEntry } from './LedgerEntry.js';
import { type ListAccountsParameters, listAccounts } from './listAccounts.js';
import { postEntries } from './postEntries.js';
import { type PostEntryParameters, type PostEntryReturnType, postEntry } from './postEntry.js';
import {
  type ReconcileOnChainParameters,
  type ReconcileOnChainReturnType,
  reconcileOnChain,
} from './reconcileOnChain.js';
import { type ReverseEntryParameters, reverseEntry } from './reverseEntry.js';

export type CreateLedgerParameters = {
  /** Tandem's database, or a transaction of the caller's so that ledger writes commit with its own. */
  db: Kysely<Tables>;
};

export type Ledger = {
  createAccount(parameters: CreateAccountParameters): Promise<Account>;
  findOrCreateAccount(parameters: FindOrCreateAccountParameters): Promise<FindOrCreateAccountReturnType>;
  getAccount(accountId: string): Promise<Account>;
  listAccounts(parameters: ListAccountsParameters): Promise<Account[]>;
  postEntry(parameters: PostEntryParameters): Promise<PostEntryReturnType>;
  /** Many entries in one transaction, all or none; answers in the order given. */
  postEntries(entries: readonly PostEntryParameters[]): Promise<PostEntryReturnType[]>;
  reverseEntry(entryId: string, parameters: ReverseEntryParameters): Promise<PostEntryReturnType>;
  getEntry(entryId: string): Promise<LedgerEntry>;
  journal(parameters: JournalParameters): Promise<JournalReturnType>;
  balances(parameters: BalancesParameters): Promise<BalancesReturnType>;
  accountBalance(accountId: string, asOf?: string): Promise<bigint>;
  checkLedger(parameters?: CheckLedgerParameters): Promise<LedgerCheckReport>;
  reconcileOnChain(parameters: ReconcileOnChainParameters): Promise<ReconcileOnChainReturnType>;
};

/**
 * The double-entry ledger: accounts per company, balanced immutable entries, balances, and proofs that it adds up.
 * @example const ledger = createLedger({ db }); await ledger.postEntry({ … })
 */
export function createLedger({ db }: CreateLedgerParameters): Ledger {
  const context: LedgerContext = { db, accountCache: new Map() };
  return {
    createAccount: (parameters) => createAccount(context, parameters),
    findOrCreateAccount: (parameters) => findOrCreateAccount(context, parameters),
    getAccount: (accountId) => getAccount(context, accountId),
    listAccounts: (parameters) => listAccounts(context, parameters),
    postEntry: (parameters) => postEntry(context, parameters),
    postEntries: (entries) => postEntries(context, entries),
    reverseEntry: (entryId, parameters) => reverseEntry(context, entryId, parameters),
    getEntry: (entryId) => getEntry(context, entryId),
    journal: (parameters) => journal(context, parameters),
    balances: (parameters) => balances(context, parameters),
    accountBalance: (accountId, asOf) => accountBalance(context, accountId, asOf),
    checkLedger: (parameters) => checkLedger(context, parameters),
    reconcileOnChain: (parameters) => reconcileOnChain(context, parameters),
  };
}
