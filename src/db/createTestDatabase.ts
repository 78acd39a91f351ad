import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createDatabase, type Database } from './createDatabase.js';
import { migrateToLatest } from './migrate.js';

/**
 * A fresh, migrated database for one test: in-memory PGlite, or — when DATABASE_URL is set, as CI does for the
 * second pass of the suite — a throwaway schema on that Postgres server, dropped again by `close`.
 */
export async function createTestDatabase(): Promise<Database> {
  const databaseUrl = process.env.DATABASE_URL;
  const schema = databaseUrl ? `test_${randomBytes(6).toString('hex')}` : undefined;
  const database = await createDatabase({ databaseUrl, schema });
  await migrateToLatest(database.db);
  if (!schema) return database;
  return {
    ...database,
    async close() {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db).catch(() => {});
      await database.close();
    },
  };
}
