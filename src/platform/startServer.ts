import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { ensureFirstUser, type FirstUserResult } from '../api/auth/ensureFirstUser.js';
import { createApi } from '../api/createApi.js';
import type { Config } from '../config/loadConfig.js';
import { ConfigError } from '../errors/BaseError.js';
import { createPlatform } from './createPlatform.js';
import type { Platform } from './Platform.js';
import { removeServerFile, writeServerFile } from './serverFile.js';
import { type EmbeddedCoordinator, startNetworkCoordinator } from './startNetworkCoordinator.js';
import { tuneGarbageCollector } from './tuneGarbageCollector.js';

export type RunningServer = {
  platform: Platform;
  apiUrl: string;
  rpcUrl: string | undefined;
  /** The open network coordinator's URL, unless it is off (`--no-network`). */
  networkUrl: string | undefined;
  /** An admin API key created on this start (first start only); also kept in `<dataDir>/admin-api-key`. */
  firstAdminKey: string | undefined;
  /** The first web-app user: created from TANDEM_ADMIN_EMAIL/PASSWORD, or whether any user exists yet. */
  firstUser: FirstUserResult;
  stop(): Promise<void>;
};

/**
 * `tandem start`: the platform, the HTTP API and — for the embedded chain — its JSON-RPC endpoint, in one process.
 * Ports are checked before anything is opened, so a taken port fails fast and leaves the data folder untouched.
 */
export async function startServer(config: Config): Promise<RunningServer> {
  await assertPortFree(config.apiHost, config.apiPort, '--api-port');
  if (!config.rpcUrl) await assertPortFree('127.0.0.1', config.rpcPort, '--rpc-port');
  if (config.networkCoordinator === 'on') await assertPortFree(config.apiHost, config.networkPort, '--network-port');
  const started = performance.now();
  const scavengeAlone = tuneGarbageCollector();
  const platform = await createPlatform(config, { purpose: 'tandem start' });
  const log = platform.logger;
  let coordinator: EmbeddedCoordinator | undefined;
  try {
    const firstAdminKey = await ensureAdminKey(platform);
    const firstUser = await ensureFirstUser(platform);
    const rpcServer = platform.chain.embedded
      ? await platform.chain.embedded.serve({ port: config.rpcPort, portFlag: '--rpc-port' })
      : undefined;
    const api = createApi({ platform });
    const httpServer = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const server = serve({ fetch: api.fetch, hostname: config.apiHost, port: config.apiPort }, () => resolve(server));
      server.once('error', reject);
    });
    const address = httpServer.address();
    const port = typeof address === 'object' && address ? address.port : config.apiPort;
    const apiUrl = `http://${config.apiHost}:${port}`;
    platform.chain.indexer.start(1_000);
    if (config.networkCoordinator === 'on')
      coordinator = await startNetworkCoordinator({
        platform,
        host: config.apiHost,
        port: config.networkPort,
        validationCsv: config.networkValidation,
      });
    writeServerFile(config.dataDir, {
      pid: process.pid,
      apiUrl,
      rpcUrl: rpcServer?.url,
      startedAt: new Date().toISOString(),
    });
    log.info(
      {
        apiUrl,
        rpcUrl: rpcServer?.url ?? platform.chain.rpcUrl,
        networkUrl: coordinator?.url,
        database: platform.database.describe,
        gc: scavengeAlone ? 'scavenges on the main thread alone (2 cores or fewer)' : 'V8 defaults',
        ms: Math.round(performance.now() - started),
      },
      'Tandem is running',
    );

    let stopping: Promise<void> | undefined;
    return {
      platform,
      apiUrl,
      rpcUrl: rpcServer?.url,
      networkUrl: coordinator?.url,
      firstAdminKey,
      firstUser,
      stop() {
        stopping ??= (async () => {
          removeServerFile(config.dataDir);
          await coordinator?.stop();
          await new Promise<void>((resolve) => httpServer.close(() => resolve()));
          await rpcServer?.close();
          await platform.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await coordinator?.stop();
    await platform.close();
    throw error;
  }
}

async function ensureAdminKey(platform: Platform): Promise<string | undefined> {
  const path = join(platform.config.dataDir, 'admin-api-key');
  if ((await platform.apiKeys.list()).some((key) => key.role === 'admin' && !key.revokedAt) && existsSync(path))
    return undefined;
  const { key, secret } = await platform.apiKeys.create({
    name: 'first admin (created by tandem start)',
    role: 'admin',
  });
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  await platform.audit.append({
    actor: 'system',
    action: 'api-key.create',
    subject: `api-key:${key.id}`,
    data: { role: 'admin', reason: 'first start' },
  });
  return secret;
}

function assertPortFree(host: string, port: number, flag: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new ConfigError(`Port ${port} on ${host} is already in use.`, {
          details: `Another program (or another Tandem) listens there. Stop it, or choose another port with ${flag}.`,
          field: flag,
          cause: error,
        }),
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
