import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { erc20Abi, getAddress } from 'viem';
import { payrollVaultAbi } from '../../chain/contracts/generated/PayrollVault.js';
import { createDevAccounts } from '../../chain/embedded/devAccounts.js';
import { loadConfig } from '../../config/loadConfig.js';
import { createPlatform } from '../../platform/createPlatform.js';
import type { Platform } from '../../platform/Platform.js';
import { lazarus } from '../../risk/fixtures/createTestRiskEngine.js';
import { ofacXml } from '../../risk/sanctions/fixtures/ofacXml.js';
import { writeListFile } from '../../risk/sanctions/fixtures/writeListFile.js';
import { toRunId } from '../vault/toRunId.js';
import { approvalRequests } from './approvalTypedData.js';
import { createDemoEmployees } from './demo/createDemoEmployees.js';
import { finalPayRunStatuses } from './payRunStatus.js';

// SIGKILL an executing pay run at many points — each a child process running the real platform on one data folder
// (embedded Postgres or a schema on DATABASE_URL's server, embedded chain journaled to disk) — then restart: every
// employee is paid exactly once, nobody is missing, and the ledger balances and matches the vault on chain.
const dataDir = mkdtempSync(join(tmpdir(), 'tandem-payrun-crash-'));
const server = process.env.DATABASE_URL;
const schema = `crash_${randomBytes(5).toString('hex')}`;
const databaseUrl = server
  ? `${server}${server.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`
  : undefined;
const child = fileURLToPath(new URL('./testing/executePayRunChild.ts', import.meta.url));
const actor = { actor: 'test:crash' };
const [, ...approverAccounts] = createDevAccounts(4);

/** Where each run is killed: named points in the execution, or a timer (wherever it then is). */
const scenarios: ({ point: string } | { killAfterMs: number })[] = [
  { point: 'checked' },
  { point: 'begun' },
  { point: 'funded:EURC' },
  { point: 'batch-sending:0' },
  { point: 'batch-signed:0' },
  { point: 'batch-mined:0' },
  { point: 'batch-settled:0' },
  { point: 'batch-signed:1' },
  { point: 'batch-mined:1' },
  { point: 'finishing' },
  { killAfterMs: 1_200 },
  { killAfterMs: 2_600 },
];
const runs: { id: string; companyId: string; scenario: (typeof scenarios)[number] }[] = [];

const open = () =>
  createPlatform(loadConfig({ dataDir, logLevel: 'error', ...(databaseUrl ? { databaseUrl } : {}) }), {
    purpose: 'cli',
  });

async function pg<T>(work: (client: import('pg').Client) => Promise<T>): Promise<T> {
  const { default: pgModule } = await import('pg');
  const client = new pgModule.Client({ connectionString: server });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

before(async () => {
  if (server) await pg((client) => client.query(`create schema ${schema}`));
  const platform = await open();
  try {
    await platform.risk.loadSanctionsList(
      { file: writeListFile(dataDir, 'sdn.xml', ofacXml({ publishedOn: '2025-11-19', parties: [lazarus] })) },
      actor,
    );
    for (const [index, scenario] of scenarios.entries()) {
      const companyId = `crash-${index}`;
      await platform.companies.create(
        {
          id: companyId,
          legalName: `Crash ${index} GmbH`,
          country: 'DE',
          iban: 'DE89370400440532013000',
          bic: 'COBADEFFXXX',
          taxProfileId: 'DE-example-2025',
          approvers: approverAccounts.map((account, k) => ({
            name: `Approver ${k}`,
            email: `a${k}@crash.example`,
            address: account.address,
          })),
          approvalThreshold: 2,
        },
        actor,
      );
      const people = createDemoEmployees(5, {
        seed: companyId,
        splits: ['EUR:60,USDC:40', 'EURC:100', 'USDC:50,EURC:50'],
      });
      for (const { walletKey: _key, ...person } of people) await platform.employees.create(companyId, person, actor);
      for (const person of people)
        if (person.wallet)
          await platform.risk.proofs.record({
            companyId,
            address: person.wallet,
            method: 'attestation',
            evidence: { note: 'crash test employee' },
            actor: actor.actor,
          });
      const run = await platform.payRuns.create(companyId, { period: '2026-11' }, actor);
      await platform.payRuns.calculate(run.id, actor);
      await platform.payRuns.screen(run.id, actor);
      const detail = await platform.payRuns.get(run.id);
      for (const request of approvalRequests(detail, detail.batches, platform.chain.chainId))
        for (const account of approverAccounts.slice(0, 2))
          await platform.payRuns.approve(
            run.id,
            {
              approver: account.address,
              signature: await account.signTypedData(request.typedData as never),
              batchIndex: request.batchIndex,
            },
            actor,
          );
      assert.equal((await platform.payRuns.get(run.id)).status, 'approved');
      assert.equal(detail.batches.length, 2, 'an EURC batch (0) and a USDC batch (1)');
      runs.push({ id: run.id, companyId, scenario });
    }
  } finally {
    await platform.close();
  }
});

after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  if (server) await pg((client) => client.query(`drop schema if exists ${schema} cascade`));
});

function runChild(payRunId: string, scenario: (typeof scenarios)[number]) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    const spawned = spawn(process.execPath, ['--import', 'tsx', child, dataDir, payRunId], {
      env: {
        ...process.env,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        TANDEM_PAYRUN_CRASH_AT: 'point' in scenario ? `${payRunId}@${scenario.point}` : '',
        TANDEM_TEST_KILL_AFTER_MS: 'killAfterMs' in scenario ? String(scenario.killAfterMs) : '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    spawned.stdout.on('data', (chunk) => (output += chunk));
    spawned.stderr.on('data', (chunk) => (output += chunk));
    spawned.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
}

test('SIGKILL at any point of an execution, then a restart: everyone paid exactly once, the ledger balanced', async () => {
  for (const run of runs) {
    const result = await runChild(run.id, run.scenario);
    if ('point' in run.scenario)
      assert.equal(result.signal, 'SIGKILL', `killed at ${run.scenario.point}: ${result.output.slice(-2000)}`);
    else assert.ok(result.signal === 'SIGKILL' || result.code === 0, result.output.slice(-2000));
  }

  // The restart: opening the platform resumes every run left executing; one killed before it began is executed again.
  const platform: Platform = await open();
  try {
    const deadline = Date.now() + 240_000;
    for (const run of runs) {
      for (;;) {
        const { status } = await platform.payRuns.progress(run.id);
        if (finalPayRunStatuses.includes(status)) break;
        if (status === 'approved') await platform.payRuns.execute(run.id, actor, { wait: true });
        else await new Promise((resolve) => setTimeout(resolve, 250));
        assert.ok(Date.now() < deadline, `run ${run.id} (${JSON.stringify(run.scenario)}) did not finish`);
      }
    }

    for (const run of runs) {
      const label = JSON.stringify(run.scenario);
      const detail = await platform.payRuns.get(run.id);
      assert.equal(detail.status, 'paid', `${label}: ${JSON.stringify(detail.error)}`);
      const onChain = detail.payouts.filter((p) => p.channel === 'chain');
      assert.equal(new Set(onChain.map((p) => `${p.txHash}:${p.logIndex}`)).size, onChain.length, label);
      // Each employee's wallet is theirs alone: its balance is exactly what the run paid, so nobody was paid twice.
      for (const payout of onChain) {
        const token = payout.asset === 'USDC' ? platform.chain.contracts.usdc : platform.chain.contracts.eurc;
        const balance = await platform.chain.publicClient.readContract({
          address: token.address,
          abi: erc20Abi,
          functionName: 'balanceOf',
          args: [getAddress(payout.recipient)],
        });
        assert.equal(balance, payout.token!.amount, `${label}: ${payout.employeeId} ${payout.asset}`);
      }
      const executions = await platform.chain.publicClient.getContractEvents({
        address: getAddress(detail.vault!.address),
        abi: payrollVaultAbi,
        eventName: 'BatchExecuted',
        args: { runId: toRunId(run.id) },
        fromBlock: 0n,
      });
      assert.equal(executions.length, detail.batches.length, `${label}: one execution per batch`);
      const entries = await platform.ledger.journal({ companyId: run.companyId, limit: 1000 });
      const payoutEntries = entries.entries.filter((e) => e.idempotencyKey.startsWith(`payrun:${run.id}:payout:`));
      assert.equal(payoutEntries.length, onChain.length, `${label}: one ledger entry per payout`);
      const check = await platform.ledger.checkLedger({ companyId: run.companyId });
      assert.equal(
        check.ok,
        true,
        `${label}: ${JSON.stringify(check.problems, (_k, v) => (typeof v === 'bigint' ? `${v}` : v))}`,
      );
      const reconciliation = await platform.ledger.reconcileOnChain({
        companyId: run.companyId,
        readChainBalance: (chainId, address, currency) => platform.chain.balanceOf(chainId, address, currency),
      });
      assert.equal(reconciliation.ok, true, `${label}: the vault's ledger accounts match the chain`);
      const netPay = (await platform.ledger.balances({ companyId: run.companyId })).accounts.find(
        (a) => a.account.code === '2790',
      );
      assert.equal(netPay?.balance, 0n, `${label}: nothing owed, nothing paid twice`);
    }
  } finally {
    await platform.close();
  }
});
