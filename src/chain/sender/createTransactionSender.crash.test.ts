import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { erc20Abi } from 'viem';
import { createDatabase } from '../../db/createDatabase.js';
import { migrateToLatest } from '../../db/migrate.js';
import { createChainClients } from '../createChainClients.js';
import { createEmbeddedChain } from '../embedded/createEmbeddedChain.js';
import { deployTandemContracts } from '../embedded/deployTandemContracts.js';
import { crashTestAmount, crashTestHolder, crashTestTransfers } from './crashTestTransfers.js';
import { createTransactionSender } from './createTransactionSender.js';

const root = mkdtempSync(join(tmpdir(), 'tandem-sender-crash-'));
after(() => rmSync(root, { recursive: true, force: true }));
const child = fileURLToPath(new URL('./crashTestTransfers.ts', import.meta.url));
const transfers = 300;

// A chain with USDC deployed and a migrated database, copied for each round.
const template = join(root, 'template');
let token: `0x${string}`;
before(async () => {
  const [chain, database] = await Promise.all([
    createEmbeddedChain({ dataDir: join(template, 'chain') }),
    createDatabase({ dataDir: join(template, 'db') }),
  ]);
  token = (await deployTandemContracts({ ...(await createChainClients({ embeddedChain: chain })), dataDir: template }))
    .usdc.address;
  await migrateToLatest(database.db);
  await Promise.all([chain.close(), database.close()]);
});

type Kill = { afterJournalLines: number; thenMs: number };
const random = (below: number) => Math.floor(Math.random() * below);
// When each round's process is killed, counted from when it starts sending: after so many new chain journal lines
// (one per broadcast in plain mode, one per chunk of 200 in batch mode) and then a random delay. Batch rounds also die
// before anything reached the chain (between signing and broadcasting) or right after a chunk was mined.
const rounds: { mode: 'plain' | 'batch'; kill: Kill }[] = [
  { mode: 'plain', kill: { afterJournalLines: 1 + random(transfers - 1), thenMs: 0 } },
  { mode: 'batch', kill: { afterJournalLines: 0, thenMs: random(1_500) } },
  { mode: 'batch', kill: { afterJournalLines: 1, thenMs: random(30) } },
  { mode: 'batch', kill: { afterJournalLines: 1, thenMs: random(600) } },
];

// Each round: a process sends 300 USDC transfers to fresh holders (chain journal and database on disk) and is
// SIGKILLed at a random moment; then the folder is reopened, the sender resumes, and the job is asked again, as a pay
// run would be. Every holder must end with exactly its amount: nothing lost, nothing sent twice.
for (const [round, { mode, kill }] of rounds.entries()) {
  test(`killed at a random moment (${mode} broadcasts, round ${round + 1}), each transfer is executed exactly once`, async (t) => {
    const dataDir = join(root, `round-${round}`);
    cpSync(template, dataDir, { recursive: true });
    const databaseUrl = process.env.DATABASE_URL;
    const schema = databaseUrl ? `crash_${randomBytes(6).toString('hex')}` : undefined;
    const openDatabase = () => createDatabase({ dataDir: join(dataDir, 'db'), databaseUrl, schema });
    if (schema) {
      const database = await openDatabase();
      await migrateToLatest(database.db);
      await database.close();
    }

    const outcome = await runAndKill(dataDir, mode, kill, schema);
    t.diagnostic(`${JSON.stringify(kill)}: ${outcome}`);

    const [chain, database] = await Promise.all([
      createEmbeddedChain({ dataDir: join(dataDir, 'chain') }),
      openDatabase(),
    ]);
    try {
      const clients = await createChainClients({ embeddedChain: chain });
      const sender = createTransactionSender({
        db: database.db,
        publicClient: clients.publicClient as never,
        account: chain.accounts[0]!,
        chainId: chain.chainId,
        broadcastBatch: mode === 'batch' ? chain.sendRawTransactions : undefined,
      });
      const resumed = await sender.resume();
      t.diagnostic(`resume: ${JSON.stringify(resumed)}`);
      assert.equal(resumed.failed + resumed.reverted, 0);
      const records = await sender.sendMany(crashTestTransfers(token, transfers));
      assert.ok(records.every((r) => r.status === 'confirmed'));
      assert.equal(new Set(records.map((r) => r.nonce)).size, transfers);

      const balanceOf = (address: `0x${string}`) =>
        clients.publicClient.readContract({
          address: token,
          abi: erc20Abi,
          functionName: 'balanceOf',
          args: [address],
        });
      for (let i = 0; i < transfers; i++)
        assert.equal(await balanceOf(crashTestHolder(i)), crashTestAmount(i), `holder ${i}`);
      const sent = Array.from({ length: transfers }, (_, i) => crashTestAmount(i)).reduce((a, b) => a + b);
      assert.equal(await balanceOf(chain.accounts[0]!.address), 1_000_000n * 10n ** 6n - sent);
      const rows = await database.db
        .selectFrom('chain_outbox')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('purpose', '=', 'crash-test')
        .executeTakeFirstOrThrow();
      assert.equal(Number(rows.count), transfers);
    } finally {
      if (schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db).catch(() => {});
      await Promise.all([chain.close(), database.close()]);
    }
  });
}

/** Runs the sending process and SIGKILLs it as `kill` says, counted from when it starts sending; tells how far it got. */
function runAndKill(dataDir: string, mode: string, kill: Kill, schema: string | undefined): Promise<string> {
  const journal = join(dataDir, 'chain', 'journal.ndjson');
  const lines = () => readFileSync(journal, 'utf8').split('\n').length - 1;
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...(schema ? { CRASH_TEST_SCHEMA: schema } : {}) };
    const sending = spawn(process.execPath, ['--import', 'tsx', child, dataDir, String(transfers), mode], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let stderr = '';
    let watch: NodeJS.Timeout | undefined;
    let timer: NodeJS.Timeout | undefined;
    sending.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (watch || !output.includes('sending\n')) return;
      const start = lines();
      watch = setInterval(() => {
        if (timer || lines() - start < kill.afterJournalLines) return;
        timer = setTimeout(() => sending.kill('SIGKILL'), kill.thenMs);
      }, 2);
    });
    sending.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    sending.on('error', reject);
    sending.on('exit', (code, signal) => {
      clearInterval(watch);
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve('killed while sending');
      else if (code === 0 && output.includes('sent\n')) resolve('it finished before the kill');
      else reject(new Error(`The sending process failed (exit ${code}): ${stderr}`));
    });
  });
}
