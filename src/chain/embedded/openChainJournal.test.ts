import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ConfigError } from '../../errors/BaseError.js';
import { type ChainJournalEntry, openChainJournal } from './openChainJournal.js';

const folder = mkdtempSync(join(tmpdir(), 'tandem-journal-'));
after(() => rmSync(folder, { recursive: true, force: true }));

const entry = (n: number): ChainJournalEntry => ({
  m: 'evm_mine',
  p: [],
  t: 1_700_000_000 + n,
  o: 0,
  n,
  h: `0x${'ab'.repeat(32)}`,
});
const line = (n: number) => `${JSON.stringify(entry(n))}\n`;

test('appends entries durably and reads them back in order', async () => {
  const path = join(folder, 'appends.ndjson');
  const journal = await openChainJournal(path);
  assert.deepEqual(journal.entries, []);
  await journal.append(entry(1));
  await journal.append(entry(2));
  await journal.close();
  const reopened = await openChainJournal(path);
  assert.deepEqual(reopened.entries, [entry(1), entry(2)]);
  assert.equal(reopened.tornTail, undefined);
  await reopened.close();
});

test('a torn last line is reported, cut off, and later appends start on a clean line', async () => {
  const path = join(folder, 'torn.ndjson');
  writeFileSync(path, line(1) + line(2) + line(3).slice(0, 25));
  const journal = await openChainJournal(path);
  assert.deepEqual(journal.entries, [entry(1), entry(2)]);
  assert.deepEqual(journal.tornTail, { line: 3, bytes: 25 });
  await journal.append(entry(4));
  await journal.close();
  assert.equal(readFileSync(path, 'utf8'), line(1) + line(2) + line(4));
});

test('zeros left after the last line by a power cut count as a torn tail', async () => {
  const path = join(folder, 'zeros.ndjson');
  writeFileSync(path, line(1));
  appendFileSync(path, Buffer.alloc(512));
  const journal = await openChainJournal(path);
  assert.deepEqual(journal.entries, [entry(1)]);
  assert.deepEqual(journal.tornTail, { line: 2, bytes: 512 });
  await journal.close();
});

test('a corrupt line before the end is an error naming the file and line, and the file is left as it was', async () => {
  const path = join(folder, 'corrupt.ndjson');
  const content = `${line(1)}{"m":"evm_mine","p":[],"o":0,\n${line(3)}`;
  writeFileSync(path, content);
  await assert.rejects(openChainJournal(path), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.shortMessage, `The chain journal ${path} is corrupt at line 2.`);
    assert.equal(error.field, `${path}:2`);
    return true;
  });
  assert.equal(readFileSync(path, 'utf8'), content);
});

test('a line that is JSON but not a journal entry is an error naming the field', async () => {
  const path = join(folder, 'invalid.ndjson');
  writeFileSync(path, `${line(1)}${JSON.stringify({ m: 'evm_mine', p: [], o: 'soon' })}\n`);
  await assert.rejects(openChainJournal(path), /corrupt at line 2[\s\S]*Line 2: o: /);
});

test('appends made while a sync is in flight share the next sync, and land in the order they were made', async () => {
  const path = join(folder, 'group.ndjson');
  const journal = await openChainJournal(path);
  const entries = Array.from({ length: 50 }, (_, n) => entry(n));
  await Promise.all(entries.map((e) => journal.append(e)));
  assert.ok(journal.syncs < entries.length, `${journal.syncs} syncs for ${entries.length} appends`);
  assert.ok(journal.syncs >= 1);
  await journal.close();
  const reopened = await openChainJournal(path);
  assert.deepEqual(reopened.entries, entries);
  await reopened.close();
});

test('close waits for the sync under way; a closed journal refuses appends', async () => {
  const path = join(folder, 'close.ndjson');
  const journal = await openChainJournal(path);
  const durable = journal.append(entry(1));
  await journal.close();
  await durable;
  await assert.rejects(journal.append(entry(2)), /is closed/);
  assert.equal(readFileSync(path, 'utf8'), line(1));
});
