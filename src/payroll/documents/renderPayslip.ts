import { createPdfDocument, type PdfDocument, pdfColors, pdfPage } from './createPdfDocument.js';
import { formatMinorUnits } from './formatMinorUnits.js';
import type { PdfFonts } from './loadPdfFonts.js';
import type { PayslipView } from './PayslipView.js';

export type RenderPayslipOptions = {
  /** Fonts to draw with; Debian's DejaVu and CJK fonts when installed (see `loadPdfFonts`). */
  fonts?: PdfFonts | undefined;
};

const left = pdfPage.margin;
const right = pdfPage.width - pdfPage.margin;
const contentWidth = right - left;
const bottom = pdfPage.height - 64;

/**
 * Renders an employee's payslip for one pay run as an A4 PDF: gross, each deduction, net, how the net was
 * split, and for each crypto payout the tokens, the rate with its source, round and time, the value in the
 * salary currency and the transaction hash. The bytes depend only on `view` (its `createdAt` is the PDF's
 * creation date), so a payslip can be rendered again and compared.
 * @example writeFileSync('payslip.pdf', await renderPayslip(view))
 */
export async function renderPayslip(view: PayslipView, options: RenderPayslipOptions = {}): Promise<Buffer> {
  const pdf = createPdfDocument({
    title: `Payslip ${view.period.label} – ${view.employee.name}`,
    author: view.company.name,
    subject: `Payslip ${view.payslipId}`,
    createdAt: view.createdAt,
    fonts: options.fonts,
  });
  const fiat = (minor: bigint) => formatMinorUnits(minor, view.currencyDecimals, { groupThousands: true });
  const currency = view.currency;
  let y = 0;
  let pageNumber = 0;

  const newPage = () => {
    pdf.doc.addPage();
    pageNumber++;
    pdf.box(0, 0, pdfPage.width, 6, pdfColors.accent);
    if (pageNumber > 1) {
      pdf.text(`${view.company.name} · Payslip ${view.period.label} · ${view.employee.name}`, left, 36, {
        size: 8,
        color: pdfColors.muted,
        width: contentWidth,
      });
      y = 60;
    }
  };
  const ensureSpace = (height: number) => {
    if (y + height > bottom) newPage();
  };

  newPage();
  y = drawHeader(pdf, view);
  y = drawEmployee(pdf, view, y + 18);

  // Earnings and deductions.
  y += 26;
  const columns = { description: left + 8, base: right - 230, rate: right - 140, amount: right - 8 };
  const sectionTitle = (title: string) => {
    ensureSpace(60);
    pdf.text(title, left, y, { size: 11, weight: 'bold' });
    y += 8;
    pdf.rule(left, right, y, pdfColors.ink, 0.8);
    y += 14;
  };
  const headerRow = (cells: { text: string; x: number; width: number; align?: 'left' | 'right' }[]) => {
    for (const cell of cells)
      pdf.text(cell.text.toUpperCase(), cell.x, y, {
        size: 7,
        color: pdfColors.muted,
        width: cell.width,
        align: cell.align,
      });
    y += 6;
    pdf.rule(left, right, y);
    y += 13;
  };
  sectionTitle('Earnings and deductions');
  headerRow([
    { text: 'Description', x: columns.description, width: 200 },
    { text: `Base (${currency})`, x: columns.base - 90, width: 90, align: 'right' },
    { text: 'Rate', x: columns.rate - 70, width: 70, align: 'right' },
    { text: `Amount (${currency})`, x: columns.amount - 100, width: 100, align: 'right' },
  ]);
  const amountRow = (
    label: string,
    amount: string,
    extra: { base?: string | undefined; rate?: string | undefined; bold?: boolean; shade?: string } = {},
  ) => {
    ensureSpace(18);
    if (extra.shade) pdf.box(left, y - 11, contentWidth, 16, extra.shade);
    const weight = extra.bold ? 'bold' : 'regular';
    pdf.text(label, columns.description, y, { weight, width: columns.base - 100 - columns.description });
    if (extra.base) pdf.text(extra.base, columns.base - 90, y, { width: 90, align: 'right' });
    if (extra.rate) pdf.text(extra.rate, columns.rate - 70, y, { width: 70, align: 'right' });
    pdf.text(amount, columns.amount - 100, y, { weight, width: 100, align: 'right' });
    y += 16;
  };
  amountRow('Gross salary', fiat(view.grossMinor), { bold: true });
  let totalDeductions = 0n;
  for (const deduction of view.deductions) {
    totalDeductions += deduction.amountMinor;
    amountRow(deduction.label, `-${fiat(deduction.amountMinor)}`, {
      base: deduction.baseMinor === undefined ? undefined : fiat(deduction.baseMinor),
      rate: deduction.rate,
    });
  }
  pdf.rule(left, right, y - 11);
  y += 2;
  amountRow('Total deductions', `-${fiat(totalDeductions)}`);
  amountRow(`Net pay (${currency})`, fiat(view.netMinor), { bold: true, shade: pdfColors.accentLight });

  // How the net pay was paid out.
  y += 14;
  sectionTitle('Payout of net pay');
  const splitColumns = { asset: left + 8, share: left + 120, amount: left + 250, to: left + 270 };
  headerRow([
    { text: 'Asset', x: splitColumns.asset, width: 100 },
    { text: 'Share', x: splitColumns.share - 60, width: 60, align: 'right' },
    { text: `Amount (${currency})`, x: splitColumns.amount - 100, width: 100, align: 'right' },
    { text: 'Paid to', x: splitColumns.to, width: right - splitColumns.to },
  ]);
  for (const share of view.split) {
    ensureSpace(18);
    const isFiat = share.asset === view.currency;
    const payout = view.cryptoPayouts.find((p) => p.asset === share.asset);
    const destination = isFiat
      ? view.fiatPayout
        ? `Bank transfer to ${maskIban(view.fiatPayout.iban)}`
        : 'Bank transfer'
      : payout
        ? `Wallet ${shortAddress(payout.recipient)}${payout.network ? ` on ${payout.network}` : ''}`
        : 'Wallet';
    pdf.text(share.asset, splitColumns.asset, y, { weight: 'bold' });
    pdf.text(formatPercent(share.percent), splitColumns.share - 60, y, { width: 60, align: 'right' });
    pdf.text(fiat(share.fiatMinor), splitColumns.amount - 100, y, { width: 100, align: 'right' });
    pdf.text(destination, splitColumns.to, y, { width: right - splitColumns.to - 8 });
    y += 16;
  }

  // Each crypto payout: tokens, rate and where it came from, value, transaction.
  if (view.cryptoPayouts.length > 0) {
    y += 14;
    sectionTitle('Crypto payouts');
    const cryptoColumns = { asset: left + 8, tokens: left + 210, rate: left + 370, value: right - 8 };
    headerRow([
      { text: 'Asset', x: cryptoColumns.asset, width: 80 },
      { text: 'Tokens', x: cryptoColumns.tokens - 140, width: 140, align: 'right' },
      { text: `Rate (${currency} per token)`, x: cryptoColumns.rate - 140, width: 140, align: 'right' },
      { text: `Value (${currency})`, x: cryptoColumns.value - 100, width: 100, align: 'right' },
    ]);
    view.cryptoPayouts.forEach((payout, index) => {
      ensureSpace(66);
      if (index % 2 === 1) pdf.box(left, y - 12, contentWidth, 62, pdfColors.zebra);
      pdf.text(payout.asset, cryptoColumns.asset, y, { weight: 'bold' });
      pdf.text(
        formatMinorUnits(payout.tokenAmount, payout.tokenDecimals, { groupThousands: true, minimumFractionDigits: 2 }),
        cryptoColumns.tokens - 140,
        y,
        { width: 140, align: 'right', weight: 'bold' },
      );
      pdf.text(
        formatMinorUnits(payout.rate.answer, payout.rate.decimals, { groupThousands: true, minimumFractionDigits: 2 }),
        cryptoColumns.rate - 140,
        y,
        { width: 140, align: 'right' },
      );
      pdf.text(fiat(payout.fiatMinor), cryptoColumns.value - 100, y, { width: 100, align: 'right', weight: 'bold' });
      const detail = (label: string, value: string, mono = false) => {
        y += 10.5;
        pdf.text(label, cryptoColumns.asset, y, { size: 7, color: pdfColors.muted });
        pdf.text(value, cryptoColumns.asset + 62, y, {
          size: 7.5,
          weight: mono ? 'mono' : 'regular',
          width: right - cryptoColumns.asset - 70,
        });
      };
      detail(
        'Rate source',
        `${payout.rate.source} · round ${payout.rate.roundId} · ${formatUtc(payout.rate.updatedAt)}`,
      );
      detail('Network', [payout.network ?? 'on chain', payout.status].filter(Boolean).join(' · '));
      detail('Recipient', payout.recipient, true);
      detail('Transaction', payout.txHash ?? 'pending (not yet mined)', true);
      y += 20;
    });
  }

  if (view.cryptoPayouts.length > 0) {
    ensureSpace(24);
    drawFootnote(pdf, view, y + 2);
  }
  drawPageFooters(pdf, view);
  return pdf.finish();
}

function drawHeader(pdf: PdfDocument, view: PayslipView): number {
  pdf.text(view.company.name, left, 58, { size: 16, weight: 'bold', width: 300 });
  let y = 74;
  for (const line of [
    ...(view.company.addressLines ?? []),
    ...(view.company.country ? [view.company.country] : []),
    ...(view.company.lei ? [`LEI ${view.company.lei}`] : []),
  ]) {
    pdf.text(line, left, y, { size: 8, color: pdfColors.muted, width: 300 });
    y += 11;
  }
  const boxX = right - 190;
  pdf.text('PAYSLIP', boxX, 58, { size: 18, weight: 'bold', color: pdfColors.accent, width: 190, align: 'right' });
  const facts: [string, string][] = [
    ['Period', `${view.period.label}`],
    ['', `${view.period.start} to ${view.period.end}`],
    ['Pay date', view.period.payDate],
    ['Payslip no.', view.payslipId],
  ];
  let factY = 76;
  for (const [label, value] of facts) {
    pdf.text(label, boxX, factY, { size: 8, color: pdfColors.muted });
    pdf.text(value, boxX + 60, factY, { size: 8, width: 130, align: 'right' });
    factY += 11;
  }
  return Math.max(y, factY);
}

function drawEmployee(pdf: PdfDocument, view: PayslipView, top: number): number {
  const lines = [
    `Employee ID ${view.employee.id}`,
    ...(view.employee.email ? [view.employee.email] : []),
    ...(view.employee.addressLines ?? []),
  ];
  const height = 40 + lines.length * 11;
  pdf.box(left, top, contentWidth, height, pdfColors.zebra, 4);
  pdf.text('EMPLOYEE', left + 14, top + 16, { size: 7, color: pdfColors.muted });
  pdf.text(view.employee.name, left + 14, top + 32, { size: 13, weight: 'bold', width: contentWidth / 2 + 40 });
  let y = top + 46;
  for (const line of lines) {
    pdf.text(line, left + 14, y, { size: 8, color: pdfColors.muted, width: contentWidth / 2 + 40 });
    y += 11;
  }
  const factsX = left + contentWidth / 2 + 70;
  const factsWidth = right - 14 - factsX;
  pdf.text('NET PAY', factsX, top + 16, { size: 7, color: pdfColors.muted, width: factsWidth, align: 'right' });
  pdf.text(
    `${formatMinorUnits(view.netMinor, view.currencyDecimals, { groupThousands: true })} ${view.currency}`,
    factsX,
    top + 34,
    { size: 15, weight: 'bold', color: pdfColors.accent, width: factsWidth, align: 'right' },
  );
  pdf.text(`Pay run ${view.payRunId}`, factsX - 40, top + 48, {
    size: 6.5,
    color: pdfColors.muted,
    width: factsWidth + 40,
    align: 'right',
  });
  return top + height;
}

function drawFootnote(pdf: PdfDocument, view: PayslipView, y: number) {
  const notes = [
    `Crypto shares were bought at the rate shown, the price-feed answer of the given round and time; the value in ${view.currency}`,
    'is the part of the net pay paid in that asset, and is the value to declare at receipt where tax law asks for one.',
  ];
  for (const note of notes) {
    pdf.text(note, left, y, { size: 7, color: pdfColors.muted, width: contentWidth });
    y += 9;
  }
}

function drawPageFooters(pdf: PdfDocument, view: PayslipView) {
  // Drawn last, on every (buffered) page, so that each can say "page i of n".
  const { start, count } = pdf.doc.bufferedPageRange();
  const y = pdfPage.height - 34;
  for (let page = start; page < start + count; page++) {
    pdf.doc.switchToPage(page);
    pdf.rule(left, right, y - 12);
    pdf.text(`${view.company.name} · Payslip ${view.payslipId} · issued with Tandem`, left, y, {
      size: 7,
      color: pdfColors.muted,
      width: contentWidth - 80,
    });
    pdf.text(`Page ${page - start + 1} of ${count}`, right - 80, y, {
      size: 7,
      color: pdfColors.muted,
      width: 80,
      align: 'right',
    });
  }
}

function formatPercent(percent: number): string {
  return `${Number.isInteger(percent) ? percent : percent.toFixed(2)} %`;
}

function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `DE89370400440532013000` → `DE89 **** **** **** **30 00`: enough to recognise the account, not to copy it. */
function maskIban(iban: string): string {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  const masked = compact.slice(0, 4) + '*'.repeat(Math.max(0, compact.length - 8)) + compact.slice(-4);
  return (masked.match(/.{1,4}/g) ?? []).join(' ');
}

/** `0x52908400098527886E0F7030069857D2E4169EE7` → `0x5290…9EE7`; the full address is in the crypto section. */
function shortAddress(address: string): string {
  return address.length > 14 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}
