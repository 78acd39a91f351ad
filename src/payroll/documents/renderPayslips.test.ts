import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ValidationError } from '../../errors/BaseError.js';
import { examplePayslipView } from './fixtures/examplePayslipView.js';
import { pdfToText, skipPdfText } from './fixtures/pdfToText.js';
import type { PayslipView } from './PayslipView.js';
import { renderPayslip } from './renderPayslip.js';
import { payslipFileName, renderPayslips } from './renderPayslips.js';

const outRoot = mkdtempSync(join(tmpdir(), 'tandem-payslips-test-'));
after(() => rmSync(outRoot, { recursive: true, force: true }));

const names = ['Zoë Dubois-Lefèvre', 'Юрий Щукин', '王小明', 'Γιώργος Παπαδόπουλος', 'Ann Lee'];
function views(count: number): PayslipView[] {
  return Array.from({ length: count }, (_, i) =>
    examplePayslipView({
      payslipId: `2026-11-E-${String(i).padStart(3, '0')}`,
      employee: { id: `E-${i}`, name: `${names[i % names.length]} ${i}` },
      netMinor: 300_000n + BigInt(i),
    }),
  );
}

test('one file per employee, on worker threads, each the same bytes as rendered alone', {
  skip: skipPdfText,
}, async () => {
  const outDir = join(outRoot, 'workers');
  const input = views(80);
  const { files } = await renderPayslips(input, outDir, { concurrency: 2 });
  assert.equal(files.length, 80);
  assert.deepEqual(readdirSync(outDir).sort(), input.map((view) => payslipFileName(view)).sort());
  assert.deepEqual(files[42], {
    payslipId: '2026-11-E-042',
    employeeId: 'E-42',
    file: join(outDir, 'payslip-2026-11-E-042.pdf'),
    bytes: readFileSync(join(outDir, 'payslip-2026-11-E-042.pdf')).length,
  });
  for (const index of [0, 2, 79]) {
    const pdf = readFileSync(files[index]!.file);
    assert.ok(pdf.equals(await renderPayslip(input[index]!)), `payslip ${index} differs when rendered alone`);
    const text = pdfToText(pdf);
    assert.ok(text.includes(input[index]!.employee.name), input[index]!.employee.name);
    assert.match(text, new RegExp(`${(3000 + index / 100).toFixed(2).replace(/\B(?=(\d{3})+\.)/, ',')} EUR`));
  }
});

test('a small run renders on the calling thread', async () => {
  const outDir = join(outRoot, 'single');
  const { files } = await renderPayslips(views(3), outDir, { concurrency: 1 });
  assert.deepEqual(
    files.map((file) => file.file),
    ['000', '001', '002'].map((n) => join(outDir, `payslip-2026-11-E-${n}.pdf`)),
  );
  assert.deepEqual(readdirSync(outDir).sort(), [
    'payslip-2026-11-E-000.pdf',
    'payslip-2026-11-E-001.pdf',
    'payslip-2026-11-E-002.pdf',
  ]);
  assert.ok(files.every((file) => file.bytes > 10_000));
});

test('two payslips for one file name are refused before anything is written', async () => {
  const outDir = join(outRoot, 'duplicates');
  const input = views(3);
  input[2] = { ...input[2]!, payslipId: input[0]!.payslipId };
  await assert.rejects(renderPayslips(input, outDir), (error: unknown) => {
    assert.ok(error instanceof ValidationError);
    assert.equal(error.field, 'views[2].payslipId');
    assert.match(error.shortMessage, /Payslips 1 and 3 would both be written to payslip-2026-11-E-000\.pdf/);
    return true;
  });
  assert.throws(() => readdirSync(outDir), /ENOENT/);
});

test('a payslip that cannot be rendered fails the call and leaves no files behind', async () => {
  const outDir = join(outRoot, 'failing');
  const input = views(70);
  // A token amount with an impossible number of decimals makes rendering throw inside a worker.
  input[60] = { ...input[60]!, cryptoPayouts: [{ ...input[60]!.cryptoPayouts[0]!, tokenDecimals: -1 }] };
  await assert.rejects(renderPayslips(input, outDir, { concurrency: 2 }), /decimals must be a whole number/);
  assert.deepEqual(readdirSync(outDir), []);
});
