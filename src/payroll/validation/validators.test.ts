import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBic } from './parseBic.js';
import { parseCountryCode } from './parseCountryCode.js';
import { parseCurrencyCode } from './parseCurrencyCode.js';
import { parseEmail } from './parseEmail.js';
import { parseLei } from './parseLei.js';

test('BIC: 8 or 11 characters, ISO 9362 shape, a real country', () => {
  for (const bic of ['DEUTDEFF', 'NWBKGB2L', 'BNPAFRPPXXX', 'ABNANL2A', 'HABAEE2X', 'COBADEFFXXX'])
    assert.equal(parseBic(bic), bic);
  assert.equal(parseBic('deutdeff'), 'DEUTDEFF');
  assert.throws(() => parseBic('DEUTDEF'), /8 or 11 characters, this one has 7/);
  assert.throws(() => parseBic('DEUTDEFF1'), /8 or 11 characters/);
  assert.throws(() => parseBic('DEU1DEFF'), /is not a BIC/);
  assert.throws(() => parseBic('DEUTDEFO'), /is not a BIC/); // a location ending in O marks a test BIC
  assert.throws(() => parseBic('DEUTDE1F'), /is not a BIC/);
  assert.throws(() => parseBic('DEUTZZFF'), /"ZZ" in the BIC is not an ISO 3166 country code/);
  assert.equal(parseBic('RBKOXKPR'), 'RBKOXKPR'); // Kosovo: XK, as SWIFT uses it
});

test('LEI: 20 characters with ISO 7064 mod-97 check digits', () => {
  for (const lei of ['506700GE1G29325QX363', '7LTWFZYICNSX8D621K86', '5493001KJTIIGC8Y1R12', 'HWUPKR0MPOU8FGXBT394'])
    assert.equal(parseLei(lei), lei);
  assert.throws(() => parseLei('506700GE1G29325QX364'), /check digits do not match/);
  assert.throws(() => parseLei('506700GE1G29325QX36'), /20 characters/);
});

test('email, country and currency codes', () => {
  assert.equal(parseEmail(' zoe.angstrom+pay@Example.COM '), 'zoe.angstrom+pay@example.com');
  for (const bad of ['zoe', 'zoe@', '@example.com', 'zoe@example', 'zoe@@example.com', 'zoë@example.com', 'a b@c.de'])
    assert.throws(() => parseEmail(bad), { name: 'ValidationError', field: 'email' } as never, bad);
  assert.equal(parseCountryCode('de'), 'DE');
  assert.throws(
    () => parseCountryCode('UK'),
    (error: Error & { details?: string }) => /GB/.test(error.details ?? ''),
  );
  assert.throws(() => parseCountryCode('DEU'), /not an ISO 3166-1 alpha-2/);
  assert.equal(parseCurrencyCode('eur'), 'EUR');
  assert.throws(() => parseCurrencyCode('USDC'), /not an ISO 4217/);
});
