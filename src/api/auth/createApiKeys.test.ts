import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../db/createDatabase.js';
import { createTestDatabase } from '../../db/createTestDatabase.js';
import { createApiKeys } from './createApiKeys.js';

let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

describe('API keys', () => {
  test('a key authenticates as its role; a revoked key is refused at once by the server that revoked it', async () => {
    const keys = createApiKeys({ db: database.db });
    const { key, secret } = await keys.create({ name: 'payroll bot', role: 'approver' });
    assert.deepEqual(await keys.authenticate(secret), { keyId: key.id, name: 'payroll bot', role: 'approver' });
    assert.deepEqual(await keys.authenticate(secret), { keyId: key.id, name: 'payroll bot', role: 'approver' });
    await keys.revoke(key.id);
    await assert.rejects(keys.authenticate(secret), { name: 'AuthError', message: 'The API key is not valid.' });
    await assert.rejects(keys.authenticate(`${secret}x`), { name: 'AuthError' });
  });

  test('a key revoked by another server on the same database is refused once the remembered answer expires', async () => {
    const here = createApiKeys({ db: database.db, cacheSeconds: 0.3 });
    const elsewhere = createApiKeys({ db: database.db });
    const { key, secret } = await here.create({ name: 'ci', role: 'viewer' });
    assert.equal((await here.authenticate(secret)).role, 'viewer');
    await elsewhere.revoke(key.id);
    // Within the window the remembered answer stands (that is the point of remembering it)…
    assert.equal((await here.authenticate(secret)).role, 'viewer');
    await new Promise((resolve) => setTimeout(resolve, 400));
    // …and after it the database decides again.
    await assert.rejects(here.authenticate(secret), { name: 'AuthError' });
  });
});
