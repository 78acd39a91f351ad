import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Address, getAddress, keccak256, toHex } from 'viem';
import {
  sanctionsOracleAbi as abi,
  sanctionsOracleBytecode as bytecode,
} from '../../chain/contracts/generated/SanctionsOracle.js';
import { createTestChain, type TestChain } from '../../chain/embedded/createTestChain.js';
import { createTransactionSender, type TransactionSender } from '../../chain/sender/createTransactionSender.js';
import type { Database } from '../../db/createDatabase.js';
import { createTestDatabase } from '../../db/createTestDatabase.js';
import { createSanctionsList, type SanctionsList } from '../sanctions/createSanctionsList.js';
import { type OfacXmlParty, ofacXml } from '../sanctions/fixtures/ofacXml.js';
import { writeListFile } from '../sanctions/fixtures/writeListFile.js';
import { syncSanctionsOracle } from './syncSanctionsOracle.js';

let chain: TestChain;
let database: Database;
const folder = mkdtempSync(join(tmpdir(), 'tandem-oracle-'));
before(async () => {
  [chain, database] = await Promise.all([createTestChain(), createTestDatabase()]);
});
after(async () => {
  await Promise.all([chain.close(), database.close()]);
  rmSync(folder, { recursive: true, force: true });
});

// Made-up EVM addresses in the list's own spelling (EIP-55 checksummed, as OFAC writes them).
const evm = (n: number) => getAddress(keccak256(toHex(`sanctioned ${n}`)).slice(0, 42));
const party = (profileId: number, numbers: number[], extra: OfacXmlParty['addresses'] = []): OfacXmlParty => ({
  profileId,
  name: `Party ${profileId}`,
  addresses: [...numbers.map((n) => ({ ticker: n % 3 === 0 ? 'USDT' : 'ETH', address: evm(n) })), ...extra],
  programs: ['CYBER2'],
});
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

function setup(): { sanctionsList: SanctionsList; sender: TransactionSender } {
  return {
    sanctionsList: createSanctionsList({ db: database.db }),
    sender: createTransactionSender({
      db: database.db,
      publicClient: chain.publicClient as never,
      account: chain.accounts[0]!,
      chainId: chain.chain.id,
      retryDelayMs: 5,
    }),
  };
}

const isSanctioned = (oracle: Address, address: Address) =>
  chain.publicClient.readContract({ address: oracle, abi, functionName: 'isSanctioned', args: [address] });
const sanctionedCount = (oracle: Address) =>
  chain.publicClient.readContract({ address: oracle, abi, functionName: 'sanctionedCount' });

describe('sanctions oracle sync', () => {
  test('the oracle matches the list after a sync, and after a replacement list', async () => {
    const oracle = await chain.deploy({ abi, bytecode, args: [chain.accounts[0]!.address] });
    const { sanctionsList, sender } = setup();
    // 230 EVM addresses (one filed under two tickers) and two that are not EVM, which stay off chain.
    const first = [
      party(1, range(0, 150), [{ ticker: 'XBT', address: '1H939dom7i4WDLCKyGbXUp3fs9CSTNRzgL' }]),
      party(2, range(150, 230), [
        { ticker: 'USDC', address: evm(151) },
        { ticker: 'TRX', address: 'TA3941uFAvmVibSkQ6fMJXxmaSNovX86mz' },
      ]),
    ];
    await sanctionsList.load({
      file: writeListFile(folder, 'first.xml', ofacXml({ publishedOn: '2025-11-19', parties: first })),
    });
    const synced = await syncSanctionsOracle({ db: database.db, sanctionsList, sender, oracle, batchSize: 100 });
    assert.equal(synced.status, 'synced');
    assert.equal(synced.added, 230);
    assert.equal(synced.removed, 0);
    assert.equal(synced.onOracle, 230);
    const listVersion = synced.listVersion!;
    assert.deepEqual(
      synced.batches.map((batch) => [batch.idempotencyKey, batch.addresses, batch.status]),
      [0, 1, 2].map((i) => [
        `sanctions-oracle:${chain.chain.id}:${oracle.toLowerCase()}:${listVersion}:add:${i}`,
        i < 2 ? 100 : 30,
        'confirmed',
      ]),
    );
    assert.equal(await sanctionedCount(oracle), 230n);
    for (const n of range(0, 230)) assert.equal(await isSanctioned(oracle, evm(n)), true, `address ${n}`);
    assert.equal(await isSanctioned(oracle, evm(230)), false);

    const again = await syncSanctionsOracle({ db: database.db, sanctionsList, sender, oracle });
    assert.equal(again.status, 'unchanged');
    assert.equal((await sender.list({ purpose: 'sanctions-oracle.add' })).length, 3);

    // The replacement delists 0–39 and lists 230–259.
    const second = [party(1, range(40, 150)), party(2, range(150, 260))];
    await sanctionsList.load({
      file: writeListFile(folder, 'second.xml', ofacXml({ publishedOn: '2025-12-01', parties: second })),
    });
    const replaced = await syncSanctionsOracle({ db: database.db, sanctionsList, sender, oracle, batchSize: 100 });
    assert.equal(replaced.added, 30);
    assert.equal(replaced.removed, 40);
    assert.equal(replaced.onOracle, 220);
    assert.deepEqual(
      replaced.batches.map((batch) => [batch.kind, batch.addresses]),
      [
        ['add', 30],
        ['remove', 40],
      ],
    );
    assert.equal(await sanctionedCount(oracle), 220n);
    for (const n of range(0, 260))
      assert.equal(await isSanctioned(oracle, evm(n)), n >= 40, `address ${n} after the replacement`);
  });

  test('a sync that crashed after signing resumes its stored plan without sending anything twice', async () => {
    const oracle = await chain.deploy({ abi, bytecode, args: [chain.accounts[0]!.address] });
    const { sanctionsList, sender } = setup();
    await sanctionsList.load({
      file: writeListFile(
        folder,
        'crash.xml',
        ofacXml({ publishedOn: '2025-12-02', parties: [party(3, range(300, 350))] }),
      ),
    });
    // The first run signs and stores its batches, then "crashes" before broadcasting any.
    const crashing = {
      ...sender,
      async sendMany(intents: Parameters<TransactionSender['sendMany']>[0]) {
        for (const intent of intents) await sender.prepare(intent);
        throw new Error('process killed');
      },
    } as TransactionSender;
    await assert.rejects(
      syncSanctionsOracle({ db: database.db, sanctionsList, sender: crashing, oracle, batchSize: 20 }),
      /process killed/,
    );
    assert.equal(await sanctionedCount(oracle), 0n);

    const resumed = await syncSanctionsOracle({ db: database.db, sanctionsList, sender, oracle, batchSize: 100 });
    assert.equal(resumed.status, 'synced');
    // The stored plan's batch size (20) wins over the new call's: same batches, same keys.
    assert.equal(resumed.batches.length, 3);
    assert.equal(await sanctionedCount(oracle), 50n);
    const records = (await sender.list({ purpose: 'sanctions-oracle.add', limit: 1000 })).filter((record) =>
      record.idempotencyKey.includes(oracle.toLowerCase()),
    );
    assert.equal(records.length, 3);
    assert.ok(records.every((record) => record.status === 'confirmed'));
  });

  test('a reverted batch is reported, and sent again under a retry key once fixed', async () => {
    // An oracle administered by another account: Tandem's sender lacks the updater role.
    const stranger = chain.accounts[3]!;
    const oracle = await chain.deploy({ abi, bytecode, args: [stranger.address], from: stranger });
    const { sanctionsList, sender } = setup();
    await sanctionsList.load({
      file: writeListFile(
        folder,
        'role.xml',
        ofacXml({ publishedOn: '2025-12-03', parties: [party(4, range(400, 410))] }),
      ),
    });
    await assert.rejects(
      syncSanctionsOracle({ db: database.db, sanctionsList, sender, oracle }),
      (error: Error & { code?: string }) => error.code === 'sanctions-oracle-sync-failed',
    );
    const updaterRole = await chain.publicClient.readContract({ address: oracle, abi, functionName: 'UPDATER_ROLE' });
    const hash = await chain.walletFor(stranger).writeContract({
      address: oracle,
      abi,
      functionName: 'grantRole',
      args: [updaterRole, chain.accounts[0]!.address],
    });
    await chain.publicClient.waitForTransactionReceipt({ hash });
    const fixed = await syncSanctionsOracle({ db: database.db, sanctionsList, sender, oracle });
    assert.equal(fixed.status, 'synced');
    assert.match(fixed.batches[0]!.idempotencyKey, /:add:0:retry-1$/);
    assert.equal(await sanctionedCount(oracle), 10n);
  });
});
