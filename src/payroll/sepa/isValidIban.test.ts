import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidBic } from './isValidBic.js';
import { isValidIban, normalizeIban } from './isValidIban.js';

test('IBANs with the right check digits pass, in any spacing and case', () => {
  for (const iban of [
    'DE89 3704 0044 0532 0130 00',
    'FR14 2004 1010 0505 0001 3M02 606',
    'gb82 west 1234 5698 7654 32',
    'NL91ABNA0417164300',
    'MT84MALT011000012345MTLCAST001S',
  ])
    assert.equal(isValidIban(normalizeIban(iban)), true, iban);
});

test('a typo, a wrong shape or unnormalized input fails', () => {
  assert.equal(isValidIban('DE89370400440532013001'), false);
  assert.equal(isValidIban('DE88370400440532013000'), false);
  assert.equal(isValidIban('DE8937040044'), false);
  assert.equal(isValidIban('DE89 3704 0044 0532 0130 00'), false);
  assert.equal(isValidIban('1234567890123456'), false);
  assert.equal(isValidIban(''), false);
});

test('BICs of 8 or 11 characters pass; test BICs and wrong shapes fail', () => {
  assert.equal(isValidBic('COBADEFFXXX'), true);
  assert.equal(isValidBic('DEUTDEFF'), true);
  assert.equal(isValidBic('DEUTDEFO'), false);
  assert.equal(isValidBic('DEUTDE1F'), false);
  assert.equal(isValidBic('deutdeff'), false);
  assert.equal(isValidBic('DEUTDEFF50'), false);
});
