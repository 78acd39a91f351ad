import assert from 'node:assert/strict';
import { test } from 'node:test';
import { currencyMinorUnits } from './currencyMinorUnits.js';
import { isCountryCode } from './isCountryCode.js';
import { isCurrencyCode } from './isCurrencyCode.js';
import { iso3166Countries } from './iso3166Countries.js';
import { iso4217Currencies } from './iso4217Currencies.js';

test('ISO 4217 minor units as ISO publishes them', () => {
  const expected: Record<string, number> = { EUR: 2, USD: 2, JPY: 0, KRW: 0, BHD: 3, KWD: 3, TND: 3, CLF: 4, UYW: 4 };
  for (const [code, units] of Object.entries(expected)) assert.equal(currencyMinorUnits(code), units, code);
  assert.ok(Object.keys(iso4217Currencies).length >= 150);
  for (const code of Object.keys(iso4217Currencies)) assert.match(code, /^[A-Z]{3}$/);
  assert.equal(isCurrencyCode('EUR'), true);
  for (const code of ['XAU', 'XTS', 'HRK', 'eur', 'toString', 'USDC']) assert.equal(isCurrencyCode(code), false, code);
  assert.throws(() => currencyMinorUnits('USDC'), { name: 'ValidationError' });
});

test('ISO 3166-1 alpha-2: all 249 assigned codes', () => {
  assert.equal(Object.keys(iso3166Countries).length, 249);
  for (const code of ['DE', 'FR', 'EE', 'AX', 'CW', 'SS', 'TW']) assert.equal(isCountryCode(code), true, code);
  for (const code of ['XK', 'UK', 'EU', 'de', 'constructor', '']) assert.equal(isCountryCode(code), false, code);
});
