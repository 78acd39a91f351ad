#!/usr/bin/env node
// Builds the web app into web/dist when it is missing or older than its sources. Run by `npm ci` (prepare), by
// `npm start` (prestart) and by the end-to-end tests, so a fresh clone serves the app after `npm ci && npm start`
// and nobody serves a stale build. `npm run build:web` builds unconditionally.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repository = fileURLToPath(new URL('..', import.meta.url));
const builtIndex = join(repository, 'web/dist/index.html');
// The web app's own files, and the server code it imports (the API's schemas, money formatting).
const sources = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'src/api/schemas', 'src/money'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Whether web/dist holds a build at least as new as every source file. */
export function webBuildIsCurrent() {
  if (!existsSync(builtIndex)) return false;
  const built = statSync(builtIndex).mtimeMs;
  return sources.every((source) => newestMtime(join(repository, source)) <= built);
}

/** Builds web/dist if it is missing or stale; returns what happened. Throws if a needed build fails. */
export function ensureWebBuilt({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  if (webBuildIsCurrent()) return 'current';
  const vite = join(repository, 'node_modules/vite/bin/vite.js');
  if (!existsSync(vite)) {
    log('web app: not built, and Vite is not installed (npm ci installs it); the API runs without the web app.');
    return 'skipped';
  }
  log('web app: building web/dist …');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: repository,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`Building the web app failed (vite exit ${result.status}).`);
  return 'built';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    ensureWebBuilt();
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
