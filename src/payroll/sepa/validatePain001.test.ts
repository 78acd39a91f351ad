import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../errors/BaseError.js';
import { validatePain001 } from './validatePain001.js';
import { writePain001 } from './writePain001.js';

const valid = writePain001({
  messageId: 'MSG-2026-11',
  createdAt: new Date('2026-11-25T10:00:00Z'),
  requestedExecutionDate: '2026-11-27',
  debtor: { name: 'Tandem Demo GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', country: 'DE' },
  lines: [
    {
      endToEndId: 'E-1',
      amountMinor: 100n,
      currency: 'EUR',
      creditor: { name: 'Ann', iban: 'NL91ABNA0417164300' },
      remittance: 'Salary 2026-11',
    },
  ],
});

test('a file the schema refuses is reported with the line and the reason', async () => {
  assert.deepEqual(await validatePain001(valid), { valid: true, errors: [] });
  const broken = valid
    .replace('<InstdAmt Ccy="EUR">1.00</InstdAmt>', '<InstdAmt Ccy="EUR">1.001234</InstdAmt>')
    .replace('<ChrgBr>SLEV</ChrgBr>', '<ChrgBr>OUR</ChrgBr>');
  const result = await validatePain001(broken);
  assert.equal(result.valid, false);
  assert.equal(result.errors.length, 2);
  assert.match(result.errors[0]!, /^line 22: .*ChrgBr.*'OUR'/);
  assert.match(result.errors[1]!, /^line 25: .*InstdAmt.*fractionDigits/);
  const wrongNamespace = await validatePain001(valid.replace('pain.001.001.03">', 'pain.001.001.09">'));
  assert.equal(wrongNamespace.valid, false);
  assert.equal((await validatePain001('<Document>')).valid, false);
});

test('a missing schema file is a configuration error, not an invalid document', async () => {
  await assert.rejects(validatePain001(valid, { schemaFile: '/nonexistent/pain.001.001.03.xsd' }), ConfigError);
});
