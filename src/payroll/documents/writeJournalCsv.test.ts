import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../../errors/BaseError.js';
import { type JournalCsvEntry, writeJournalCsv } from './writeJournalCsv.js';

const salaryEntry: JournalCsvEntry = {
  id: 'a3c1e2d4-0000-4000-8000-000000000001',
  date: '2026-11-27',
  description: 'Salaries November 2026',
  reference: 'payrun:0b6f5a2e',
  lines: [
    { accountCode: '6000', accountName: 'Salary expense', currency: 'EUR', decimals: 2, amount: 525_000n },
    { accountCode: '2100', accountName: 'Income tax payable', currency: 'EUR', decimals: 2, amount: -91_089n },
    {
      accountCode: '2200',
      accountName: 'Social contributions payable',
      currency: 'EUR',
      decimals: 2,
      amount: -107_888n,
    },
    { accountCode: '2300', accountName: 'Net pay payable', currency: 'EUR', decimals: 2, amount: -326_023n },
  ],
};
const cryptoEntry: JournalCsvEntry = {
  id: 'a3c1e2d4-0000-4000-8000-000000000002',
  date: '2026-11-27',
  description: 'ETH payout, Zoë "Zo" Dubois, Lefèvre',
  lines: [
    {
      accountCode: '2300-ETH',
      accountName: 'Net pay payable, ETH',
      currency: 'ETH',
      decimals: 18,
      amount: 114_589_052_093_007_151n,
    },
    {
      accountCode: '1210-ETH',
      accountName: 'Crypto treasury ETH',
      currency: 'ETH',
      decimals: 18,
      amount: -114_589_052_093_007_151n,
      reference: '0x8f1e6b3a3d0c4a52b7a1e9f3c6d2b0a4e8f7c6d5b4a3928170f6e5d4c3b2a190:3',
    },
  ],
};

test('one row per posting, debit or credit as an exact decimal, CRLF line ends', () => {
  const csv = writeJournalCsv([salaryEntry, cryptoEntry]);
  assert.equal(
    csv,
    [
      'date,entry_id,account_code,account_name,currency,debit,credit,description,reference',
      '2026-11-27,a3c1e2d4-0000-4000-8000-000000000001,6000,Salary expense,EUR,5250.00,,Salaries November 2026,payrun:0b6f5a2e',
      '2026-11-27,a3c1e2d4-0000-4000-8000-000000000001,2100,Income tax payable,EUR,,910.89,Salaries November 2026,payrun:0b6f5a2e',
      '2026-11-27,a3c1e2d4-0000-4000-8000-000000000001,2200,Social contributions payable,EUR,,1078.88,Salaries November 2026,payrun:0b6f5a2e',
      '2026-11-27,a3c1e2d4-0000-4000-8000-000000000001,2300,Net pay payable,EUR,,3260.23,Salaries November 2026,payrun:0b6f5a2e',
      '2026-11-27,a3c1e2d4-0000-4000-8000-000000000002,2300-ETH,"Net pay payable, ETH",ETH,0.114589052093007151,,"ETH payout, Zoë ""Zo"" Dubois, Lefèvre",',
      '2026-11-27,a3c1e2d4-0000-4000-8000-000000000002,1210-ETH,Crypto treasury ETH,ETH,,0.114589052093007151,"ETH payout, Zoë ""Zo"" Dubois, Lefèvre",0x8f1e6b3a3d0c4a52b7a1e9f3c6d2b0a4e8f7c6d5b4a3928170f6e5d4c3b2a190:3',
      '',
    ].join('\r\n'),
  );
});

test('parsed back by an RFC 4180 reader, every field and amount is what was written', () => {
  const csv = writeJournalCsv([
    {
      ...cryptoEntry,
      description: 'Line one\nline two, with "quotes"',
      lines: cryptoEntry.lines.map((line) => ({ ...line })),
    },
  ]);
  const rows = parseCsv(csv);
  assert.equal(rows.length, 3);
  assert.deepEqual(rows[1], [
    '2026-11-27',
    'a3c1e2d4-0000-4000-8000-000000000002',
    '2300-ETH',
    'Net pay payable, ETH',
    'ETH',
    '0.114589052093007151',
    '',
    'Line one\nline two, with "quotes"',
    '',
  ]);
});

test('text a spreadsheet would run as a formula is defused', () => {
  const csv = writeJournalCsv([
    {
      id: 'e1',
      date: '2026-11-27',
      description: '=HYPERLINK("http://x")',
      reference: '@SUM(A1)',
      lines: [
        { accountCode: '+1', accountName: '-Bank', currency: 'EUR', decimals: 2, amount: 1n },
        { accountCode: '2', accountName: 'Other', currency: 'EUR', decimals: 2, amount: -1n },
      ],
    },
  ]);
  const row = parseCsv(csv)[1]!;
  assert.deepEqual([row[2], row[3], row[7], row[8]], ["'+1", "'-Bank", '\'=HYPERLINK("http://x")', "'@SUM(A1)"]);
  assert.equal(row[5], '0.01');
});

test('an entry that does not balance, or a bad date, is refused naming the entry', () => {
  const unbalanced = { ...salaryEntry, lines: salaryEntry.lines.slice(0, 3) };
  assert.throws(
    () => writeJournalCsv([cryptoEntry, unbalanced]),
    (error: unknown) =>
      error instanceof ValidationError &&
      error.field === 'entries[1].lines' &&
      /does not balance in EUR: its postings sum to 326023 minor units/.test(error.shortMessage),
  );
  assert.throws(
    () => writeJournalCsv([{ ...salaryEntry, date: '27.11.2026' }]),
    (error: unknown) => error instanceof ValidationError && error.field === 'entries[0].date',
  );
  assert.throws(() => writeJournalCsv([{ ...salaryEntry, lines: salaryEntry.lines.slice(0, 1) }]), /at least two/);
  assert.equal(
    writeJournalCsv([]),
    'date,entry_id,account_code,account_name,currency,debit,credit,description,reference\r\n',
  );
});

// A strict RFC 4180 reader, independent of the writer: quoted fields, doubled quotes, CRLF records.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  assert.equal(field, '');
  assert.equal(row.length, 0);
  return rows;
}
