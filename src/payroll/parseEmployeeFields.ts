import { ValidationError } from '../errors/BaseError.js';
import { parseDecimalAmount } from '../money/parseDecimalAmount.js';
import type { Company } from './Company.js';
import { percentToMillionths, type Split } from './Split.js';
import { parseBic } from './validation/parseBic.js';
import { parseCountryCode } from './validation/parseCountryCode.js';
import { parseCurrencyCode } from './validation/parseCurrencyCode.js';
import { parseEmail } from './validation/parseEmail.js';
import { parseEvmAddress } from './validation/parseEvmAddress.js';
import { parseIban } from './validation/parseIban.js';
import { parseSplit } from './validation/parseSplit.js';

/** The columns of an employee import, in the order the CSV documents them. */
export const employeeColumns = [
  'employee_id',
  'full_name',
  'email',
  'country',
  'iban',
  'bic',
  'wallet',
  'gross_monthly',
  'currency',
  'split',
] as const;

export type EmployeeColumn = (typeof employeeColumns)[number];

/** An employee as text, one string per column; '' is an empty cell. */
export type EmployeeFields = Record<EmployeeColumn, string>;

/** An employee's values once every field is checked and normalised. */
export type EmployeeValues = {
  employeeId: string;
  fullName: string;
  email: string;
  country: string;
  iban: string | null;
  bic: string | null;
  wallet: string | null;
  grossMonthly: bigint;
  currency: string;
  split: Split;
};

export type EmployeeFieldIssue = { column: EmployeeColumn; reason: string };

export type ParseEmployeeFieldsReturnType =
  | { ok: true; employee: EmployeeValues }
  | { ok: false; issues: EmployeeFieldIssue[]; employeeId: string | null };

// A salary at or above 10^12 minor units (ten billion euros a month) is a misplaced decimal point, not a salary.
const grossLimit = 10n ** 12n;

/**
 * Checks every field of one employee against the company (its base currency and crypto assets) and reports every
 * problem, not just the first: IBAN check digits, BIC shape, EIP-55 checksum, ISO codes, email, the amount at the
 * currency's decimals, the split, a bank account when the split pays one and a wallet when it has a crypto share.
 * @example parseEmployeeFields({ employee_id: 'E1', …, split: 'EUR:100' }, company)
 */
export function parseEmployeeFields(fields: EmployeeFields, company: Company): ParseEmployeeFieldsReturnType {
  const issues: EmployeeFieldIssue[] = [];
  const check = <T>(column: EmployeeColumn, read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push({ column, reason: error.shortMessage });
      return undefined;
    }
  };
  const required = (column: EmployeeColumn): string => {
    const value = fields[column].trim();
    if (value === '') throw new ValidationError('is empty', { field: column });
    return value;
  };

  const employeeId = check('employee_id', () => {
    const id = required('employee_id');
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/.test(id))
      throw new ValidationError('may hold up to 64 letters, digits and . _ / - (starting with a letter or digit)', {
        field: 'employee_id',
      });
    return id;
  });
  const fullName = check('full_name', () => {
    const name = required('full_name');
    if ([...name].length > 200) throw new ValidationError('is longer than 200 characters', { field: 'full_name' });
    if (/\p{Cc}/u.test(name))
      throw new ValidationError('contains a line break or control character', { field: 'full_name' });
    return name;
  });
  const email = check('email', () => parseEmail(fields.email));
  const country = check('country', () => parseCountryCode(required('country')));
  const currency = check('currency', () => {
    const code = parseCurrencyCode(required('currency'));
    if (code !== company.baseCurrency)
      throw new ValidationError(
        `must be ${company.baseCurrency}: the company pays salaries in ${company.baseCurrency}`,
        {
          field: 'currency',
        },
      );
    return code;
  });
  const grossMonthly = check('gross_monthly', () => {
    const amount = parseDecimalAmount(required('gross_monthly'), currency ?? company.baseCurrency, {
      field: 'gross_monthly',
    });
    if (amount === 0n) throw new ValidationError('must be more than 0', { field: 'gross_monthly' });
    if (amount >= grossLimit)
      throw new ValidationError('is implausibly large (a misplaced decimal point?)', { field: 'gross_monthly' });
    return amount;
  });
  const split = check('split', () =>
    parseSplit(fields.split, { fiatAsset: company.baseCurrency, cryptoAssets: company.cryptoAssets }),
  );
  const paysBank = split?.some(
    (share) => share.asset === company.baseCurrency && percentToMillionths(share.percent) > 0n,
  );
  const paysCrypto = split?.some(
    (share) => share.asset !== company.baseCurrency && percentToMillionths(share.percent) > 0n,
  );
  const iban = check('iban', () => {
    if (fields.iban.trim() === '') {
      if (paysBank)
        throw new ValidationError(`is required: the split pays ${company.baseCurrency} to a bank account`, {
          field: 'iban',
        });
      return null;
    }
    return parseIban(fields.iban);
  });
  const bic = check('bic', () => (fields.bic.trim() === '' ? null : parseBic(fields.bic)));
  const wallet = check('wallet', () => {
    if (fields.wallet.trim() === '') {
      if (paysCrypto) throw new ValidationError('is required: the split has a crypto share', { field: 'wallet' });
      return null;
    }
    return parseEvmAddress(fields.wallet);
  });

  if (
    issues.length > 0 ||
    employeeId === undefined ||
    fullName === undefined ||
    email === undefined ||
    country === undefined ||
    currency === undefined ||
    grossMonthly === undefined ||
    split === undefined ||
    iban === undefined ||
    bic === undefined ||
    wallet === undefined
  ) {
    const order = (column: EmployeeColumn) => employeeColumns.indexOf(column);
    issues.sort((a, b) => order(a.column) - order(b.column));
    return { ok: false, issues, employeeId: employeeId ?? null };
  }
  return {
    ok: true,
    employee: { employeeId, fullName, email, country, iban, bic, wallet, grossMonthly, currency, split },
  };
}
