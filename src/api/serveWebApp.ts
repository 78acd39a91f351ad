import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv } from './ApiEnv.js';

/** Where `npm run build:web` writes the web app (web/vite.config.ts). */
export const webAppRoot = fileURLToPath(new URL('../../web/dist/', import.meta.url));

// The app's own files only; inline styles stay allowed because the chart library positions its tooltips with them.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the web app at `/`: built files from web/dist (hashed files under /assets cached for a year, everything
 * else revalidated), and index.html for any other path outside /v1 so that the app's own routes survive a reload.
 * Register it after every API route: it only sees requests no route answered.
 */
export function serveWebApp(app: OpenAPIHono<ApiEnv>, { root = webAppRoot }: { root?: string } = {}) {
  const files = serveStatic({ root });
  const index = serveStatic({ root, path: 'index.html' });

  app.on(['GET', 'HEAD'], '*', async (c, next) => {
    const path = c.req.path;
    if (path === '/v1' || path.startsWith('/v1/')) return next();
    c.header('content-security-policy', contentSecurityPolicy);
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'same-origin');
    if (!existsSync(join(root, 'index.html'))) return c.html(notBuiltPage, 503, { 'cache-control': 'no-store' });
    // Vite names every file under /assets by its content hash, so it never changes; everything else may.
    c.header('cache-control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    const file = await files(c, async () => {});
    if (file) return file;
    // A missing file (an old hashed asset after an upgrade) is a 404, not the app's HTML under a script's name.
    c.header('cache-control', 'no-cache');
    if (/\.[A-Za-z0-9]{1,8}$/.test(path) && !path.endsWith('.html')) return next();
    return (await index(c, async () => {})) ?? next();
  });
}

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tandem</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The web app is not built</h1>
<p>The API runs (see <a href="/openapi.json">/openapi.json</a> and <a href="/healthz">/healthz</a>), but
<code>web/dist</code> is missing. <code>npm ci</code> builds it; to build it by hand run
<code>npm run build:web</code> and reload this page.</p>
</body></html>`;
