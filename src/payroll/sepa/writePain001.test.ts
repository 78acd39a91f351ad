import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ValidationError } from '../../errors/BaseError.js';
import { createEndToEndId } from './createEndToEndId.js';
import { createMessageId } from './createMessageId.js';
import { validatePain001 } from './validatePain001.js';
import { type Pain001Input, type Pain001Line, writePain001 } from './writePain001.js';

// Every file these tests write is validated against the XSD by the last test (one xmllint run per file), and
// kept under the OS temp folder for a look when it fails.
const written: { name: string; xml: string }[] = [];
const outDir = join(tmpdir(), `tandem-pain001-${process.pid}`);
mkdirSync(outDir, { recursive: true });
function write(name: string, input: Pain001Input): string {
  const xml = writePain001(input);
  written.push({ name, xml });
  writeFileSync(join(outDir, `${name}.xml`), xml);
  return xml;
}

const payRunId = '0b6f5a2e-7c1d-4e8f-9a0b-1c2d3e4f5a6b';
const ibans = ['DE89370400440532013000', 'FR1420041010050500013M02606', 'NL91ABNA0417164300', 'GB82WEST12345698765432'];
function line(index: number, overrides: Partial<Pain001Line> = {}): Pain001Line {
  return {
    endToEndId: createEndToEndId({ payRunId, employeeId: `E-${index}` }),
    amountMinor: 250_000n + BigInt(index),
    currency: 'EUR',
    creditor: { name: `Employee ${index}`, iban: ibans[index % ibans.length]!, bic: 'DEUTDEFF' },
    remittance: 'Salary 2026-11',
    ...overrides,
  };
}
function input(lines: Pain001Line[], overrides: Partial<Pain001Input> = {}): Pain001Input {
  return {
    messageId: createMessageId(payRunId),
    createdAt: new Date('2026-11-25T09:30:15.123Z'),
    requestedExecutionDate: '2026-11-27',
    debtor: {
      name: 'Tandem Demo GmbH',
      iban: 'DE02 1203 0000 0000 2020 51',
      bic: 'BYLADEM1001',
      country: 'DE',
      addressLines: ['Hauptstraße 1', '10115 Berlin'],
    },
    lines,
    ...overrides,
  };
}
function element(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}(?: [^>]*)?>([^<]*)</${name}>`, 'g'))].map((m) => m[1]!);
}

test('one salary transfer: header, payment block and transaction carry what the bank needs', () => {
  const xml = write('one-line', input([line(1, { amountMinor: 123_456n })]));
  assert.match(
    xml,
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain\.001\.001\.03">/,
  );
  assert.deepEqual(element(xml, 'MsgId'), [createMessageId(payRunId)]);
  assert.deepEqual(element(xml, 'CreDtTm'), ['2026-11-25T09:30:15']);
  assert.deepEqual(element(xml, 'NbOfTxs'), ['1', '1']);
  assert.deepEqual(element(xml, 'CtrlSum'), ['1234.56', '1234.56']);
  assert.deepEqual(element(xml, 'InstdAmt'), ['1234.56']);
  assert.match(xml, /<InstdAmt Ccy="EUR">1234\.56<\/InstdAmt>/);
  assert.deepEqual(element(xml, 'PmtMtd'), ['TRF']);
  assert.deepEqual(element(xml, 'BtchBookg'), ['true']);
  assert.match(xml, /<PmtTpInf><SvcLvl><Cd>SEPA<\/Cd><\/SvcLvl><CtgyPurp><Cd>SALA<\/Cd><\/CtgyPurp><\/PmtTpInf>/);
  assert.match(xml, /<Purp><Cd>SALA<\/Cd><\/Purp>/);
  assert.deepEqual(element(xml, 'ReqdExctnDt'), ['2026-11-27']);
  assert.deepEqual(element(xml, 'ChrgBr'), ['SLEV']);
  assert.deepEqual(element(xml, 'IBAN'), ['DE02120300000000202051', 'FR1420041010050500013M02606']);
  assert.deepEqual(element(xml, 'BIC'), ['BYLADEM1001', 'DEUTDEFF']);
  assert.deepEqual(element(xml, 'AdrLine'), ['Hauptstrasse 1', '10115 Berlin']);
  assert.deepEqual(element(xml, 'Ctry'), ['DE']);
  assert.deepEqual(element(xml, 'Ustrd'), ['Salary 2026-11']);
  assert.deepEqual(element(xml, 'EndToEndId'), [createEndToEndId({ payRunId, employeeId: 'E-1' })]);
});

test('1,000 transfers: control sums are the exact sum of the cents, EndToEndIds unique', () => {
  const lines = Array.from({ length: 1000 }, (_, i) => line(i, { amountMinor: 1n + BigInt(i) * 1_234_567n }));
  const xml = write('thousand-lines', input(lines));
  const expected = lines.reduce((sum, l) => sum + l.amountMinor, 0n);
  const [groupSum, blockSum] = element(xml, 'CtrlSum');
  assert.equal(groupSum, `${expected / 100n}.${String(expected % 100n).padStart(2, '0')}`);
  assert.equal(blockSum, groupSum);
  assert.deepEqual(element(xml, 'NbOfTxs'), ['1000', '1000']);
  assert.equal(new Set(element(xml, 'EndToEndId')).size, 1000);
  assert.equal(element(xml, 'InstdAmt')[0], '0.01');
  assert.equal(element(xml, 'InstdAmt')[999], '12333324.34');
});

test('the largest and smallest amounts are exact, and 1,000 maximal ones still fit the control sum', () => {
  const xml = write('max-amounts', input([line(1, { amountMinor: 99_999_999_999n }), line(2, { amountMinor: 1n })]));
  assert.deepEqual(element(xml, 'InstdAmt'), ['999999999.99', '0.01']);
  assert.deepEqual(element(xml, 'CtrlSum'), ['1000000000.00', '1000000000.00']);
  const many = write(
    'thousand-max-amounts',
    input(Array.from({ length: 1000 }, (_, i) => line(i, { amountMinor: 99_999_999_999n }))),
  );
  assert.deepEqual(element(many, 'CtrlSum'), ['999999999990.00', '999999999990.00']);
});

test('names in any script become SEPA text: accents stripped, Greek and Cyrillic transliterated, CJK as ?', () => {
  const names = ['Zoë Dubois-Lefèvre', 'Γιώργος Παπαδόπουλος', 'Юрий Щукин', '王小明', 'محمد علي', 'A & B <Co>'];
  const xml = write(
    'names-any-script',
    input(
      names.map((name, i) =>
        line(i, { creditor: { name, iban: ibans[i % ibans.length]! }, remittance: `Gehalt für ${name} — Nov.` }),
      ),
      { debtor: { name: 'Ærø Søn & Ξενία ΑΕ', iban: 'DE89370400440532013000', bic: 'COBADEFF', country: 'DK' } },
    ),
  );
  assert.deepEqual(element(xml, 'Nm'), [
    'AEro Son + Xenia AE',
    'AEro Son + Xenia AE',
    'Zoe Dubois-Lefevre',
    'Giorgos Papadopoulos',
    'Iurii Shchukin',
    '???',
    '???? ???',
    'A + B (Co)',
  ]);
  assert.equal(element(xml, 'Ustrd')[0], 'Gehalt fur Zoe Dubois-Lefevre - Nov.');
  // No BIC given: IBAN-only transfer without a creditor agent.
  assert.equal(element(xml, 'BIC').length, 1);
});

test('long names and remittance texts are cut to 70 and 140 characters', () => {
  const xml = write(
    'long-texts',
    input([
      line(1, { creditor: { name: `${'Maximilian '.repeat(10)}Ü`, iban: ibans[0]! }, remittance: 'ß'.repeat(200) }),
    ]),
  );
  const [, , name] = element(xml, 'Nm');
  assert.equal(name, 'Maximilian Maximilian Maximilian Maximilian Maximilian Maximilian Maxi');
  assert.equal(name!.length, 70);
  assert.equal(element(xml, 'Ustrd')[0], 's'.repeat(140));
});

test('the same run gives byte-identical files', () => {
  const lines = Array.from({ length: 20 }, (_, i) => line(i));
  assert.equal(writePain001(input(lines)), writePain001(input(lines.map((l) => ({ ...l })))));
});

test('batch booking can be turned off, and the payment information id set', () => {
  const xml = write('no-batch-booking', input([line(1)], { batchBooking: false, paymentInformationId: 'RUN-2026-11' }));
  assert.deepEqual(element(xml, 'BtchBookg'), ['false']);
  assert.deepEqual(element(xml, 'PmtInfId'), ['RUN-2026-11']);
});

function rejects(value: Pain001Input, field: string, message: RegExp) {
  assert.throws(
    () => writePain001(value),
    (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.equal(error.field, field);
      assert.match(error.shortMessage, message);
      return true;
    },
  );
}

test('bad lines are refused with the line named, and every problem is listed', () => {
  rejects(
    input([line(0), line(1), line(2, { creditor: { name: 'Ann', iban: 'DE89370400440532013001' } })]),
    'lines[2].creditor.iban',
    /^Line 3 \(E-2-[0-9a-f]{20}\): "DE89370400440532013001" is not a valid IBAN/,
  );
  rejects(input([line(0), line(1, { currency: 'USD' as 'EUR' })]), 'lines[1].currency', /Line 2 .*EUR only, not USD/);
  rejects(
    input([line(0, { amountMinor: 0n })]),
    'lines[0].amountMinor',
    /from 0\.01 to 999,999,999\.99 EUR, not 0 cents/,
  );
  rejects(input([line(0, { amountMinor: -5n })]), 'lines[0].amountMinor', /not -5 cents/);
  rejects(input([line(0, { amountMinor: 100_000_000_000n })]), 'lines[0].amountMinor', /Line 1/);
  rejects(input([line(0, { amountMinor: 1234.56 as unknown as bigint })]), 'lines[0].amountMinor', /whole cents/);
  rejects(input([line(0), line(1, { endToEndId: line(0).endToEndId })]), 'lines[1].endToEndId', /also used by line 1/);
  rejects(input([line(0, { endToEndId: 'a'.repeat(36) })]), 'lines[0].endToEndId', /1 to 35 characters/);
  rejects(input([line(0, { endToEndId: 'RUN//1' })]), 'lines[0].endToEndId', /'\/\/'/);
  rejects(input([line(0, { endToEndId: 'Zoë-1' })]), 'lines[0].endToEndId', /EndToEndId "Zoë-1"/);
  rejects(input([line(0, { creditor: { name: '  ', iban: ibans[0]! } })]), 'lines[0].creditor.name', /name is empty/);
  rejects(
    input([line(0, { creditor: { name: 'Ann', iban: ibans[0]!, bic: 'NOTABIC' } })]),
    'lines[0].creditor.bic',
    /not a valid BIC/,
  );
  rejects(input([]), 'lines', /at least one transfer/);
  rejects(input([line(0)], { requestedExecutionDate: '2026-02-30' }), 'requestedExecutionDate', /YYYY-MM-DD/);
  rejects(input([line(0)], { createdAt: new Date('nonsense') }), 'createdAt', /valid date/);
  rejects(input([line(0)], { messageId: 'x'.repeat(40) }), 'messageId', /message id/);
  rejects(
    input([line(0)], { debtor: { name: 'Co', iban: 'DE00', bic: 'BYLADEM1001', country: 'DE' } }),
    'debtor.iban',
    /company IBAN/,
  );
  rejects(
    input([line(0)], { debtor: { name: 'Co', iban: ibans[0]!, bic: 'BYLADEM1001', country: 'Germany' } }),
    'debtor.country',
    /ISO 3166/,
  );

  try {
    writePain001(
      input([
        line(0, { amountMinor: 0n }),
        line(1),
        line(2, { creditor: { name: 'Bo', iban: 'XX00' }, currency: 'GBP' as 'EUR' }),
      ]),
    );
    assert.fail('expected a ValidationError');
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    assert.match(
      error.details ?? '',
      /^3 problems: lines\[0\]\.amountMinor: .*lines\[2\]\.currency: .*lines\[2\]\.creditor\.iban: /,
    );
  }
});

// Runs last (tests in a file run in order): the suite's promise that every SEPA file it writes is valid.
test('every file written above is valid against the pain.001.001.03 schema', async () => {
  assert.equal(written.length, 7);
  for (const { name, xml } of written) {
    const result = await validatePain001(xml);
    assert.deepEqual(result, { valid: true, errors: [] }, `${name}.xml in ${outDir}`);
  }
});
