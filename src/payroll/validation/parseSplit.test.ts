import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSplit } from './parseSplit.js';

const company = { fiatAsset: 'EUR', cryptoAssets: ['USDC', 'EURC', 'ETH'] };

test('splits with integer and decimal percentages that add up to 100', () => {
  assert.deepEqual(parseSplit('EUR:60,USDC:40', company), [
    { asset: 'EUR', percent: '60' },
    { asset: 'USDC', percent: '40' },
  ]);
  assert.deepEqual(parseSplit('EUR:100', company), [{ asset: 'EUR', percent: '100' }]);
  assert.deepEqual(parseSplit(' eur : 33.3300 , usdc:33.33, ETH:33.34 ', company), [
    { asset: 'EUR', percent: '33.33' },
    { asset: 'USDC', percent: '33.33' },
    { asset: 'ETH', percent: '33.34' },
  ]);
  assert.deepEqual(parseSplit('EUR:0,USDC:100', company), [
    { asset: 'EUR', percent: '0' },
    { asset: 'USDC', percent: '100' },
  ]);
});

test('bad splits are refused with a reason', () => {
  const cases: [string, RegExp][] = [
    ['EUR:60,USDC:30', /add up to 90, not 100/],
    ['EUR:60,USDC:40.5', /add up to 100.5, not 100/],
    ['EUR:50,EUR:50', /EUR appears more than once/],
    ['EUR:50,DOGE:50', /"DOGE" is not an asset of this company \(EUR, USDC, EURC, ETH\)/],
    ['EUR:60;USDC:40', /is not ASSET:PERCENT/],
    ['EUR:60,,USDC:40', /empty entry/],
    ['EUR:-10,USDC:110', /cannot be negative/],
    ['EUR:33.33333,USDC:66.66667', /at most 4 decimals/],
    ['EUR:150', /more than 100 %/],
    ['', /is empty/],
    ['EUR', /is not ASSET:PERCENT/],
  ];
  for (const [text, reason] of cases)
    assert.throws(
      () => parseSplit(text, company),
      (error: Error & { field?: string; shortMessage?: string }) => {
        assert.equal(error.field, 'split');
        assert.match(error.shortMessage ?? '', reason, text);
        return true;
      },
    );
});

test('a company with its own crypto assets', () => {
  assert.deepEqual(parseSplit('EUR:50,WBTC:50', { fiatAsset: 'EUR', cryptoAssets: ['WBTC'] })[1], {
    asset: 'WBTC',
    percent: '50',
  });
  assert.throws(() => parseSplit('EUR:50,USDC:50', { fiatAsset: 'EUR', cryptoAssets: ['WBTC'] }), /not an asset/);
});
