import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { NonRetryableError } from '../errors/BaseError.js';

const migrationsFolder = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Reads `migrations/NNNN_name.ts` in name order; each domain adds its own numbered files there. */
const folderMigrationProvider: MigrationProvider = {
  async getMigrations() {
    const names = (await readdir(migrationsFolder)).filter((name) => /^\d{4}_.*\.ts$/.test(name)).sort();
    const migrations: Record<string, Migration> = {};
    for (const name of names) {
      migrations[name.replace(/\.ts$/, '')] = (await import(pathToFileURL(migrationsFolder + name).href)) as Migration;
    }
    return migrations;
  },
};

/** Brings the schema up to date; each migration runs in its own transaction, so a failure leaves no half-applied one. */
// biome-ignore lint/suspicious/noExplicitAny: migrations work on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<{ applied: string[] }> {
  // Kysely looks for its bookkeeping tables in every schema unless told which: on a shared server another schema's
  // kysely_migration_lock would make it skip creating ours. Pin them to the schema this connection works in.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  const migrator = new Migrator({
    db,
    provider: folderMigrationProvider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  // On a shared Postgres server, Kysely's table introspection reads every schema; a schema that another process
  // drops at that moment (test databases do) fails the look-up. That is transient: each migration commits on its own,
  // so trying again continues where it stopped.
  let { error, results } = await migrator.migrateToLatest();
  for (let attempt = 1; error && attempt <= 3 && isConcurrentSchemaChange(error); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new NonRetryableError(`Database migration ${failed ?? ''} failed.`, { cause: error, code: 'migration' });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

function isConcurrentSchemaChange(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '3F000' || code === '42P01' || code === '42703' || code === 'XX000';
}
