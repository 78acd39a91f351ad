import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApi } from '../api/createApi.js';
import type { Problem } from '../api/problem.js';
import type { Config } from '../config/loadConfig.js';
import { ConfigError } from '../errors/BaseError.js';
import { createPlatform } from '../platform/createPlatform.js';
import type { Platform } from '../platform/Platform.js';
import { readRunningServer } from '../platform/serverFile.js';
import { CliError } from './CliError.js';

export type CliClient = {
  /** `remote`: a running `tandem start` answered; `local`: the data folder was opened in this process. */
  mode: 'remote' | 'local';
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** The platform, in local mode only (for commands that stream files or need progress callbacks). */
  platform: Platform | undefined;
  close(): Promise<void>;
};

/**
 * Every CLI command goes through the HTTP API: over HTTP to the server that runs on this data folder, or — when
 * none runs — to the same API in this process, on the data folder opened directly. One code path, two transports.
 */
export async function createCliClient(config: Config): Promise<CliClient> {
  const server = readRunningServer(config.dataDir);
  if (server) {
    const apiKey = process.env.TANDEM_API_KEY ?? readLocalAdminKey(config.dataDir);
    return {
      mode: 'remote',
      platform: undefined,
      async request(method, path, body) {
        const response = await fetch(server.apiUrl + path, {
          method,
          headers: {
            authorization: `Bearer ${apiKey}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return parse(response);
      },
      async close() {},
    };
  }
  const platform = await createPlatform(config, { purpose: 'cli' });
  const api = createApi({ platform, localPrincipal: { keyId: 'local-cli', name: 'local CLI', role: 'admin' } });
  return {
    mode: 'local',
    platform,
    async request(method, path, body) {
      const response = await api.request(path, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      return parse(response);
    },
    close: () => platform.close(),
  };
}

async function parse<T>(response: Response): Promise<T> {
  const text = await response.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok)
    throw new CliError(
      (body as Problem) ?? { type: 'about:blank', title: response.statusText, status: response.status },
    );
  return body as T;
}

function readLocalAdminKey(dataDir: string): string {
  const path = join(dataDir, 'admin-api-key');
  if (!existsSync(path))
    throw new ConfigError('A Tandem server is running but no API key was found.', {
      details: `Set TANDEM_API_KEY or keep ${path}.`,
      field: 'TANDEM_API_KEY',
    });
  return readFileSync(path, 'utf8').trim();
}
