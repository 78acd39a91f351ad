import type { createApi } from './createApi.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests read the answers of every route by their paths
export type ApiAnswer = any;

/**
 * For route tests: calls the API in-process with the key of a role, a JSON body when given; answers the status,
 * the content type and the parsed JSON.
 * @example const call = createTestApiCaller(api, keys); const { status, body } = await call('admin', 'GET', '/v1/ledger/accounts?companyId=acme')
 */
export type TestApiCaller<Role extends string> = (
  role: Role,
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; type: string | null; body: ApiAnswer }>;

export function createTestApiCaller<Role extends string>(
  api: ReturnType<typeof createApi>,
  keys: Readonly<Record<Role, string>>,
): TestApiCaller<Role> {
  return async (role, method, path, body) => {
    const response = await api.request(path, {
      method,
      headers: {
        authorization: `Bearer ${keys[role]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as ApiAnswer,
    };
  };
}
