/**
 * For tests that start a whole server or run the `tandem` binary with their own data folder: on the suite's Postgres
 * pass (`DATABASE_URL` set), a schema of its own on that server — named after the data folder, created if missing —
 * as a URL whose connections use it (`search_path`); on the PGlite pass undefined, so the data folder embeds PGlite.
 * `dropTestDatabaseSchema` removes it again when the test is done.
 * @example startServer(loadConfig({ dataDir, databaseUrl: await createTestDatabaseUrl(dataDir) }))
 */
export async function createTestDatabaseUrl(dataDir: string, prefix = 'srv'): Promise<string | undefined> {
  const server = process.env.DATABASE_URL;
  if (!server) return undefined;
  const schema = schemaFor(dataDir, prefix);
  await onServer(server, `create schema if not exists ${schema}`);
  return `${server}${server.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** Drops the schema createTestDatabaseUrl made for this data folder (nothing on the PGlite pass). */
export async function dropTestDatabaseSchema(dataDir: string, prefix = 'srv'): Promise<void> {
  const server = process.env.DATABASE_URL;
  if (server) await onServer(server, `drop schema if exists ${schemaFor(dataDir, prefix)} cascade`);
}

function schemaFor(dataDir: string, prefix: string): string {
  return `${prefix}_${dataDir
    .replace(/[^a-z0-9]/gi, '')
    .slice(-12)
    .toLowerCase()}`;
}

async function onServer(server: string, statement: string): Promise<void> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
