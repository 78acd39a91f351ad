import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../db/createDatabase.js';
import { createTestDatabase } from '../db/createTestDatabase.js';
import { ValidationError } from '../errors/BaseError.js';
import { sqlLiteral } from './sqlLiteral.js';

let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

test('any string survives the trip through a literal unchanged', async () => {
  const hostile = [
    "O'Brien",
    "'); drop table ledger_postings; --",
    'back\\slash\\',
    "\\'",
    "E'\\''",
    '$$ dollar $$',
    'multi\nline\ttab',
    'emoji 💸 and ünïcödé',
    '',
  ];
  for (const value of hostile) {
    const { rows } = await sql.raw<{ value: string }>(`select ${sqlLiteral(value, 'v')} as value`).execute(database.db);
    assert.equal(rows[0]?.value, value);
  }
  assert.throws(() => sqlLiteral('nul\0', 'description'), ValidationError);
});
