import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../../errors/BaseError.js';

export type ServeJsonRpcParameters = {
  /** Default 127.0.0.1: the dev accounts are unlocked, so the chain is only for this machine. */
  host?: string | undefined;
  /** Default 8545, the port wallets try for a local chain; 0 picks a free one. */
  port?: number | undefined;
  /** The command-line flag that sets the port, named in the error when it is taken. */
  portFlag?: string | undefined;
};

export type JsonRpcServer = {
  /** `http://127.0.0.1:8545` */
  url: string;
  port: number;
  close(): Promise<void>;
};

type Eip1193Provider = { request(args: { method: string; params?: readonly unknown[] | undefined }): Promise<unknown> };
type JsonRpcRequest = { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };

const maxBodyBytes = 16 * 2 ** 20;

/**
 * Serves an EIP-1193 provider as JSON-RPC 2.0 over HTTP (single and batch requests), so that wallets, curl and viem's
 * `http` transport can use the embedded chain.
 * @example const { url } = await serveJsonRpc(chain.provider, { port: 8545 })
 */
export async function serveJsonRpc(
  provider: Eip1193Provider,
  parameters: ServeJsonRpcParameters = {},
): Promise<JsonRpcServer> {
  const host = parameters.host ?? '127.0.0.1';
  const port = parameters.port ?? 8545;
  const server = createServer((request, response) => {
    handle(provider, request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, errorResponse(null, -32603, (error as Error).message));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(
          new ConfigError(
            `Port ${port} on ${host} is already in use: the embedded chain cannot serve JSON-RPC there.`,
            {
              code: 'port-in-use',
              field: parameters.portFlag ?? '--rpc-port',
              cause: error,
              details: `Stop the program that uses port ${port}, or choose another port with ${parameters.portFlag ?? '--rpc-port'} <port>.`,
            },
          ),
        );
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(provider: Eip1193Provider, request: IncomingMessage, response: ServerResponse) {
  // Browser dapps and the web app on another port may call the chain, as they may call `hardhat node` or Anvil.
  response.setHeader('Access-Control-Allow-Origin', '*');
  response.setHeader('Access-Control-Allow-Headers', 'content-type');
  response.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  if (request.method === 'OPTIONS') return send(response, 204);
  if (request.method !== 'POST')
    return send(response, 405, errorResponse(null, -32600, 'Send JSON-RPC 2.0 requests with POST.'));

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) return send(response, 413, errorResponse(null, -32600, 'Request body over 16 MiB.'));
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return send(response, 200, errorResponse(null, -32700, 'Parse error: the body is not JSON.'));
  }
  if (Array.isArray(body)) {
    if (body.length === 0) return send(response, 200, errorResponse(null, -32600, 'Empty batch.'));
    // In order, not in parallel: a batch of transactions must be mined in the order it was sent.
    const answers = [];
    for (const item of body) answers.push(await answer(provider, item as JsonRpcRequest));
    return send(response, 200, answers);
  }
  return send(response, 200, await answer(provider, body as JsonRpcRequest));
}

async function answer(provider: Eip1193Provider, request: JsonRpcRequest) {
  const id = request?.id ?? null;
  if (typeof request !== 'object' || request === null || typeof request.method !== 'string')
    return errorResponse(id, -32600, 'Invalid request: `method` must be a string.');
  if (request.params !== undefined && !Array.isArray(request.params))
    return errorResponse(id, -32602, 'Invalid params: `params` must be an array.');
  try {
    const result = await provider.request({ method: request.method, params: request.params as unknown[] | undefined });
    return { jsonrpc: '2.0', id, result: result ?? null };
  } catch (error) {
    const { code, message, data } = error as { code?: unknown; message?: string; data?: unknown };
    return errorResponse(id, typeof code === 'number' ? code : -32603, message ?? String(error), data);
  }
}

function errorResponse(id: unknown, code: number, message: string, data?: unknown) {
  return { jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } };
}

function send(response: ServerResponse, status: number, body?: unknown) {
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
