import { ValidationError } from '../../errors/BaseError.js';
import { createPdfDocument, type PdfDocument, pdfColors, pdfPage } from './createPdfDocument.js';
import { formatMinorUnits } from './formatMinorUnits.js';
import type { PdfFonts } from './loadPdfFonts.js';
import { toCsvField } from './toCsvField.js';
import type { YearlyStatementReceipt, YearlyStatementView } from './YearlyStatementView.js';

export type RenderYearlyStatementOptions = { fonts?: PdfFonts | undefined };

export type YearlyStatementAssetTotal = {
  asset: string;
  receipts: number;
  tokenAmount: bigint;
  tokenDecimals: number;
  fiatMinor: bigint;
};

export type RenderYearlyStatementReturnType = {
  /** A4 landscape PDF: every receipt, then totals per asset. */
  pdf: Buffer;
  /** One row per receipt, for a tax program or spreadsheet (RFC 4180, CRLF). */
  csv: string;
  totals: YearlyStatementAssetTotal[];
};

export const yearlyStatementCsvHeader = [
  'received_at',
  'period',
  'asset',
  'token_amount',
  'rate',
  'rate_quote',
  'rate_source',
  'rate_round',
  'rate_time',
  'fiat_currency',
  'fiat_value',
  'network',
  'recipient',
  'tx_hash',
  'log_index',
] as const;

// Landscape A4: wide enough for a full transaction hash next to the amounts.
const width = pdfPage.height;
const height = pdfPage.width;
const left = pdfPage.margin;
const right = width - pdfPage.margin;
const bottom = height - 60;

/**
 * An employee's yearly crypto statement: each receipt (date, asset, tokens, rate with source, round and time,
 * value at receipt in the salary currency, transaction hash) and totals per asset, as a PDF and a CSV with
 * exact decimals. Receipts are listed by time of receipt; each must fall in the statement's year (UTC).
 * @example const { pdf, csv } = await renderYearlyStatement(view)
 */
export async function renderYearlyStatement(
  view: YearlyStatementView,
  options: RenderYearlyStatementOptions = {},
): Promise<RenderYearlyStatementReturnType> {
  view.receipts.forEach((receipt, index) => {
    if (receipt.receivedAt.getUTCFullYear() !== view.year)
      throw new ValidationError(
        `Receipt ${index + 1} (${receipt.txHash}) was received on ${receipt.receivedAt.toISOString()}, not in ${view.year}.`,
        { field: `receipts[${index}].receivedAt` },
      );
  });
  const receipts = [...view.receipts].sort(
    (a, b) =>
      a.receivedAt.getTime() - b.receivedAt.getTime() ||
      a.txHash.localeCompare(b.txHash) ||
      (a.logIndex ?? 0) - (b.logIndex ?? 0),
  );
  const totals = totalsPerAsset(receipts);
  return {
    pdf: await renderPdf(view, receipts, totals, options),
    csv: writeCsv(view, receipts),
    totals,
  };
}

function totalsPerAsset(receipts: readonly YearlyStatementReceipt[]): YearlyStatementAssetTotal[] {
  const byAsset = new Map<string, YearlyStatementAssetTotal>();
  for (const receipt of receipts) {
    const total = byAsset.get(receipt.asset);
    if (!total) {
      byAsset.set(receipt.asset, {
        asset: receipt.asset,
        receipts: 1,
        tokenAmount: receipt.tokenAmount,
        tokenDecimals: receipt.tokenDecimals,
        fiatMinor: receipt.fiatMinor,
      });
      continue;
    }
    if (total.tokenDecimals !== receipt.tokenDecimals)
      throw new ValidationError(
        `${receipt.asset} receipts disagree on the token's decimals (${total.tokenDecimals} and ${receipt.tokenDecimals}).`,
        { field: 'receipts' },
      );
    total.receipts++;
    total.tokenAmount += receipt.tokenAmount;
    total.fiatMinor += receipt.fiatMinor;
  }
  return [...byAsset.values()].sort((a, b) => a.asset.localeCompare(b.asset));
}

function writeCsv(view: YearlyStatementView, receipts: readonly YearlyStatementReceipt[]): string {
  const rows = [yearlyStatementCsvHeader.join(',')];
  for (const receipt of receipts)
    rows.push(
      [
        receipt.receivedAt.toISOString(),
        toCsvField(receipt.period),
        toCsvField(receipt.asset),
        formatMinorUnits(receipt.tokenAmount, receipt.tokenDecimals),
        formatMinorUnits(receipt.rate.answer, receipt.rate.decimals),
        toCsvField(`${view.currency} per ${receipt.asset}`),
        toCsvField(receipt.rate.source),
        toCsvField(receipt.rate.roundId),
        receipt.rate.updatedAt.toISOString(),
        toCsvField(view.currency),
        formatMinorUnits(receipt.fiatMinor, view.currencyDecimals),
        toCsvField(receipt.network ?? ''),
        toCsvField(receipt.recipient),
        toCsvField(receipt.txHash),
        receipt.logIndex === undefined ? '' : String(receipt.logIndex),
      ].join(','),
    );
  return `${rows.join('\r\n')}\r\n`;
}

async function renderPdf(
  view: YearlyStatementView,
  receipts: readonly YearlyStatementReceipt[],
  totals: readonly YearlyStatementAssetTotal[],
  options: RenderYearlyStatementOptions,
): Promise<Buffer> {
  const pdf = createPdfDocument({
    title: `Crypto statement ${view.year} – ${view.employee.name}`,
    author: view.company.name,
    subject: `Yearly crypto statement ${view.statementId}`,
    createdAt: view.createdAt,
    layout: 'landscape',
    fonts: options.fonts,
  });
  const fiat = (minor: bigint) => formatMinorUnits(minor, view.currencyDecimals, { groupThousands: true });
  const tokens = (amount: bigint, decimals: number) =>
    formatMinorUnits(amount, decimals, { groupThousands: true, minimumFractionDigits: 2 });
  let y = 0;

  const newPage = (first: boolean) => {
    pdf.doc.addPage();
    pdf.box(0, 0, width, 6, pdfColors.accent);
    if (!first) {
      pdf.text(`${view.company.name} · Crypto statement ${view.year} · ${view.employee.name}`, left, 34, {
        size: 8,
        color: pdfColors.muted,
        width: right - left,
      });
      y = 56;
    }
  };
  newPage(true);
  y = drawHeader(pdf, view);

  // One receipt takes three lines: the amounts; where the rate came from; the transaction (hash in full).
  const columns = {
    date: left + 6,
    period: left + 112,
    asset: left + 160,
    tokens: left + 420,
    rate: left + 560,
    value: right - 6,
  };
  const rowHeight = 34;
  const tableHeader = () => {
    const cells: [string, number, number, 'left' | 'right'][] = [
      ['Received (UTC)', columns.date, 100, 'left'],
      ['Period', columns.period, 44, 'left'],
      ['Asset', columns.asset, 50, 'left'],
      ['Tokens', columns.tokens - 200, 200, 'right'],
      [`Rate (${view.currency} per token)`, columns.rate - 130, 130, 'right'],
      [`Value at receipt (${view.currency})`, columns.value - 120, 120, 'right'],
    ];
    for (const [label, x, cellWidth, align] of cells)
      pdf.text(label.toUpperCase(), x, y, { size: 7, color: pdfColors.muted, width: cellWidth, align });
    y += 6;
    pdf.rule(left, right, y);
    y += 13;
  };

  const section = (title: string) => {
    if (y + 70 > bottom) newPage(false);
    pdf.text(title, left, y, { size: 11, weight: 'bold' });
    y += 8;
    pdf.rule(left, right, y, pdfColors.ink, 0.8);
    y += 14;
  };

  section(`Crypto received in ${view.year}`);
  if (receipts.length === 0) {
    pdf.text(`No crypto was paid to this employee in ${view.year}.`, left + 6, y, { color: pdfColors.muted });
    y += 18;
  } else tableHeader();
  receipts.forEach((receipt, index) => {
    if (y + rowHeight > bottom) {
      newPage(false);
      tableHeader();
    }
    if (index % 2 === 1) pdf.box(left, y - 11, right - left, rowHeight, pdfColors.zebra);
    pdf.text(receipt.receivedAt.toISOString().slice(0, 19).replace('T', ' '), columns.date, y);
    pdf.text(receipt.period, columns.period, y, { width: 44 });
    pdf.text(receipt.asset, columns.asset, y, { weight: 'bold', width: 50 });
    pdf.text(tokens(receipt.tokenAmount, receipt.tokenDecimals), columns.tokens - 200, y, {
      width: 200,
      align: 'right',
    });
    pdf.text(tokens(receipt.rate.answer, receipt.rate.decimals), columns.rate - 130, y, { width: 130, align: 'right' });
    pdf.text(fiat(receipt.fiatMinor), columns.value - 120, y, { width: 120, align: 'right', weight: 'bold' });
    const updatedAt = `${receipt.rate.updatedAt.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
    pdf.text(
      `Rate from ${receipt.rate.source} · round ${receipt.rate.roundId} · ${updatedAt}${receipt.network ? ` · ${receipt.network}` : ''}`,
      columns.date,
      y + 10,
      { size: 6.5, color: pdfColors.muted, width: right - columns.date - 6 },
    );
    const label = 'Transaction';
    pdf.text(label, columns.date, y + 19, { size: 6.5, color: pdfColors.muted });
    const hashX = columns.date + pdf.widthOf(`${label} `, { size: 6.5 });
    const hashWidth = pdf.text(receipt.txHash, hashX, y + 19, { size: 6.5, weight: 'mono' });
    pdf.text(
      `${receipt.logIndex === undefined ? '' : `log ${receipt.logIndex} · `}to ${receipt.recipient}`,
      hashX + hashWidth + 6,
      y + 19,
      { size: 6.5, color: pdfColors.muted, width: right - hashX - hashWidth - 12 },
    );
    y += rowHeight;
  });

  y += 14;
  section('Totals per asset');
  const totalColumns = { asset: left + 6, count: left + 150, tokens: left + 330, value: left + 500 };
  const totalsHeader: [string, number, number, 'left' | 'right'][] = [
    ['Asset', totalColumns.asset, 100, 'left'],
    ['Receipts', totalColumns.count - 60, 60, 'right'],
    ['Tokens received', totalColumns.tokens - 150, 150, 'right'],
    [`Value at receipt (${view.currency})`, totalColumns.value - 140, 140, 'right'],
  ];
  for (const [label, x, cellWidth, align] of totalsHeader)
    pdf.text(label.toUpperCase(), x, y, { size: 7, color: pdfColors.muted, width: cellWidth, align });
  y += 6;
  pdf.rule(left, totalColumns.value + 6, y);
  y += 13;
  let grandTotal = 0n;
  for (const total of totals) {
    if (y + 18 > bottom) newPage(false);
    grandTotal += total.fiatMinor;
    pdf.text(total.asset, totalColumns.asset, y, { weight: 'bold' });
    pdf.text(String(total.receipts), totalColumns.count - 60, y, { width: 60, align: 'right' });
    pdf.text(tokens(total.tokenAmount, total.tokenDecimals), totalColumns.tokens - 150, y, {
      width: 150,
      align: 'right',
    });
    pdf.text(fiat(total.fiatMinor), totalColumns.value - 140, y, { width: 140, align: 'right' });
    y += 16;
  }
  if (y + 40 > bottom) newPage(false);
  pdf.box(left, y - 11, totalColumns.value + 6 - left, 16, pdfColors.accentLight);
  pdf.text(`Total value at receipt (${view.currency})`, totalColumns.asset, y, { weight: 'bold' });
  pdf.text(fiat(grandTotal), totalColumns.value - 140, y, { width: 140, align: 'right', weight: 'bold' });
  y += 24;
  for (const note of [
    `Each value is the part of the net salary paid in that asset, converted at the rate shown (the price-feed answer of the given round and time)`,
    `when the tokens were bought for the payout. The same figures, one row per receipt, are in the CSV file issued with this statement.`,
  ]) {
    pdf.text(note, left, y, { size: 7, color: pdfColors.muted, width: right - left });
    y += 9;
  }

  const { start, count } = pdf.doc.bufferedPageRange();
  for (let page = start; page < start + count; page++) {
    pdf.doc.switchToPage(page);
    pdf.rule(left, right, height - 46);
    pdf.text(`${view.company.name} · Crypto statement ${view.statementId} · issued with Tandem`, left, height - 34, {
      size: 7,
      color: pdfColors.muted,
      width: right - left - 90,
    });
    pdf.text(`Page ${page - start + 1} of ${count}`, right - 80, height - 34, {
      size: 7,
      color: pdfColors.muted,
      width: 80,
      align: 'right',
    });
  }
  return pdf.finish();
}

function drawHeader(pdf: PdfDocument, view: YearlyStatementView): number {
  pdf.text(view.company.name, left, 56, { size: 16, weight: 'bold', width: 380 });
  let y = 72;
  for (const line of [
    ...(view.company.addressLines ?? []),
    ...(view.company.country ? [view.company.country] : []),
    ...(view.company.lei ? [`LEI ${view.company.lei}`] : []),
  ]) {
    pdf.text(line, left, y, { size: 8, color: pdfColors.muted, width: 380 });
    y += 11;
  }
  const boxX = right - 300;
  pdf.text(`CRYPTO STATEMENT ${view.year}`, boxX, 56, {
    size: 16,
    weight: 'bold',
    color: pdfColors.accent,
    width: 300,
    align: 'right',
  });
  pdf.text(view.employee.name, boxX, 76, { size: 12, weight: 'bold', width: 300, align: 'right' });
  let factY = 90;
  for (const line of [
    `Employee ID ${view.employee.id}`,
    ...(view.employee.addressLines ?? []),
    `1 January to 31 December ${view.year} (UTC) · statement ${view.statementId}`,
  ]) {
    pdf.text(line, boxX, factY, { size: 8, color: pdfColors.muted, width: 300, align: 'right' });
    factY += 11;
  }
  return Math.max(y, factY) + 20;
}
