import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../../errors/BaseError.js';
import { parseIban } from './parseIban.js';

// Example IBANs as the national banking associations and the SWIFT IBAN Registry publish them.
const published = [
  'DE89 3704 0044 0532 0130 00',
  'GB29 NWBK 6016 1331 9268 19',
  'FR14 2004 1010 0505 0001 3M02 606',
  'NL91 ABNA 0417 1643 00',
  'BE68 5390 0754 7034',
  'ES91 2100 0418 4502 0005 1332',
  'IT60 X054 2811 1010 0000 0123 456',
  'CH93 0076 2011 6238 5295 7',
  'AT61 1904 3002 3457 3201',
  'NO93 8601 1117 947',
  'MT84 MALT 0110 0001 2345 MTLC AST0 01S',
  'EE38 2200 2210 2014 5685',
  'PL61 1090 1014 0000 0712 1981 2874',
  'FI21 1234 5600 0007 85',
  'IE29 AIBK 9311 5212 3456 78',
  'PT50 0002 0123 1234 5678 9015 4',
  'SE45 5000 0000 0583 9825 7466',
];

test('published example IBANs are valid and come back in electronic form', () => {
  for (const iban of published) assert.equal(parseIban(iban), iban.replace(/ /g, ''));
  assert.equal(parseIban('de89370400440532013000'), 'DE89370400440532013000');
});

const reasonOf = (text: string) => {
  try {
    parseIban(text);
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    assert.equal(error.field, 'iban');
    return error.shortMessage;
  }
  assert.fail(`${text} was accepted`);
};

test('a mistyped or swapped character breaks the check digits', () => {
  assert.equal(reasonOf('DE89370400440532013001'), 'check digits do not match');
  assert.equal(reasonOf('DE89370400440532031000'), 'check digits do not match');
  assert.equal(reasonOf('GB28NWBK60161331926819'), 'check digits do not match');
});

test('wrong country, length and characters are named', () => {
  assert.match(reasonOf('US89370400440532013000'), /"US" is not a country that issues IBANs/);
  assert.match(reasonOf('DE8937040044053201300'), /a DE IBAN has 22 characters, this one has 21/);
  assert.match(reasonOf('NL91ABNA04171643001'), /a NL IBAN has 18 characters/);
  assert.match(reasonOf('DE89-3704-0044-0532-0130-00'), /only letters, digits and spaces/);
  assert.match(reasonOf('DEXX370400440532013000'), /check digits/);
  assert.match(reasonOf(''), /is empty/);
});
