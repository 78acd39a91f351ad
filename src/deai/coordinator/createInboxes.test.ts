import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createInboxes } from './createInboxes.js';

const node = '0x1000000000000000000000000000000000000001';

describe('coordinator inboxes', () => {
  it('hands out messages in order, waits for new ones, and forgets what a node acknowledged', async () => {
    const inboxes = createInboxes();
    inboxes.push(node, 'a');
    inboxes.push(node, 'b');
    const first = await inboxes.poll(node, 0, 0);
    assert.deepEqual(first, {
      messages: [
        { seq: 1, raw: 'a' },
        { seq: 2, raw: 'b' },
      ],
      next: 2,
    });
    assert.equal(inboxes.unacknowledged(5_000), 2, 'handed out is not yet received');
    const waiting = inboxes.poll(node, 2, 5_000);
    inboxes.push(node, 'c');
    assert.deepEqual(await waiting, { messages: [{ seq: 3, raw: 'c' }], next: 3 });
    assert.deepEqual(await inboxes.poll(node, 3, 10), { messages: [], next: 3 });
    assert.equal(inboxes.unacknowledged(5_000), 0, 'asking past a message acknowledges it');
  });

  it('does not wait for a node that stopped polling', async () => {
    const inboxes = createInboxes();
    await inboxes.poll(node, 0, 0);
    inboxes.push(node, 'a');
    assert.equal(inboxes.unacknowledged(60_000), 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(inboxes.unacknowledged(10), 0);
  });

  it('caps the queue of a node that stopped polling', async () => {
    const inboxes = createInboxes({ maxQueued: 3 });
    for (const raw of ['a', 'b', 'c', 'd', 'e']) inboxes.push(node, raw);
    await inboxes.poll(node, 0, 0);
    assert.equal(inboxes.unacknowledged(5_000), 3);
    const { messages, next } = await inboxes.poll(node, 0, 0);
    await inboxes.poll(node, next, 0);
    assert.equal(inboxes.unacknowledged(5_000), 0);
    assert.deepEqual(
      messages.map((message) => message.raw),
      ['c', 'd', 'e'],
    );
  });
});
