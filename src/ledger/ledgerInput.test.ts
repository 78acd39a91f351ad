import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../errors/BaseError.js';
import { assertIsoDate } from './ledgerInput.js';

test('assertIsoDate accepts calendar days only', () => {
  for (const day of ['2025-01-31', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31']) assertIsoDate(day, 'date');
  for (const day of [
    '2025-02-29',
    '1900-02-29',
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '0000-01-01',
    '2025-1-1',
    '2025-01-31T00:00',
    20250131,
    undefined,
  ])
    assert.throws(
      () => assertIsoDate(day, 'date'),
      (error) => error instanceof ValidationError && error.field === 'date',
    );
});
