import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { dropTestDatabaseSchema } from '../../src/db/createTestDatabaseUrl.js';
import { type RunningServer, startServer } from '../../src/platform/startServer.js';
import { testServerConfig } from '../../src/platform/testServerConfig.js';
import { ensureWebBuilt } from '../buildIfStale.mjs';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const artifactsDir = fileURLToPath(new URL('../../test-artifacts/web/', import.meta.url));

/**
 * Whether the end-to-end tests can run here: `undefined` when they can, else the reason to skip them. On CI
 * (CI=true) a missing Chromium is a failure, not a skip: .ci/run installs it, so its absence is a broken machine.
 */
export function chromiumSkipReason(): string | undefined {
  if (existsSync(chromiumPath)) return undefined;
  const reason = `Chromium is not installed at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true')
    throw new Error(`${reason}; .ci/run installs it, so CI cannot skip the web app tests.`);
  return reason;
}

export type WebApp = {
  server: RunningServer;
  browser: Browser;
  baseUrl: string;
  /** The admin API key `tandem start` created, for setting up through the API. */
  adminKey: string;
  /** Calls the API with the admin key and answers the JSON (throws on a non-2xx answer). */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  newPage(options?: { width?: number; height?: number }): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
};

/**
 * A real `tandem start` on a fresh data folder (ports 0: embedded chain, PGlite or a fresh schema of DATABASE_URL's
 * server) serving the built web app, and a headless Chromium to drive it.
 */
export async function startWebApp(): Promise<WebApp> {
  ensureWebBuilt({ log: () => {} });
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-web-'));
  const server = await startServer(await testServerConfig(dataDir, 'web'));
  const adminKey = server.firstAdminKey;
  if (!adminKey) throw new Error('tandem start created no admin API key on a fresh data folder');
  const browser = await chromium
    .launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    .catch(async (error) => {
      await server.stop();
      throw error;
    });
  mkdirSync(artifactsDir, { recursive: true });
  const baseUrl = server.apiUrl;
  return {
    server,
    browser,
    baseUrl,
    adminKey,
    async api<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(baseUrl + path, {
        method,
        headers: {
          authorization: `Bearer ${adminKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    async newPage({ width = 1280, height = 860 } = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        viewport: { width, height },
        acceptDownloads: true,
      });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    async screenshot(page, name) {
      const path = join(artifactsDir, `${name}.png`);
      // From the top, so that the sticky header sits where a person sees it.
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await browser.close().catch(() => {});
      await server.stop();
      await dropTestDatabaseSchema(dataDir, 'web');
    },
  };
}

/** Signs in through the sign-in screen and waits for the overview. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Follows a link of the main navigation (the phone menu must be open). */
export async function openScreen(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
}
