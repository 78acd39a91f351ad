#!/usr/bin/env node
// Prints, of the test files given as arguments, those that use the database: the file or anything it imports
// (relative imports, followed transitively) lives under src/db/, or it runs the `tandem` binary, whose commands open
// the database named by DATABASE_URL. The Postgres pass of scripts/test.sh runs only these; the rest (contracts on
// the EVM, the model learner, the network protocol) do not touch a database and would only run a second time.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const databaseFolder = `${resolve('src/db')}/`;
const importPattern =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

// Each source file is read once: what it imports, and whether it spawns the binary.
const parsed = new Map();
function parse(file) {
  let found = parsed.get(file);
  if (found) return found;
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {}
  found = {
    spawnsTandem: /bin\/tandem\.mjs/.test(text),
    imports: [...text.matchAll(importPattern)].map((m) => sourceOf(m[1] ?? m[2], file)).filter(Boolean),
  };
  parsed.set(file, found);
  return found;
}

function sourceOf(specifier, fromFile) {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.mjs$/, '.mts'),
    base,
    `${base}.ts`,
    `${base}/index.ts`,
  ];
  return candidates.find((candidate) => existsSync(candidate) && !candidate.endsWith('/'));
}

/** Walks everything the file reaches (cycles included) until something uses the database. */
function usesDatabase(testFile) {
  const seen = new Set([testFile]);
  const pending = [testFile];
  while (pending.length > 0) {
    const file = pending.pop();
    if (file.startsWith(databaseFolder)) return true;
    const { spawnsTandem, imports } = parse(file);
    if (spawnsTandem) return true;
    for (const next of imports)
      if (!seen.has(next)) {
        seen.add(next);
        pending.push(next);
      }
  }
  return false;
}

for (const file of process.argv.slice(2)) if (usesDatabase(resolve(file))) console.log(file);
