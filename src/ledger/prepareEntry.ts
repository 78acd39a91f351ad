import { ValidationError } from '../errors/BaseError.js';
import type { Account } from './Account.js';
import type { JsonValue, Posting } from './LedgerEntry.js';
import { assertIsoDate, assertText, assertUuid } from './ledgerInput.js';

export type PostingInput = {
  accountId: string;
  /** Signed minor units of the account's currency: debit positive, credit negative, never 0. */
  amount: bigint;
};

export type PostEntryParameters = {
  companyId: string;
  /** Unique per company; posting again with the same key and content returns the first entry. */
  idempotencyKey: string;
  /** Effective (booking) date, `YYYY-MM-DD`. */
  date: string;
  description: string;
  postings: readonly PostingInput[];
  metadata?: Record<string, JsonValue> | undefined;
};

export type WriteEntryParameters = PostEntryParameters & { reversesEntryId?: string | undefined };

/** An entry whose every field has been checked, with its postings in their accounts' currencies. */
export type PreparedEntry = {
  parameters: WriteEntryParameters & { metadata: Record<string, JsonValue> };
  metadataJson: string;
  lines: Posting[];
};

// numeric(78,0) holds 78 digits: any uint256 and its negative.
const amountLimit = 10n ** 78n;

/**
 * The checks that need no database, each naming its field behind `prefix` (`entries[3].` in a batch): text limits,
 * the date, uuids and amounts. Returns the account ids the postings name, for one lookup of them all.
 */
export function checkEntryInput(parameters: WriteEntryParameters, prefix = ''): string[] {
  const { companyId, idempotencyKey, date, description, postings, reversesEntryId } = parameters ?? {};
  assertText(companyId, `${prefix}companyId`, 200);
  assertText(idempotencyKey, `${prefix}idempotencyKey`, 500);
  assertIsoDate(date, `${prefix}date`);
  assertText(description, `${prefix}description`, 2000, { allowEmpty: true });
  if (reversesEntryId !== undefined) assertUuid(reversesEntryId, `${prefix}reversesEntryId`);
  const field = `${prefix}postings`;
  if (!Array.isArray(postings) || postings.length < 2)
    throw new ValidationError(`${entryLabel(prefix)}An entry needs at least 2 postings.`, { field });
  if (postings.length > 10_000)
    throw new ValidationError(`${entryLabel(prefix)}An entry can have at most 10,000 postings.`, { field });
  return postings.map((posting, index) => {
    assertUuid(posting?.accountId, `${field}[${index}].accountId`);
    const amountField = `${field}[${index}].amount`;
    if (typeof posting.amount !== 'bigint')
      throw new ValidationError(`${amountField} must be a bigint of minor units.`, {
        field: amountField,
        details: `Got a ${typeof posting.amount}; money is never a float.`,
      });
    if (posting.amount === 0n) throw new ValidationError(`${amountField} must not be 0.`, { field: amountField });
    if (posting.amount >= amountLimit || -posting.amount >= amountLimit)
      throw new ValidationError(`${amountField} has more than 78 digits.`, { field: amountField });
    return posting.accountId;
  });
}

/**
 * Completes the checks with the accounts (they exist, belong to the entry's company) and proves the postings balance
 * per currency, so that the database's commit-time check only ever confirms what is already known.
 */
export function prepareEntry(
  parameters: WriteEntryParameters,
  accounts: ReadonlyMap<string, Account>,
  prefix = '',
): PreparedEntry {
  const { companyId, postings, metadata = {} } = parameters;
  const metadataJson = serializeMetadata(metadata, `${prefix}metadata`);
  const currencies = new Map<string, { sum: bigint; lines: number[] }>();
  const lines: Posting[] = postings.map((posting, index) => {
    const field = `${prefix}postings[${index}].accountId`;
    const account = accounts.get(posting.accountId);
    if (!account) throw new ValidationError(`${field}: ledger account ${posting.accountId} does not exist.`, { field });
    if (account.companyId !== companyId)
      throw new ValidationError(`${field}: ledger account ${account.code} belongs to another company.`, { field });
    const total = currencies.get(account.currency) ?? { sum: 0n, lines: [] };
    total.sum += posting.amount;
    total.lines.push(index);
    currencies.set(account.currency, total);
    return { accountId: account.id, currency: account.currency, amount: posting.amount };
  });
  for (const [currency, total] of currencies)
    if (total.sum !== 0n)
      throw new ValidationError(
        `${entryLabel(prefix)}The postings in ${currency} do not balance: they sum to ${total.sum}, not 0.`,
        {
          field: `${prefix}postings`,
          details: `Postings ${total.lines.join(', ')} are in ${currency}; their debits (positive) and credits (negative) must cancel out.`,
        },
      );
  return { parameters: { ...parameters, metadata }, metadataJson, lines };
}

/** `entries[3]: ` before a message about a whole entry of a batch; nothing for a single entry. */
function entryLabel(prefix: string): string {
  return prefix ? `${prefix.slice(0, -1)}: ` : '';
}

function serializeMetadata(metadata: unknown, field: string): string {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
    throw new ValidationError(`${field} must be a JSON object.`, { field });
  try {
    return JSON.stringify(metadata);
  } catch (cause) {
    throw new ValidationError(`${field} must be a JSON object.`, {
      field,
      cause,
      details: 'Write bigint values as decimal strings.',
    });
  }
}
