import { ValidationError } from '../../errors/BaseError.js';
import { formatMinorUnits } from './formatMinorUnits.js';
import { toCsvField } from './toCsvField.js';

/** One posting of an entry, with its account spelled out (as an accountant's import expects). */
export type JournalCsvLine = {
  accountCode: string;
  accountName: string;
  /** ISO 4217 code or token symbol of the account. */
  currency: string;
  /** Minor-unit exponent of the account's currency (2 for EUR, 6 for USDC, 18 for ETH). */
  decimals: number;
  /** Signed minor units as the ledger stores them: a debit is positive, a credit negative. */
  amount: bigint;
  /** The line's own text; the entry's description when absent. */
  description?: string | undefined;
  /** The line's own reference (a transaction hash and log index); the entry's when absent. */
  reference?: string | undefined;
};

/** A balanced journal entry of the pay run. */
export type JournalCsvEntry = {
  id: string;
  /** Booking date, `YYYY-MM-DD`. */
  date: string;
  description: string;
  /** e.g. the pay run id or a SEPA EndToEndId. */
  reference?: string | undefined;
  lines: readonly JournalCsvLine[];
};

export const journalCsvHeader = [
  'date',
  'entry_id',
  'account_code',
  'account_name',
  'currency',
  'debit',
  'credit',
  'description',
  'reference',
] as const;

/**
 * Writes journal entries as a CSV file for an accounting system: RFC 4180 (CRLF line ends, fields quoted when
 * they hold a comma, quote or line break, quotes doubled), one row per posting with the amount in the debit or
 * the credit column as an exact decimal (`1234.56`, no grouping, the account's own decimals). Every entry must
 * balance per currency. Text that a spreadsheet would run as a formula (starting with = + - @ or a tab) gets a
 * leading apostrophe, as OWASP advises for CSV exports; amounts never do (they are never negative here).
 * @example writeFileSync('journal.csv', writeJournalCsv(entries))
 */
export function writeJournalCsv(entries: readonly JournalCsvEntry[]): string {
  const rows: string[] = [journalCsvHeader.join(',')];
  entries.forEach((entry, entryIndex) => {
    const at = `entries[${entryIndex}]`;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(entry.date))
      throw new ValidationError(`Entry ${entry.id}: the date must be YYYY-MM-DD, not "${entry.date}".`, {
        field: `${at}.date`,
      });
    if (entry.lines.length < 2)
      throw new ValidationError(
        `Entry ${entry.id} has ${entry.lines.length} posting(s); an entry needs at least two.`,
        {
          field: `${at}.lines`,
        },
      );
    const totals = new Map<string, bigint>();
    entry.lines.forEach((line, lineIndex) => {
      if (typeof line.amount !== 'bigint')
        throw new ValidationError(`Entry ${entry.id}, line ${lineIndex + 1}: the amount must be integer minor units.`, {
          field: `${at}.lines[${lineIndex}].amount`,
        });
      if (!Number.isInteger(line.decimals) || line.decimals < 0 || line.decimals > 36)
        throw new ValidationError(`Entry ${entry.id}, line ${lineIndex + 1}: decimals must be 0 to 36.`, {
          field: `${at}.lines[${lineIndex}].decimals`,
        });
      totals.set(line.currency, (totals.get(line.currency) ?? 0n) + line.amount);
      const magnitude = formatMinorUnits(line.amount < 0n ? -line.amount : line.amount, line.decimals);
      rows.push(
        [
          entry.date,
          toCsvField(entry.id),
          toCsvField(line.accountCode),
          toCsvField(line.accountName),
          toCsvField(line.currency),
          line.amount >= 0n ? magnitude : '',
          line.amount < 0n ? magnitude : '',
          toCsvField(line.description ?? entry.description),
          toCsvField(line.reference ?? entry.reference ?? ''),
        ].join(','),
      );
    });
    for (const [currency, total] of totals)
      if (total !== 0n)
        throw new ValidationError(
          `Entry ${entry.id} does not balance in ${currency}: its postings sum to ${total} minor units.`,
          { field: `${at}.lines` },
        );
  });
  return `${rows.join('\r\n')}\r\n`;
}
