import type { Principal } from './auth/createApiKeys.js';

/** What every API handler can read from the request context. */
export type ApiEnv = { Variables: { principal: Principal; requestId: string } };
