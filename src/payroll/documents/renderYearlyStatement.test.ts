import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../../errors/BaseError.js';
import { exampleYearlyStatementView } from './fixtures/exampleYearlyStatementView.js';
import { pdfInfo, pdfToText, skipPdfText } from './fixtures/pdfToText.js';
import { renderYearlyStatement, yearlyStatementCsvHeader } from './renderYearlyStatement.js';

const view = exampleYearlyStatementView();

test('totals per asset are the exact sums of the receipts', async () => {
  const { totals } = await renderYearlyStatement(view);
  const sum = (asset: string, pick: (r: (typeof view.receipts)[number]) => bigint) =>
    view.receipts.filter((r) => r.asset === asset).reduce((total, r) => total + pick(r), 0n);
  assert.deepEqual(totals, [
    {
      asset: 'ETH',
      receipts: 12,
      tokenAmount: sum('ETH', (r) => r.tokenAmount),
      tokenDecimals: 18,
      fiatMinor: 391_224n,
    },
    {
      asset: 'USDC',
      receipts: 12,
      tokenAmount: sum('USDC', (r) => r.tokenAmount),
      tokenDecimals: 6,
      fiatMinor: 1_173_684n,
    },
  ]);
  assert.equal(totals[0]!.tokenAmount, 1_365_727_094_049_160_368n);
});

test('the CSV has one row per receipt in time order, amounts as exact decimals', async () => {
  const shuffled = { ...view, receipts: [...view.receipts].reverse() };
  const { csv } = await renderYearlyStatement(shuffled);
  const rows = csv.split('\r\n');
  assert.equal(rows[0], yearlyStatementCsvHeader.join(','));
  assert.equal(rows.length, 1 + 24 + 1);
  assert.equal(rows.at(-1), '');
  assert.equal(
    rows[2],
    '2026-01-27T09:15:01.000Z,2026-01,ETH,0.116021352313167259,2810.00000000,EUR per ETH,Chainlink ETH / EUR,110680464442257320001,2026-01-27T08:16:41.000Z,EUR,326.02,Ethereum (chain 1),0x52908400098527886E0F7030069857D2E4169EE7,0x0101010101010101010101010101010101010101010101010101010101010101,4',
  );
  assert.ok(rows[24]!.startsWith('2026-12-27T09:15:12.000Z,2026-12,ETH,'));
  // Value = tokens × rate, to within the rounding down of the token amount.
  for (const row of rows.slice(1, -1)) {
    const [, , , tokens, rate, , , , , , value] = row.split(',');
    const product = Number(tokens) * Number(rate);
    assert.ok(Math.abs(product - Number(value)) < 0.01, row);
  }
});

test('the PDF lists every receipt with its transaction and the totals', { skip: skipPdfText }, async () => {
  const { pdf } = await renderYearlyStatement(view);
  const text = pdfToText(pdf);
  assert.match(text, /CRYPTO STATEMENT 2026/);
  assert.match(text, /Zoë Dubois-Lefèvre/);
  for (let month = 1; month <= 12; month++) {
    const hash = `0x${month.toString(16).padStart(2, '0').repeat(32)}`;
    assert.equal(text.split(hash).length - 1, 2, `transaction of month ${month}`);
  }
  assert.match(text, /2026-01-27 09:15:01 +2026-01 +ETH +0\.116021352313167259 +2,810\.00 +326\.02/);
  assert.match(text, /Rate from Chainlink USDC \/ EUR · round 18446744073709551001 · 2026-01-27 08:15:01 UTC/);
  assert.match(text, /ETH +12 +1\.365727094049160368 +3,912\.24/);
  assert.match(text, /USDC +12 +12,668\.108942 +11,736\.84/);
  assert.match(text, /Total value at receipt \(EUR\) +15,649\.08/);
  assert.match(text, /Page 3 of 3/);
  assert.equal(pdfInfo(pdf).CreationDate, '2027-01-15T08:00:00Z');
  assert.ok(pdf.equals((await renderYearlyStatement(exampleYearlyStatementView())).pdf));
});

test('a year without crypto gives an empty statement, not an error', { skip: skipPdfText }, async () => {
  const { pdf, csv, totals } = await renderYearlyStatement({ ...view, receipts: [] });
  assert.deepEqual(totals, []);
  assert.equal(csv, `${yearlyStatementCsvHeader.join(',')}\r\n`);
  assert.match(pdfToText(pdf), /No crypto was paid to this employee in 2026\./);
});

test('a receipt outside the year is refused, naming it', async () => {
  const receipts = [...view.receipts];
  receipts[5] = { ...receipts[5]!, receivedAt: new Date('2027-01-01T00:00:00Z') };
  await assert.rejects(renderYearlyStatement({ ...view, receipts }), (error: unknown) => {
    assert.ok(error instanceof ValidationError);
    assert.equal(error.field, 'receipts[5].receivedAt');
    assert.match(error.shortMessage, /^Receipt 6 .* not in 2026\.$/);
    return true;
  });
});
