import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { createDatabase } from './createDatabase.js';

test('embedded PGlite neither writes full-page images nor zero-fills new WAL segments (stalls on the request thread)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-db-'));
  const database = await createDatabase({ dataDir });
  try {
    const setting = async (name: string) =>
      (await sql<{ value: string }>`select current_setting(${name}) as value`.execute(database.db)).rows[0]?.value;
    assert.equal(await setting('full_page_writes'), 'off');
    assert.equal(await setting('wal_init_zero'), 'off');
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
