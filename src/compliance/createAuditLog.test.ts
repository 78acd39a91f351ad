import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase } from '../db/createTestDatabase.js';
import { createAuditLog } from './createAuditLog.js';

test('the audit trail chains events and detects tampering that bypasses the trigger', async () => {
  const database = await createTestDatabase();
  try {
    const audit = createAuditLog({ db: database.db });
    await audit.append({ actor: 'key:admin', action: 'company.create', subject: 'company:1', data: { b: 2, a: 1 } });
    await audit.append({ actor: 'key:admin', action: 'payrun.approve', subject: 'payrun:7' });
    assert.deepEqual(await audit.verify(), { ok: true, events: 2 });

    await assert.rejects(sql`update audit_events set actor = 'x'`.execute(database.db), /append-only/);
    await assert.rejects(sql`delete from audit_events`.execute(database.db), /append-only/);

    // Someone with superuser rights disables the trigger and edits history: verify must notice.
    await sql`alter table audit_events disable trigger audit_events_no_change`.execute(database.db);
    await sql`update audit_events set actor = 'mallory' where seq = 1`.execute(database.db);
    const result = await audit.verify();
    assert.equal(result.ok, false);
    assert.equal(result.brokenAt, 1n);
  } finally {
    await database.close();
  }
});
