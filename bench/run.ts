import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark, BenchResult } from './Benchmark.js';

// Runs every bench/*.bench.ts (or those named on the command line), prints each figure, writes
// bench/results/<name>.json and rewrites the tables in BENCHMARKS.md from all results on disk.
const benchFolder = fileURLToPath(new URL('./', import.meta.url));
const resultsFolder = `${benchFolder}results/`;
const wanted = process.argv[2] === '--one' ? [] : process.argv.slice(2);
mkdirSync(resultsFolder, { recursive: true });

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const files = readdirSync(benchFolder)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.startsWith(w)))
  .sort();

// Each benchmark runs in a process of its own (this script with `--one FILE`), so that none inherits another's heap,
// warm caches or peak RSS: the memory figures are each benchmark's own.
const one = process.argv[2] === '--one' ? process.argv[3] : undefined;
if (one) {
  await runOne(one);
  process.exit(0);
}
for (const file of files) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', file], {
    stdio: 'inherit',
  });
  if (child.status !== 0) {
    console.error(`${file} failed (exit ${child.status ?? child.signal}); its previous result is kept.`);
    process.exitCode = 1;
  }
}

async function runOne(file: string) {
  console.log(`\n== ${file}`);
  const benchmark = (await import(pathToFileURL(benchFolder + file).href)).default as Benchmark;
  const started = Date.now();
  const result = await benchmark();
  const record = { ...result, machine, ranAt: new Date().toISOString(), seconds: (Date.now() - started) / 1000 };
  for (const f of result.figures)
    console.log(
      `${f.metric}: ${format(f.value)} ${f.unit}${f.reference ? `  (${f.reference}${f.ratio !== undefined ? `, ratio ${f.ratio.toFixed(2)}` : ''})` : ''}`,
    );
  writeFileSync(`${resultsFolder}${result.name}.json`, `${JSON.stringify(record, null, 2)}\n`);
}

writeBenchmarksMarkdown();

function writeBenchmarksMarkdown() {
  const results = readdirSync(resultsFolder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map(
      (name) =>
        JSON.parse(readFileSync(resultsFolder + name, 'utf8')) as BenchResult & { machine: string; ranAt: string },
    );
  const path = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (all) or `npm run bench -- NAME` (one); the raw figures are in `bench/results/*.json`.',
    'Each table names the machine and time it ran on. Ratios are value ÷ reference.',
    '',
  ];
  for (const r of results) {
    lines.push(`## ${r.title}`, '', `Machine: ${r.machine}; run ${r.ranAt}.`, '');
    if (r.notes) lines.push(r.notes, '');
    lines.push('| metric | value | unit | reference / aim | ratio | aim met |', '|---|---:|---|---|---:|---|');
    for (const f of r.figures)
      lines.push(
        `| ${f.metric} | ${format(f.value)} | ${f.unit} | ${f.reference ?? ''} | ${f.ratio !== undefined ? f.ratio.toFixed(2) : ''} | ${f.meetsAim === undefined ? '' : f.meetsAim ? 'yes' : 'no'} |`,
      );
    lines.push('');
  }
  writeFileSync(path, lines.join('\n'));
}

function format(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);
}
