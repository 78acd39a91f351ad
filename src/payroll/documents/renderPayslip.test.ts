import assert from 'node:assert/strict';
import { test } from 'node:test';
import { examplePayslipView } from './fixtures/examplePayslipView.js';
import { pdfInfo, pdfToText, skipPdfText } from './fixtures/pdfToText.js';
import { loadPdfFonts } from './loadPdfFonts.js';
import { renderPayslip } from './renderPayslip.js';

const view = examplePayslipView();

test('the payslip shows gross, each deduction, net, the split and every crypto payout', {
  skip: skipPdfText,
}, async () => {
  const text = pdfToText(await renderPayslip(view));
  const lines = text.split('\n').map((line) => line.trim().replace(/\s{2,}/g, ' | '));
  const has = (line: string) => assert.ok(lines.includes(line), `no line "${line}" in:\n${lines.join('\n')}`);
  assert.match(text, /Tandem Demo GmbH/);
  assert.match(text, /LEI 529900T8BM49AURSDO55/);
  assert.match(text, /Zoë Dubois-Lefèvre/);
  assert.match(text, /Period +November 2026/);
  assert.match(text, /Pay date +2026-11-27/);
  has('Gross salary | 5,250.00');
  has('Income tax | progressive | -863.41');
  has('Solidarity surcharge | 863.41 | 5.50 % | -47.48');
  has('Pension insurance | 9.30 % | -488.25');
  has('Health insurance | 8.15 % | -427.88');
  has('Unemployment insurance | 1.30 % | -68.25');
  has('Long-term care insurance | 1.80 % | -94.50');
  has('Total deductions | -1,989.77');
  has('Net pay (EUR) | 3,260.23');
  has('EUR | 60 % | 1,956.14 | Bank transfer to DE89 **** **** **** **30 00');
  has('USDC | 30 % | 978.07 | Wallet 0x5290…9EE7 on Ethereum (chain 1)');
  has('ETH | 10 % | 326.02 | Wallet 0x5290…9EE7 on Ethereum (chain 1)');
  has('USDC | 1,061.446633 | 0.92145 | 978.07');
  has('ETH | 0.114589052093007151 | 2,845.12345678 | 326.02');
  has('Rate source | Chainlink USDC / EUR · round 18446744073709552817 · 2026-11-26 14:02:11 UTC');
  has('Rate source | Chainlink ETH / EUR · round 110680464442257320247 · 2026-11-26 14:01:47 UTC');
  has('Transaction | 0x8f1e6b3a3d0c4a52b7a1e9f3c6d2b0a4e8f7c6d5b4a3928170f6e5d4c3b2a190');
  has('Recipient | 0x52908400098527886E0F7030069857D2E4169EE7');
  assert.match(text, /Page 1 of 1/);
});

test('the same view renders to the same bytes; the creation date is the view’s', { skip: skipPdfText }, async () => {
  const first = await renderPayslip(view);
  const second = await renderPayslip(examplePayslipView());
  assert.ok(first.equals(second));
  assert.equal(pdfInfo(first).CreationDate, '2026-11-27T08:00:00Z');
  const later = await renderPayslip(examplePayslipView({ createdAt: new Date('2026-12-01T00:00:00Z') }));
  assert.ok(!later.equals(first));
  assert.equal(pdfInfo(later).CreationDate, '2026-12-01T00:00:00Z');
  assert.equal(first.subarray(0, 8).toString('latin1'), '%PDF-1.3');
});

test('names in any script are printed as given', { skip: skipPdfText }, async () => {
  const fonts = loadPdfFonts();
  for (const name of ['Γιώργος Παπαδόπουλος', 'Юрий Щукин', '王小明', '田中 太郎', '김민준', 'Nguyễn Văn An']) {
    const text = pdfToText(await renderPayslip(examplePayslipView({ employee: { id: 'E-7', name } })));
    const cjk = /[\u3000-\u9fff\uac00-\ud7af]/.test(name);
    if (cjk && fonts.fallbacks.length === 0 && !process.env.CI) continue;
    assert.ok(text.includes(name), `${name} not in:\n${text.slice(0, 600)}`);
  }
  const arabic = pdfToText(await renderPayslip(examplePayslipView({ employee: { id: 'E-8', name: 'محمد علي' } })));
  assert.match(arabic, /محمد علي/);
});

test('without Unicode fonts the payslip falls back to Helvetica and transliterates', {
  skip: skipPdfText,
}, async () => {
  const fonts = loadPdfFonts({ regularFile: '/nonexistent/regular.ttf', fallbackFiles: [] });
  const greek = pdfToText(
    await renderPayslip(examplePayslipView({ employee: { id: 'E-9', name: 'Γιώργος Παπαδόπουλος' } }), { fonts }),
  );
  assert.match(greek, /Giorgos Papadopoulos/);
  assert.match(greek, /Net pay \(EUR\) +3,260\.23/);
  const latin = pdfToText(await renderPayslip(view, { fonts }));
  assert.match(latin, /Zoë Dubois-Lefèvre/);
  assert.match(latin, /0x8f1e6b3a3d0c4a52b7a1e9f3c6d2b0a4e8f7c6d5b4a3928170f6e5d4c3b2a190/);
});

test('a long payslip continues on more pages, each numbered', { skip: skipPdfText }, async () => {
  const deductions = Array.from({ length: 30 }, (_, i) => ({
    kind: 'other' as const,
    label: `Deduction ${i + 1}`,
    amountMinor: 100n + BigInt(i),
  }));
  const payouts = Array.from({ length: 6 }, () => view.cryptoPayouts[0]!);
  const pdf = await renderPayslip(examplePayslipView({ deductions, cryptoPayouts: payouts }));
  const text = pdfToText(pdf);
  assert.equal(pdfInfo(pdf).Pages, '2');
  assert.match(text, /Page 1 of 2/);
  assert.match(text, /Page 2 of 2/);
  assert.match(text, /Deduction 30 +-1\.29/);
  assert.match(text, /Total deductions +-34\.35/);
  assert.equal(text.match(/Transaction +0x8f1e/g)?.length, 6);
});

test('a payout not yet mined says so, and a payslip without crypto has no crypto section', {
  skip: skipPdfText,
}, async () => {
  const pending = pdfToText(
    await renderPayslip(
      examplePayslipView({ cryptoPayouts: [{ ...view.cryptoPayouts[0]!, txHash: null, status: 'executing' }] }),
    ),
  );
  assert.match(pending, /Transaction +pending \(not yet mined\)/);
  assert.match(pending, /Ethereum \(chain 1\) · executing/);
  const fiatOnly = pdfToText(
    await renderPayslip(
      examplePayslipView({ split: [{ asset: 'EUR', percent: 100, fiatMinor: 326_023n }], cryptoPayouts: [] }),
    ),
  );
  assert.match(fiatOnly, /EUR +100 % +3,260\.23 +Bank transfer/);
  assert.doesNotMatch(fiatOnly, /Crypto payouts/);
});
