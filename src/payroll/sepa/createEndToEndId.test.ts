import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEndToEndId } from './createEndToEndId.js';
import { createMessageId } from './createMessageId.js';

test('the EndToEndId is stable per run and employee, unique across them, and fits SEPA', () => {
  const runA = '0b6f5a2e-7c1d-4e8f-9a0b-1c2d3e4f5a6b';
  const runB = '0b6f5a2e-7c1d-4e8f-9a0b-1c2d3e4f5a6c';
  const id = createEndToEndId({ payRunId: runA, employeeId: 'E-0042' });
  assert.equal(id, createEndToEndId({ payRunId: runA, employeeId: 'E-0042' }));
  assert.match(id, /^E-0042-[0-9a-f]{20}$/);
  const ids = new Set<string>();
  for (const run of [runA, runB])
    for (let i = 0; i < 1000; i++) ids.add(createEndToEndId({ payRunId: run, employeeId: `E-${i}` }));
  assert.equal(ids.size, 2000);
  const odd = createEndToEndId({ payRunId: runA, employeeId: '/Ünïcödé employee #1 with a long id//' });
  assert.match(odd, /^[A-Za-z0-9-]{1,35}$/);
  assert.match(createEndToEndId({ payRunId: runA, employeeId: '王' }), /^[0-9a-f]{20}$/);
});

test('the MsgId is 35 characters, stable per run', () => {
  const id = createMessageId('0b6f5a2e-7c1d-4e8f-9a0b-1c2d3e4f5a6b');
  assert.equal(id.length, 35);
  assert.equal(id, createMessageId('0b6f5a2e-7c1d-4e8f-9a0b-1c2d3e4f5a6b'));
  assert.notEqual(id, createMessageId('another run'));
});
