import { type Config, loadConfig } from '../config/loadConfig.js';
import { createTestDatabaseUrl } from '../db/createTestDatabaseUrl.js';

/**
 * The configuration of a whole `tandem start` in a test: free ports for the API, the chain and the network
 * coordinator, quiet logs, and on the suite's Postgres pass a schema of its own (see createTestDatabaseUrl).
 * @example const server = await startServer(await testServerConfig(dataDir))
 */
export async function testServerConfig(dataDir: string, schemaPrefix = 'srv'): Promise<Config> {
  return loadConfig({
    dataDir,
    apiPort: 0,
    rpcPort: 0,
    networkPort: 0,
    logLevel: 'warn',
    databaseUrl: await createTestDatabaseUrl(dataDir, schemaPrefix),
  });
}
