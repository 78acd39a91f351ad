import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../db/createDatabase.js';
import { createTestDatabase } from '../../db/createTestDatabase.js';
import { createTransferIdReserve } from './createTransferIdReserve.js';
import { drawTransferIds } from './drawTransferIds.js';

let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

describe('transfer id reserve', () => {
  test('hands out increasing, unique ids from blocks drawn from the sequence, telling of each block first', async () => {
    const blocks: bigint[][] = [];
    const reserve = createTransferIdReserve({
      db: database.db,
      blockSize: 8,
      onDrawn: (ids) => {
        blocks.push([...ids]);
      },
    });
    // Taken together, as concurrent batches would: none may share an id.
    const taken = await Promise.all([3, 4, 2, 5, 2].map((count) => reserve.take(count)));
    const all = taken.flat();
    assert.deepEqual(
      taken.map((ids) => ids.length),
      [3, 4, 2, 5, 2],
    );
    assert.equal(new Set(all).size, all.length, 'no id handed out twice');
    for (let i = 1; i < all.length; i++) assert.ok(all[i]! > all[i - 1]!, 'in increasing order');
    // 3 + 4 from the first block of 8; 2 does not fit in the 1 left: a second block, for 2 + 5; the last 2 a third.
    assert.equal(blocks.length, 3);
    for (const id of all)
      assert.ok(
        blocks.some((block) => block.includes(id)),
        `id ${id} came from a block told of`,
      );
    // Another writer's id comes after every block drawn so far.
    const [others] = await drawTransferIds(database.db, 1);
    assert.ok(others! > blocks.flat().reduce((a, b) => (a > b ? a : b)));
  });

  test('a block older than maxAgeMs is dropped and a fresh one drawn', async () => {
    let clock = 0;
    const blocks: bigint[][] = [];
    const reserve = createTransferIdReserve({
      db: database.db,
      blockSize: 10,
      maxAgeMs: 5_000,
      now: () => clock,
      onDrawn: (ids) => {
        blocks.push([...ids]);
      },
    });
    const [first] = await reserve.take(1);
    clock = 4_000;
    const [second] = await reserve.take(1);
    assert.equal(second, first! + 1n, 'still the same block within maxAgeMs');
    clock = 10_000;
    const [third] = await reserve.take(1);
    assert.equal(blocks.length, 2);
    assert.equal(third, blocks[1]![0]);
    assert.ok(third! > blocks[0]!.at(-1)!);
  });

  test('a batch larger than the block size gets a block of its own size', async () => {
    const reserve = createTransferIdReserve({ db: database.db, blockSize: 4 });
    const ids = await reserve.take(9);
    assert.equal(ids.length, 9);
    assert.equal(ids.at(-1)! - ids[0]!, 8n, 'consecutive: one draw');
  });
});
