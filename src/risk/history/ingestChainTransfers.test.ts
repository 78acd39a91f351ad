import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../db/createDatabase.js';
import { createTestDatabase } from '../../db/createTestDatabase.js';
import { createLedger } from '../../ledger/createLedger.js';
import { testPrices } from '../fixtures/createTestRiskEngine.js';
import { fixedEurValuation } from '../screening/createEurValuation.js';
import { ingestChainTransfers } from './ingestChainTransfers.js';

let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

const chainId = 31337;
const vault = '0x00000000000000000000000000000000000000a1';
const employee = '0x00000000000000000000000000000000000000b2';
const stranger = '0x00000000000000000000000000000000000000c3';
const zero = '0x0000000000000000000000000000000000000000';
const valuation = fixedEurValuation(testPrices);
const blockTimestamps = async (blocks: bigint[]) =>
  new Map(blocks.map((block) => [block, new Date(Date.UTC(2026, 0, 1) + Number(block) * 12_000)]));

/** An indexed ERC-20 Transfer as the chain indexer stores it, and the block it recorded. */
async function indexEvent(block: number, logIndex: number, label: string, from: string, to: string, value: bigint) {
  const txHash = `0x${block.toString(16).padStart(32, '0')}${logIndex.toString(16).padStart(32, '0')}`;
  await database.db
    .insertInto('chain_events')
    .values({
      chain_id: chainId,
      block_number: BigInt(block),
      block_hash: `0x${'b'.repeat(63)}${block % 10}`,
      tx_hash: txHash,
      log_index: logIndex,
      address: '0x00000000000000000000000000000000000000ee',
      event_name: `${label}.Transfer`,
      args: JSON.stringify({ from, to, value: value.toString() }),
    })
    .execute();
  await database.db
    .insertInto('chain_indexer_blocks')
    .values({ chain_id: chainId, block_number: BigInt(block), block_hash: `0x${block}`, parent_hash: '' })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return txHash;
}

describe('ingesting indexed ERC-20 transfers', () => {
  test('transfers become history with direction, company, EUR value and block time; payouts find their hash', async () => {
    await createLedger({ db: database.db }).createAccount({
      companyId: 'acme',
      code: '1010',
      name: 'Vault USDC',
      type: 'asset',
      currency: 'USDC',
      decimals: 6,
      chainId,
      address: vault,
    });
    // A payout screened before it went on chain: the indexed transfer completes it instead of doubling it.
    await database.db
      .insertInto('risk_transfers')
      .values({
        company_id: 'acme',
        chain_id: chainId,
        asset: 'USDC',
        amount: 2_000_000_000n,
        decimals: 6,
        fiat_value_eur_cents: 172_414n,
        from_address: vault,
        to_address: employee,
        direction: 'outgoing',
        source: 'payout',
        tx_hash: null,
        log_index: null,
        block_number: null,
        reference: 'payrun 2026-01',
        at: new Date('2026-01-01T00:00:00Z'),
      })
      .execute();
    await indexEvent(10, 0, 'USDC', zero, vault, 10_000_000_000n); // a mint: not a transfer between parties
    const payoutHash = await indexEvent(11, 0, 'USDC', vault, employee, 2_000_000_000n);
    await indexEvent(11, 1, 'EURC', employee, stranger, 500_000_000n);
    await indexEvent(12, 0, 'USDC', stranger, vault, 116_000_000n);
    await indexEvent(12, 1, 'WETH', stranger, vault, 1n); // not a watched asset

    const first = await ingestChainTransfers({ db: database.db, chainId, valuation, blockTimestamps });
    assert.deepEqual(first, { ingested: 2, matched: 1, undone: 0, toBlock: 12n });
    const rows = await database.db.selectFrom('risk_transfers').selectAll().orderBy('id').execute();
    assert.deepEqual(
      rows.map((row) => [
        row.source,
        row.direction,
        row.company_id,
        row.asset,
        row.fiat_value_eur_cents,
        row.tx_hash !== null,
      ]),
      [
        ['payout', 'outgoing', 'acme', 'USDC', 172_414n, true],
        ['indexed', 'external', null, 'EURC', 50_000n, true],
        ['indexed', 'incoming', 'acme', 'USDC', 10_000n, true],
      ],
    );
    assert.equal(rows[0]!.tx_hash, payoutHash);
    assert.deepEqual(rows[1]!.at, new Date(Date.UTC(2026, 0, 1) + 11 * 12_000));

    const again = await ingestChainTransfers({ db: database.db, chainId, valuation, blockTimestamps });
    assert.deepEqual(again, { ingested: 0, matched: 0, undone: 0, toBlock: 12n });

    // A reorg the indexer undid (block 12 dropped) is undone here too.
    await database.db.deleteFrom('chain_events').where('block_number', '=', 12n).execute();
    const afterReorg = await ingestChainTransfers({ db: database.db, chainId, valuation, blockTimestamps });
    assert.equal(afterReorg.undone, 1);
    assert.equal((await database.db.selectFrom('risk_transfers').select('id').execute()).length, 2);
  });
});
