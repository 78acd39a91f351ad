import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Address, Chain, PublicClient, Transport } from 'viem';
import type { Tables } from '../../db/Tables.js';
import { NotFoundError, RetryableError } from '../../errors/BaseError.js';
import type { RegistryModel } from '../../risk/registry/createModelRegistry.js';
import { readModelVersion } from './readModelVersion.js';

export type CreateRegistryModelFetcherParameters = {
  db: Kysely<Tables>;
  publicClient: PublicClient<Transport, Chain>;
  chainId: number;
  registry: Address;
  /** Largest model file fetched over HTTP; default 64 MiB. */
  maxBytes?: number | undefined;
};

/**
 * The risk engine's `registry:N` seam: reads version N's record from the on-chain registry and its file — the copy
 * Tandem kept when it published the version, else the record's URI (file: or http(s):) — and hands both to the risk
 * engine, which refuses the file unless it hashes to the on-chain sha256.
 * @example createRiskEngine({ …, fetchRegistryVersion: createRegistryModelFetcher({ db, publicClient, chainId, registry }) })
 */
export function createRegistryModelFetcher(
  parameters: CreateRegistryModelFetcherParameters,
): (version: number) => Promise<RegistryModel> {
  const { db, publicClient, chainId, registry } = parameters;
  const maxBytes = parameters.maxBytes ?? 64 * 1024 * 1024;
  return async (version) => {
    const record = await readModelVersion({ publicClient, registry, version });
    const kept = await db
      .selectFrom('network_model_versions')
      .select('file_path')
      .where('chain_id', '=', chainId)
      .where('registry', '=', registry.toLowerCase())
      .where('version', '=', version)
      .executeTakeFirst();
    if (kept?.file_path && existsSync(kept.file_path))
      return { text: readFileSync(kept.file_path, 'utf8'), expectedHash: record.modelSha256 };
    return { text: await fetchUri(record.uri, version, maxBytes), expectedHash: record.modelSha256 };
  };
}

async function fetchUri(uri: string, version: number, maxBytes: number): Promise<string> {
  const url = URL.canParse(uri) ? new URL(uri) : undefined;
  if (url?.protocol === 'file:') {
    const path = fileURLToPath(url);
    if (!existsSync(path))
      throw new NotFoundError(`The file of registry version ${version} is not on this machine.`, {
        code: 'model-file-missing',
        details: `The registry points at ${uri}.`,
      });
    return readFileSync(path, 'utf8');
  }
  if (url?.protocol === 'https:' || url?.protocol === 'http:') {
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    } catch (cause) {
      throw new RetryableError(`The file of registry version ${version} could not be fetched from ${url.origin}.`, {
        cause,
      });
    }
    if (!response.ok)
      throw new NotFoundError(
        `The file of registry version ${version} could not be fetched (HTTP ${response.status}).`,
        {
          code: 'model-file-missing',
          details: `The registry points at ${uri}.`,
        },
      );
    // Read at most maxBytes, whatever the server claims: a model file is megabytes, never unbounded.
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
      size += chunk.value.length;
      if (size > maxBytes) {
        await reader?.cancel();
        throw new NotFoundError(`The file of registry version ${version} is larger than ${maxBytes} bytes.`, {
          code: 'model-file-too-large',
        });
      }
      chunks.push(chunk.value);
    }
    const bytes = Buffer.concat(chunks);
    return new TextDecoder().decode(bytes);
  }
  throw new NotFoundError(`Registry version ${version}'s file cannot be fetched from "${uri}".`, {
    code: 'model-file-missing',
    details: 'Tandem fetches file:, http: and https: URIs.',
  });
}
