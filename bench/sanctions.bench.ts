import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createDatabase, sql } from '../src/db/createDatabase.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createSanctionsList } from '../src/risk/sanctions/createSanctionsList.js';
import { openListFile } from '../src/risk/sanctions/openListFile.js';
import { parseOfacList } from '../src/risk/sanctions/parseOfacList.js';
import type { BenchFigure, Benchmark } from './Benchmark.js';

// Each measurement runs in a child process of its own (this file, started with `--child MODE`), so that a peak RSS
// is that run's alone and not the bench runner's or an earlier run's.
const listFile = fileURLToPath(new URL('../../shared/data/ofac/sdn_advanced.xml.bz2', import.meta.url));
const thisFile = fileURLToPath(import.meta.url);
const checks = 100_000;
const mb = 2 ** 20;

type ChildMode =
  | 'load-auto'
  | 'load-js'
  | 'load-postgres'
  | 'unpack-system'
  | 'unpack-js'
  | 'unpack-unbzip2-stream'
  | 'parse-plain'
  | 'parse-auto'
  | 'parse-js';
type ChildResult = {
  seconds: number;
  /** CPU time of the Node process (user + system) over the measured part; the bzip2 program's is not in it. */
  cpuSeconds: number;
  /** Peak RSS of the whole child process (KiB → MiB). */
  peakRssMb: number;
  /** For loads: RSS with the database open and migrated, before the load. */
  rssBeforeMb?: number;
  checkMeanUs?: number;
  checkP99Us?: number;
  checkMaxUs?: number;
  hits?: number;
};

async function child(mode: ChildMode, file: string): Promise<ChildResult> {
  // The peak of this process's own memory (VmHWM). Not resourceUsage().maxRSS: on Linux a child's maxRSS starts
  // from its parent's at fork, so a child of a big bench process would report the parent's peak.
  const peakRssMb = () => {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return hwm ? Number(hwm) / 1024 : process.resourceUsage().maxRSS / 1024;
  };
  const cpu = process.cpuUsage();
  const cpuSeconds = () => {
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1e6;
  };
  if (mode === 'unpack-unbzip2-stream') {
    const started = performance.now();
    const unbzip2Stream = createRequire(import.meta.url)('unbzip2-stream') as () => NodeJS.ReadWriteStream;
    await new Promise<void>((resolve, reject) => {
      const unpacked = createReadStream(file).pipe(unbzip2Stream());
      unpacked.on('data', () => {});
      unpacked.on('end', resolve);
      unpacked.on('error', reject);
    });
    return { seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds(), peakRssMb: peakRssMb() };
  }
  if (mode.startsWith('unpack')) {
    const started = performance.now();
    const opened = await openListFile(file, { decompressor: mode === 'unpack-js' ? 'js' : 'system' });
    for await (const _chunk of opened.chunks);
    return { seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds(), peakRssMb: peakRssMb() };
  }
  if (mode.startsWith('parse')) {
    const started = performance.now();
    await parseOfacList({ file, decompressor: mode === 'parse-js' ? 'js' : 'auto' });
    return { seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds(), peakRssMb: peakRssMb() };
  }
  const databaseUrl = mode === 'load-postgres' ? process.env.DATABASE_URL : undefined;
  const schema = databaseUrl ? `bench_sanctions_${process.pid}` : undefined;
  const database = await createDatabase({ databaseUrl, schema });
  await migrateToLatest(database.db);
  const sanctionsList = createSanctionsList({ db: database.db });
  const rssBefore = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const loaded = await sanctionsList.load({ file, decompressor: mode === 'load-js' ? 'js' : 'auto' });
  const seconds = (performance.now() - started) / 1000;
  const loadCpu = process.cpuUsage(cpuBefore);
  if (loaded.total !== 758) throw new Error(`expected 758 addresses, loaded ${loaded.total}`);

  // Half hits (EVM ones in a random letter case), half misses of both kinds, in a fixed shuffled order.
  const listed = await listedAddresses(database);
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');
  const inputs: string[] = [];
  for (let i = 0; i < checks; i++) {
    if (i % 2 === 0) {
      const address = listed[Math.floor(random() * listed.length)]!;
      inputs.push(address.startsWith('0x') && random() < 0.5 ? `0x${address.slice(2).toUpperCase()}` : address);
    } else inputs.push(i % 4 === 1 ? `0x${hex(40)}` : `bc1q${hex(38)}`);
  }
  for (const input of inputs.slice(0, 1_000)) await sanctionsList.check(input); // warm-up
  const times = new Float64Array(checks);
  let hits = 0;
  for (let i = 0; i < checks; i++) {
    const t0 = process.hrtime.bigint();
    const answer = await sanctionsList.check(inputs[i]!);
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
    if (answer.sanctioned) hits++;
  }
  if (hits !== checks / 2) throw new Error(`expected ${checks / 2} hits, got ${hits}`);
  times.sort();
  if (schema) await sql`drop schema ${sql.id(schema)} cascade`.execute(database.db);
  await database.close();
  return {
    seconds,
    cpuSeconds: (loadCpu.user + loadCpu.system) / 1e6,
    peakRssMb: peakRssMb(),
    rssBeforeMb: rssBefore / mb,
    checkMeanUs: times.reduce((sum, t) => sum + t, 0) / checks,
    checkP99Us: times[Math.floor(checks * 0.99)]!,
    checkMaxUs: times[checks - 1]!,
    hits,
  };
}

async function listedAddresses(database: Awaited<ReturnType<typeof createDatabase>>): Promise<string[]> {
  const rows = await database.db.selectFrom('sanctioned_addresses').select('listed_address').execute();
  return rows.map((row) => row.listed_address);
}

function runChild(mode: ChildMode, file = listFile): ChildResult {
  const output = execFileSync(process.execPath, ['--import', 'tsx', thisFile, '--child', mode, file], {
    encoding: 'utf8',
    maxBuffer: 16 * mb,
  });
  const last = output.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as ChildResult;
}

function hasSystemBzip2(): boolean {
  try {
    execFileSync('bzip2', ['--help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const benchmark: Benchmark = async () => {
  const loadAverage = loadavg()[0]!;
  const figures: BenchFigure[] = [];
  const systemBzip2 = hasSystemBzip2();
  const defaultPath = systemBzip2 ? 'system bzip2' : 'JS bunzip2';
  const loadFigures = (run: ChildResult, path: string) => {
    figures.push({
      metric: `full load (${path}): wall time`,
      value: run.seconds,
      unit: 's',
      reference: 'aim ≤ 15 s',
      ratio: run.seconds / 15,
      meetsAim: run.seconds <= 15,
    });
    figures.push({ metric: `full load (${path}): CPU time of the Node process`, value: run.cpuSeconds, unit: 's' });
  };
  const memoryFigure = (run: ChildResult, metric: string) =>
    figures.push({
      metric,
      value: run.peakRssMb,
      unit: 'MiB',
      reference: 'aim < 400 MiB',
      ratio: run.peakRssMb / 400,
      meetsAim: run.peakRssMb < 400,
    });

  const auto = runChild('load-auto');
  loadFigures(auto, `${defaultPath}, the default`);
  figures.push({
    metric: 'full load into embedded PGlite: peak RSS of the process',
    value: auto.peakRssMb,
    unit: 'MiB',
    reference: `PGlite alone, open and migrated before the load: ${auto.rssBeforeMb!.toFixed(0)} MiB`,
  });
  for (const [metric, value] of [
    ['check latency, mean', auto.checkMeanUs!],
    ['check latency, p99', auto.checkP99Us!],
  ] as const)
    figures.push({
      metric,
      value,
      unit: 'µs',
      reference: 'aim < 1,000 µs',
      ratio: value / 1000,
      meetsAim: value < 1000,
    });
  figures.push({ metric: 'check latency, max (GC pauses included)', value: auto.checkMaxUs!, unit: 'µs' });

  if (process.env.DATABASE_URL) {
    const postgres = runChild('load-postgres');
    loadFigures(postgres, `${defaultPath}, into the Postgres server`);
    memoryFigure(postgres, "full load into the Postgres server: peak RSS of the process (the loader's own)");
  }
  const parseAuto = runChild('parse-auto');
  memoryFigure(parseAuto, `stream + parse, no database (${defaultPath}): peak RSS`);

  const js = runChild('load-js');
  loadFigures(js, 'JS bunzip2, the fallback without a bzip2 program');
  const parseJs = runChild('parse-js');
  memoryFigure(parseJs, 'stream + parse, no database (JS bunzip2): peak RSS');

  // Where the time goes: bzip2 alone three ways, and the parser alone on the unpacked XML.
  const unbzip2 = runChild('unpack-unbzip2-stream');
  const unpackJs = runChild('unpack-js');
  const reference = `unbzip2-stream: ${unbzip2.seconds.toFixed(2)} s wall, ${unbzip2.peakRssMb.toFixed(0)} MiB peak (same run)`;
  figures.push({ metric: 'bzip2 unpack only, unbzip2-stream (npm, pure JS)', value: unbzip2.seconds, unit: 's' });
  figures.push({
    metric: 'bzip2 unpack only, JS bunzip2 (src/risk/sanctions/bunzip2.ts)',
    value: unpackJs.seconds,
    unit: 's',
    reference,
    ratio: unpackJs.seconds / unbzip2.seconds,
  });
  if (systemBzip2) {
    const unpackSystem = runChild('unpack-system');
    figures.push({
      metric: 'bzip2 unpack only, system bzip2 -dc (child process)',
      value: unpackSystem.seconds,
      unit: 's',
      reference,
      ratio: unpackSystem.seconds / unbzip2.seconds,
    });
    const folder = mkdtempSync(join(tmpdir(), 'tandem-sdn-'));
    try {
      const plain = join(folder, 'sdn_advanced.xml');
      const opened = await openListFile(listFile, { decompressor: 'system' });
      await pipeline(opened.chunks, createWriteStream(plain));
      const parsePlain = runChild('parse-plain', plain);
      figures.push({ metric: 'parse only (plain 121 MB XML: saxes + sha256)', value: parsePlain.seconds, unit: 's' });
      figures.push({ metric: 'parse only (plain XML): peak RSS', value: parsePlain.peakRssMb, unit: 'MiB' });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  return {
    name: 'sanctions',
    title: 'Sanctions screening: OFAC SDN list load and address checks',
    figures,
    notes: [
      'Input: shared/data/ofac/sdn_advanced.xml.bz2 (OFAC SDN advanced XML of 2025-11-19, 3.4 MB packed, 121 MB unpacked,',
      '758 addresses across 19 tickers). Every figure comes from a fresh child process. Loads go into an in-memory PGlite',
      '(or, when DATABASE_URL is set, also into a throwaway schema on that Postgres server) opened and migrated before the',
      "clock starts. PGlite alone holds most of its process RSS, so the loader's own memory is the peak RSS of a child that",
      'streams and parses without a database, and of the Postgres-server load. The system-bzip2 path runs `bzip2 -dc` in',
      'its own process (a few MB and its CPU time not counted). Checks: ' +
        `${checks.toLocaleString('en-US')} awaited \`check()\` calls after the load, half hits (EVM ones in random letter case), half misses.`,
      `Load average when the run started: ${loadAverage.toFixed(1)} on ${cpus().length} cores (other work on the machine slows wall times).`,
    ].join(' '),
  };
};

export default benchmark;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === '--child') {
  const result = await child(process.argv[3] as ChildMode, process.argv[4] ?? listFile);
  console.log(JSON.stringify(result));
  process.exit(0);
}
