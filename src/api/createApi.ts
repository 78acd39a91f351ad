import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Platform } from '../platform/Platform.js';
import type { ApiEnv } from './ApiEnv.js';
import { authenticate } from './auth/authenticate.js';
import type { Principal } from './auth/createApiKeys.js';
import { fromZod, problemResponse } from './problem.js';
import { registerApiKeyRoutes } from './routes/apiKeyRoutes.js';
import { registerAuthRoutes } from './routes/authRoutes.js';
import { registerCompanyRoutes } from './routes/companyRoutes.js';
import { registerEmployeeRoutes } from './routes/employeeRoutes.js';
import { registerHealthRoutes } from './routes/healthRoutes.js';
import { registerLedgerRoutes } from './routes/ledgerRoutes.js';
import { registerNetworkRoutes } from './routes/networkRoutes.js';
import { registerPayRunRoutes } from './routes/payRunRoutes.js';
import { registerRiskRoutes } from './routes/riskRoutes.js';
import { registerSanctionsRoutes } from './routes/sanctionsRoutes.js';
import { registerUserRoutes } from './routes/userRoutes.js';
import { serveWebApp } from './serveWebApp.js';

export type CreateApiParameters = {
  platform: Platform;
  /** In-process use by the CLI: act as this principal without an API key. */
  localPrincipal?: Principal | undefined;
};

/**
 * The HTTP API: every route validated by zod schemas that also generate `/openapi.json` (OpenAPI 3.1), errors as
 * `application/problem+json`, `/v1/*` behind API keys with roles.
 */
export function createApi({ platform, localPrincipal }: CreateApiParameters) {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success)
        return c.body(JSON.stringify(fromZod(result.error)), 400, { 'content-type': 'application/problem+json' });
      return undefined;
    },
  });
  const log = platform.logger.child({ component: 'api' });

  app.use('*', async (c, next) => {
    const requestId = c.req.header('x-request-id') ?? randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    log.debug(
      {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: +(performance.now() - started).toFixed(2),
      },
      'request',
    );
  });
  app.onError((error, c) =>
    problemResponse(c, error, (e) => log.error({ err: e, path: c.req.path }, 'request failed')),
  );
  app.notFound((c) =>
    c.body(
      JSON.stringify({
        type: 'https://tandem.dev/problems/not-found',
        title: `No route ${c.req.method} ${c.req.path}`,
        status: 404,
      }),
      404,
      {
        'content-type': 'application/problem+json',
      },
    ),
  );

  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'Tandem API key (tdm_…)',
  });
  app.use('/v1/*', authenticate(platform.apiKeys, localPrincipal, platform.sessions));

  registerHealthRoutes(app, platform);
  registerApiKeyRoutes(app, platform);
  registerAuthRoutes(app, platform);
  registerUserRoutes(app, platform);
  registerLedgerRoutes(app, platform);
  registerSanctionsRoutes(app, platform);
  registerRiskRoutes(app, platform);
  registerCompanyRoutes(app, platform);
  registerEmployeeRoutes(app, platform);
  registerNetworkRoutes(app, platform);
  registerPayRunRoutes(app, platform);

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Tandem API',
      version: platform.version,
      description: 'Payroll in fiat and crypto, risk engine, ledger and the open fraud-model network.',
    },
    security: [{ apiKey: [] }],
  });
  serveWebApp(app);
  return app;
}

export type Api = ReturnType<typeof createApi>;
