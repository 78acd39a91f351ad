import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv } from './ApiEnv.js';
import { serveWebApp } from './serveWebApp.js';

const appOn = (root: string) => {
  const app = new OpenAPIHono<ApiEnv>();
  app.get('/v1/known', (c) => c.json({ ok: true }));
  serveWebApp(app, { root });
  app.notFound((c) => c.json({ status: 404 }, 404));
  return app;
};

test('serves the built app: hashed assets cached for a year, index.html revalidated, app routes fall back to it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'tandem-web-dist-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Tandem</title>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  const app = appOn(root);

  const index = await app.request('/');
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  assert.match(index.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  assert.match(await index.text(), /<title>Tandem<\/title>/);

  const asset = await app.request('/assets/index-abc123.js');
  assert.equal(asset.status, 200);
  assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.match(asset.headers.get('content-type') ?? '', /javascript/);

  const route = await app.request('/pay-runs/0b6f');
  assert.equal(route.status, 200, 'an app route gets index.html (SPA fallback)');
  assert.match(await route.text(), /<title>Tandem/);

  assert.equal((await app.request('/assets/index-old.js')).status, 404, 'a missing asset is a 404, not HTML');
  assert.equal((await app.request('/v1/unknown')).status, 404, 'the API keeps its own 404');
  assert.deepEqual(await (await app.request('/v1/known')).json(), { ok: true });
  const escaping = await app.request('/../package.json');
  assert.equal(escaping.status, 404, 'a path escaping the root serves nothing from outside it');
  assert.doesNotMatch(await escaping.text(), /"name"/);
});

test('without a build, / says how to build the web app instead of failing', async () => {
  const response = await appOn(mkdtempSync(join(tmpdir(), 'tandem-web-none-'))).request('/');
  assert.equal(response.status, 503);
  assert.match(await response.text(), /npm run build:web/);
});
