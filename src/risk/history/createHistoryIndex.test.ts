import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../db/createDatabase.js';
import { createTestDatabase } from '../../db/createTestDatabase.js';
import { createPrng } from '../model/createPrng.js';
import { defaultRiskThresholds, type RiskThresholds } from '../rules/RiskThresholds.js';
import type { RiskTransfer } from '../rules/RiskTransfer.js';
import { drawTransferIds } from '../screening/drawTransferIds.js';
import { createHistoryIndex } from './createHistoryIndex.js';
import { createSqlHistorySource } from './createSqlHistorySource.js';
import { loadScreeningHistories } from './loadScreeningHistories.js';

let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

const day = 86_400_000;
const end = Date.UTC(2026, 10, 1);
const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const notSanctioned = async () => () => false;

/** `count` transfers among `parties` addresses over `days` days before `end`, each at its own millisecond. */
async function insertTransfers(count: number, parties: number, days: number, seed: number) {
  const prng = createPrng(seed);
  const random = () => prng.nextFloat();
  const rows = Array.from({ length: count }, () => {
    const from = 1 + Math.floor(random() * parties);
    const to = 1 + ((from + Math.floor(random() * (parties - 1))) % parties);
    return {
      company_id: random() < 0.3 ? 'acme' : null,
      chain_id: 31337,
      asset: random() < 0.2 ? 'ETH' : 'USDC',
      amount: BigInt(1 + Math.floor(random() * 1e9)),
      decimals: 6,
      fiat_value_eur_cents: random() < 0.9 ? BigInt(Math.floor(random() * 1e6)) : null,
      from_address: address(from),
      to_address: address(to),
      direction: 'external' as const,
      source: 'submitted' as const,
      at: new Date(end - Math.floor(random() * days * day)),
    };
  });
  for (let i = 0; i < rows.length; i += 500)
    await database.db
      .insertInto('risk_transfers')
      .values(rows.slice(i, i + 500))
      .execute();
}

const sorted = (transfers: RiskTransfer[]) =>
  [...new Map(transfers.map((t) => [t.id, t])).values()].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('the screening history held in memory', () => {
  test('answers every read as the database does, and the graph walks come out the same', async () => {
    await insertTransfers(3_000, 60, 120, 11);
    const index = createHistoryIndex({ db: database.db, sanctioned: notSanctioned });
    const sqlSource = createSqlHistorySource(database.db);
    await index.sync();
    assert.equal(index.size, 3_000);
    const prng = createPrng(5);
    const random = () => prng.nextFloat();
    for (let round = 0; round < 20; round++) {
      const window = {
        since: new Date(end - (10 + Math.floor(random() * 100)) * day),
        until: new Date(end - Math.floor(random() * 10) * day),
        limit: 1 + Math.floor(random() * 30),
      };
      const addresses = Array.from({ length: 1 + Math.floor(random() * 5) }, () =>
        address(1 + Math.floor(random() * 65)),
      );
      const pairs = addresses.map((a, i) => [a, addresses[(i + 1) % addresses.length]!] as const);
      assert.deepEqual(
        sorted(await index.parties(window, addresses, pairs)),
        sorted(await sqlSource.parties(window, addresses, pairs)),
        `parties, round ${round}`,
      );
      const keep = round % 2 === 0 ? null : addresses.slice(0, 2);
      assert.deepEqual(
        sorted(await index.ring(window, addresses, keep)),
        sorted(await sqlSource.ring(window, addresses, keep)),
        `ring, round ${round}`,
      );
    }

    // Two rings of walk (sanctions exposure 4 hops), rings cut at 8 addresses, 40 transfers per address.
    const thresholds: RiskThresholds = {
      ...defaultRiskThresholds,
      history: { lookbackDays: 60, maxTransfersPerAddress: 40, maxAddressesPerHop: 8 },
      sanctionsExposure: { ...defaultRiskThresholds.sanctionsExposure, maxHops: 4 },
    };
    const requests = Array.from({ length: 12 }, (_, i) => ({
      from: address(1 + i),
      to: address(30 + i),
      at: new Date(end - i * 3 * day),
      thresholds,
    }));
    const fromIndex = await loadScreeningHistories(index, requests);
    const fromSql = await loadScreeningHistories(sqlSource, requests);
    assert.ok(fromIndex.some((history) => history.truncated));
    assert.deepEqual(
      fromIndex.map((h) => ({ truncated: h.truncated, transfers: sorted(h.transfers) })),
      fromSql.map((h) => ({ truncated: h.truncated, transfers: sorted(h.transfers) })),
    );
  });

  test('keeps up with rows added, deleted and changed by any writer', async () => {
    const index = createHistoryIndex({ db: database.db, sanctioned: notSanctioned });
    await index.sync();
    const before = index.size;
    const window = { since: new Date(end - 200 * day), until: new Date(end + day), limit: 10_000 };
    const everything = async () => sorted(await index.parties(window, [address(1), address(2), address(99)], []));

    await insertTransfers(10, 2, 1, 3);
    await index.sync();
    assert.equal(index.size, before + 10);
    const added = (await everything()).filter((t) => t.at.getTime() > end - day);

    // A reorg takes one back, and another's recipient is corrected.
    const [gone, moved] = await database.db
      .selectFrom('risk_transfers')
      .select('id')
      .where('at', '>', new Date(end - day))
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    await database.db.deleteFrom('risk_transfers').where('id', '=', gone!.id).execute();
    await database.db
      .updateTable('risk_transfers')
      .set({ to_address: address(99) })
      .where('id', '=', moved!.id)
      .execute();
    await index.sync();
    assert.equal(index.size, before + 9);
    const now = await everything();
    assert.ok(!now.some((t) => t.id === BigInt(gone!.id)));
    assert.equal(now.find((t) => t.id === BigInt(moved!.id))?.to, address(99));
    assert.ok(added.some((t) => t.id === BigInt(gone!.id)));
    // The pair's first meeting follows: 99 was never paid before, now it was.
    const [first] = await index.parties(window, [], [[now.find((t) => t.id === BigInt(moved!.id))!.from, address(99)]]);
    assert.equal(first?.id, BigInt(moved!.id));
  });

  test('lets transfers older than its retention go, and says which windows it no longer covers', async () => {
    const index = createHistoryIndex({
      db: database.db,
      sanctioned: notSanctioned,
      retainDays: 30,
      now: () => end,
    });
    await index.sync();
    assert.ok(index.covers(new Date(end - 30 * day)));
    assert.ok(!index.covers(new Date(end - 31 * day)));
    const { count } = (
      await sql<{ count: number }>`select count(*)::int as count from risk_transfers
      where at >= ${new Date(end - 30 * day)}`.execute(database.db)
    ).rows[0]!;
    assert.equal(index.size, count);
  });

  test('the last ring of a walk keeps transfers to a sanctioned address', async () => {
    await database.db
      .insertInto('risk_transfers')
      .values({
        chain_id: 31337,
        asset: 'USDC',
        amount: 5n,
        decimals: 6,
        from_address: address(3),
        to_address: address(7),
        direction: 'external',
        source: 'submitted',
        at: new Date(end - day),
      })
      .execute();
    const index = createHistoryIndex({
      db: database.db,
      sanctioned: async () => (candidate) => candidate === address(7),
    });
    await index.sync();
    const window = { since: new Date(end - 200 * day), until: new Date(end), limit: 10_000 };
    const kept = await index.ring(window, [address(3)], []);
    assert.ok(kept.length > 0);
    assert.ok(kept.every((t) => t.to === address(7) || t.from === address(7)));
  });
  test('ids drawn after a bulk load of history, more rows than the gaps it tracks, lose none of the load', async () => {
    const index = createHistoryIndex({ db: database.db, sanctioned: notSanctioned, maxGaps: 10 });
    await index.sync();
    const before = index.size;
    // 40 rows loaded by another writer after the last sync, then this process draws ids for its own batch: the
    // ids are above the whole load, which was never read.
    await insertTransfers(40, 5_000, 10, 99);
    await index.expect(await drawTransferIds(database.db, 3));
    await index.sync();
    assert.equal(index.size, before + 40);
  });

  test('takes in what this process stored without reading it back, and finds what others committed around it', async () => {
    const index = createHistoryIndex({ db: database.db, sanctioned: notSanctioned });
    await index.sync();
    const before = index.size;
    const transfer = (id: bigint, from: number, to: number, amount: bigint): RiskTransfer => ({
      id,
      companyId: null,
      chainId: 31337,
      asset: 'USDC',
      amount,
      decimals: 6,
      fiatValueEurCents: 100n,
      from: address(from),
      to: address(to),
      direction: 'external',
      source: 'submitted',
      at: new Date(end - day + Number(id % 1000n)),
    });
    const insert = (t: RiskTransfer) =>
      database.db
        .insertInto('risk_transfers')
        .values({
          id: t.id,
          company_id: t.companyId,
          chain_id: t.chainId,
          asset: t.asset,
          amount: t.amount,
          decimals: t.decimals,
          fiat_value_eur_cents: t.fiatValueEurCents,
          from_address: t.from,
          to_address: t.to,
          direction: t.direction,
          source: t.source,
          at: t.at,
        })
        .execute();
    // Another writer draws an id first but commits last; this process draws two after it, stores them (a sync
    // runs meanwhile) and takes them in.
    const [othersId, ...ownIds] = await drawTransferIds(database.db, 3);
    await index.expect(ownIds);
    const own = ownIds.map((id) => transfer(id, 5041, 5042, 7n));
    for (const t of own) await insert(t);
    await index.sync();
    assert.equal(index.size, before, 'a sync does not read back the transfers this process is storing');
    await index.learn([{ ...own[0]!, amount: 8n }, own[1]!]);
    await insert(transfer(othersId!, 5041, 5043, 9n));
    await index.sync();
    const window = { since: new Date(end - 2 * day), until: new Date(end + day), limit: 100 };
    const held = sorted(await index.parties(window, [address(5041)], []));
    assert.deepEqual(
      held.map((t) => [t.id, t.amount]),
      // The first is as it was taken in (8, not the 7 stored): no sync read it back.
      [
        [othersId, 9n],
        [ownIds[0], 8n],
        [ownIds[1], 7n],
      ],
    );
    assert.equal(index.size, before + 3);
  });
});
