import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createDatabase, type Database } from '../src/db/createDatabase.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createLedger } from '../src/ledger/createLedger.js';
import type { BenchFigure, Benchmark } from './Benchmark.js';

// Balanced journal entries per second through ledger.postEntry, one writer awaiting each entry: every entry is its
// own transaction (entry row + 2 postings + the deferred balance check at commit), on embedded PGlite in a
// file-backed data folder and on the Postgres server in a throwaway schema.
const aim = 2_000;
const warmupEntries = 500;
const rounds = 5;
const entriesPerRound = Number(process.env.LEDGER_BENCH_ENTRIES_PER_ROUND ?? 1_000);
// The batched rounds: one writer posting a pay run's worth of entries at a time with ledger.postEntries.
const batchSize = 100;
const batchedEntriesPerRound = 2_000;
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

type Run = {
  bestRound: number;
  overall: number;
  p50: number;
  p99: number;
  cpuMicros: number;
  floor: number;
  batched: { bestRound: number; overall: number; p50: number; cpuMicros: number };
};

async function measure(database: Database): Promise<Run> {
  await migrateToLatest(database.db);
  // The smallest durable write through the same stack — a one-row INSERT in its own transaction — measured in turns
  // with the ledger, so that a reader can tell the ledger's own cost from the machine's (and its load at the time).
  await sql`create table bench_floor (id uuid primary key, n int not null)`.execute(database.db);
  const insertFloor = () => sql.raw(`insert into bench_floor values ('${randomUUID()}', 1)`).execute(database.db);

  const ledger = createLedger({ db: database.db });
  const companyId = 'bench';
  const account = (code: string, name: string, type: 'asset' | 'expense') =>
    ledger.createAccount({ companyId, code, name, type, currency: 'EUR', decimals: 2 });
  const bank = await account('1000', 'Bank', 'asset');
  const salaries = await account('6000', 'Salaries', 'expense');
  const entry = (index: number) => ({
    companyId,
    idempotencyKey: `bench:${index}`,
    date: '2025-01-31',
    description: `Salary ${index}`,
    postings: [
      { accountId: salaries.id, amount: 250_000n + BigInt(index) },
      { accountId: bank.id, amount: -250_000n - BigInt(index) },
    ],
    metadata: { payRunId: 'bench' },
  });
  const post = (index: number) => ledger.postEntry(entry(index));
  let index = 0;
  while (index < warmupEntries) {
    await post(index++);
    await insertFloor();
  }
  const latencies: number[] = [];
  const roundRates: number[] = [];
  let ledgerSeconds = 0;
  let floorSeconds = 0;
  let cpuMicros = 0;
  for (let round = 0; round < rounds; round++) {
    const floorStarted = performance.now();
    for (let insert = 0; insert < entriesPerRound; insert++) await insertFloor();
    floorSeconds += (performance.now() - floorStarted) / 1000;

    const cpuBefore = process.cpuUsage();
    const roundStarted = performance.now();
    for (let entry = 0; entry < entriesPerRound; entry++) {
      const t0 = performance.now();
      await post(index++);
      latencies.push(performance.now() - t0);
    }
    const seconds = (performance.now() - roundStarted) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    cpuMicros += cpu.user + cpu.system;
    ledgerSeconds += seconds;
    roundRates.push(entriesPerRound / seconds);
  }
  await sql`drop table bench_floor`.execute(database.db);
  const batched = await measureBatches((batch) => ledger.postEntries(batch), entry, index);
  index = batched.nextIndex;
  const report = await ledger.checkLedger({ companyId });
  if (!report.ok || report.counts.entries !== index)
    throw new Error(`The benchmark ledger does not add up: ${JSON.stringify(report.checks)}`);
  latencies.sort((a, b) => a - b);
  return {
    bestRound: Math.max(...roundRates),
    overall: latencies.length / ledgerSeconds,
    p50: latencies[Math.floor(latencies.length * 0.5)]!,
    p99: latencies[Math.floor(latencies.length * 0.99)]!,
    cpuMicros: cpuMicros / latencies.length,
    floor: (rounds * entriesPerRound) / floorSeconds,
    batched,
  };
}

/** The same entries posted `batchSize` at a time, each batch one transaction awaited before the next. */
async function measureBatches<Entry>(
  postBatch: (batch: Entry[]) => Promise<unknown>,
  entry: (index: number) => Entry,
  firstIndex: number,
) {
  let index = firstIndex;
  const nextBatch = () => Array.from({ length: batchSize }, () => entry(index++));
  for (let warmup = 0; warmup < 5; warmup++) await postBatch(nextBatch());
  const perEntry: number[] = [];
  const roundRates: number[] = [];
  let seconds = 0;
  let cpuMicros = 0;
  for (let round = 0; round < rounds; round++) {
    const cpuBefore = process.cpuUsage();
    const roundStarted = performance.now();
    for (let posted = 0; posted < batchedEntriesPerRound; posted += batchSize) {
      const batch = nextBatch();
      const t0 = performance.now();
      await postBatch(batch);
      perEntry.push((performance.now() - t0) / batchSize);
    }
    const roundSeconds = (performance.now() - roundStarted) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    cpuMicros += cpu.user + cpu.system;
    seconds += roundSeconds;
    roundRates.push(batchedEntriesPerRound / roundSeconds);
  }
  perEntry.sort((a, b) => a - b);
  const entries = rounds * batchedEntriesPerRound;
  return {
    bestRound: Math.max(...roundRates),
    overall: entries / seconds,
    p50: perEntry[Math.floor(perEntry.length * 0.5)]! * batchSize,
    cpuMicros: cpuMicros / entries,
    nextIndex: index,
  };
}

function figures(kind: string, run: Run): BenchFigure[] {
  const rate = (metric: string, value: number): BenchFigure => ({
    metric,
    value: Math.round(value),
    unit: 'entries/s',
    reference: `aim ≥ ${aim.toLocaleString('en-US')}/s`,
    ratio: value / aim,
    meetsAim: value >= aim,
  });
  return [
    rate(`${kind}: entries/s, single writer (best of ${rounds} rounds)`, run.bestRound),
    rate(`${kind}: entries/s, single writer (all ${(rounds * entriesPerRound).toLocaleString('en-US')})`, run.overall),
    { metric: `${kind}: postEntry latency p50`, value: run.p50, unit: 'ms' },
    { metric: `${kind}: postEntry latency p99`, value: run.p99, unit: 'ms' },
    { metric: `${kind}: CPU time of this process per entry`, value: Math.round(run.cpuMicros), unit: 'µs' },
    {
      metric: `${kind}: one-row INSERT transactions/s, same stack (floor)`,
      value: Math.round(run.floor),
      unit: 'tx/s',
      reference: 'ratio = ledger entries/s (all) ÷ this',
      ratio: run.overall / run.floor,
    },
    rate(
      `${kind}: entries/s, single writer, batches of ${batchSize} (postEntries, best of ${rounds} rounds)`,
      run.batched.bestRound,
    ),
    rate(
      `${kind}: entries/s, single writer, batches of ${batchSize} (all ${(rounds * batchedEntriesPerRound).toLocaleString('en-US')})`,
      run.batched.overall,
    ),
    { metric: `${kind}: postEntries latency p50, batch of ${batchSize}`, value: run.batched.p50, unit: 'ms' },
    {
      metric: `${kind}: CPU time of this process per entry, batched`,
      value: Math.round(run.batched.cpuMicros),
      unit: 'µs',
    },
  ];
}

const benchmark: Benchmark = async () => {
  const result: BenchFigure[] = [];
  const load = () => loadavg()[0]!.toFixed(1);
  const notes = [
    `${rounds} rounds of ${entriesPerRound.toLocaleString('en-US')} entries after ${warmupEntries} warm-up entries, each posted by`,
    'ledger.postEntry and awaited before the next: full validation, then one statement (`select … from',
    'ledger_post_entry(…)`) that is its own transaction — entry row + 2 postings, the deferred balance check at commit —',
    'and checkLedger over the result at the end. PGlite writes to a temp data folder (its engine runs in this process,',
    'so its CPU time per entry bounds its rate on an idle core); Postgres runs in a throwaway schema with the server’s',
    `durability settings (fsync on, synchronous_commit on). The floor rounds alternate with the ledger rounds.`,
    `Then ${rounds} rounds of ${batchedEntriesPerRound.toLocaleString('en-US')} more entries (after 5 warm-up batches) posted ${batchSize} at a time by`,
    'ledger.postEntries, each batch awaited before the next: the same validation, then one statement',
    '(`with … insert … select from unnest(…)`) in one transaction per batch, all or nothing, each entry keeping its own',
    'idempotency key; the same deferred check judges every entry at commit.',
    `1-minute load average at start: ${load()}`,
  ];

  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-ledger-bench-'));
  try {
    const pglite = await createDatabase({ dataDir });
    try {
      result.push(...figures('PGlite (file)', await measure(pglite)));
    } finally {
      await pglite.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const schema = `bench_ledger_${process.pid}`;
  let postgres: Database | undefined;
  try {
    postgres = await createDatabase({ databaseUrl: postgresUrl, schema });
  } catch (error) {
    notes.push(`Postgres skipped: ${(error as Error).message.split('\n')[0]}`);
  }
  if (postgres) {
    try {
      result.push(...figures('Postgres server', await measure(postgres)));
    } finally {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(postgres.db).catch(() => {});
      await postgres.close();
    }
  }
  notes.push(`; at end: ${load()}.`);
  return {
    name: 'ledger',
    title: 'Ledger: balanced journal entries per second',
    figures: result,
    notes: notes.join(' ').replace(' ;', ';'),
  };
};

export default benchmark;
