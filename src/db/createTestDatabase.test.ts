import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase } from './createTestDatabase.js';

test('a test database is migrated and parses int8 as bigint', async () => {
  const database = await createTestDatabase();
  try {
    const { rows } = await sql<{ big: bigint }>`select 9007199254740993::int8 as big`.execute(database.db);
    assert.equal(rows[0]?.big, 9007199254740993n);
  } finally {
    await database.close();
  }
});
