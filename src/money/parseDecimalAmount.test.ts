import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ValidationError } from '../errors/BaseError.js';
import { formatAmount } from './formatAmount.js';
import { parseDecimalAmount } from './parseDecimalAmount.js';

describe('parseDecimalAmount', () => {
  test('reads amounts at the scale of the currency', () => {
    assert.equal(parseDecimalAmount('1234.56', 'EUR'), 123456n);
    assert.equal(parseDecimalAmount('1234.5', 'EUR'), 123450n);
    assert.equal(parseDecimalAmount('1234', 'EUR'), 123400n);
    assert.equal(parseDecimalAmount('0.01', 'EUR'), 1n);
    assert.equal(parseDecimalAmount('1234', 'JPY'), 1234n);
    assert.equal(parseDecimalAmount('1.234', 'BHD'), 1234n);
    assert.equal(parseDecimalAmount('1.5', { decimals: 6 }), 1_500_000n);
    assert.equal(parseDecimalAmount('90071992547409.93', 'EUR'), 9007199254740993n);
  });

  test('refuses more decimals than the currency has, and never rounds', () => {
    assert.throws(() => parseDecimalAmount('1234.567', 'EUR'), /EUR has 2 decimals at most/);
    assert.throws(() => parseDecimalAmount('1234.0', 'JPY'), /JPY has no decimals/);
    assert.throws(() => parseDecimalAmount('1.2345', 'BHD'), /BHD has 3 decimals at most/);
  });

  for (const [text, hint] of [
    ['-12.00', /without a sign/],
    ['+12.00', /without a sign/],
    ['1e3', /exponent/],
    ['1,234.56', /no thousands separator/],
    ['1234,56', /dot for decimals/],
    ['1 234.56', /spaces/],
    [' 12', /spaces around/],
    ['', /empty/],
    ['.5', /both sides/],
    ['5.', /both sides/],
    ['1.2.3', /at most one dot/],
    ['abc', /at most one dot/],
    ['١٢٣', /at most one dot/],
  ] as const)
    test(`refuses ${JSON.stringify(text)} with a ValidationError that names the field`, () => {
      assert.throws(
        () => parseDecimalAmount(text, 'EUR', { field: 'gross_monthly' }),
        (error: unknown) =>
          error instanceof ValidationError && error.field === 'gross_monthly' && hint.test(error.details ?? ''),
      );
    });

  test('refuses an unknown currency', () => {
    assert.throws(() => parseDecimalAmount('1', 'EURO'), /not an ISO 4217 currency code/);
    assert.throws(() => parseDecimalAmount('1', 'eur'), /not an ISO 4217 currency code/);
  });
});

describe('formatAmount', () => {
  test('writes every decimal of the currency and reads back', () => {
    assert.equal(formatAmount(123456n, 'EUR'), '1234.56');
    assert.equal(formatAmount(5n, 'EUR'), '0.05');
    assert.equal(formatAmount(-5n, 'EUR'), '-0.05');
    assert.equal(formatAmount(1234n, 'BHD'), '1.234');
    assert.equal(formatAmount(1234567n, 'JPY', { grouping: true, withCode: true }), '1,234,567 JPY');
    assert.equal(formatAmount(123456789n, 'EUR', { grouping: true }), '1,234,567.89');
    assert.equal(formatAmount(1_500_000n, { decimals: 6 }), '1.500000');
    for (const amount of [0n, 1n, 99n, 100n, 123456789012345678n])
      assert.equal(parseDecimalAmount(formatAmount(amount, 'KWD'), 'KWD'), amount);
  });
});
