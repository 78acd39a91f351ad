import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestPlatform } from './createTestPlatform.js';

test('the test platform wires the database parts and stands in for the rest until they are used', async () => {
  const platform = await createTestPlatform();
  try {
    assert.equal((await platform.apiKeys.list()).length, 0);
    assert.deepEqual(await platform.companies.list(), []);
    const { chain } = platform; // reading an unwired part is fine (route registration does it)
    assert.throws(() => chain.status(), /The test platform has no "chain" \(used: chain.status\)/);
    assert.throws(() => `${chain.contracts.usdc.address}`, /no "chain"/);
  } finally {
    await platform.close();
  }
});

test('parts can be added or replaced', async () => {
  const platform = await createTestPlatform({ parts: (base) => ({ version: `${base.version}-test` }) });
  try {
    assert.match(platform.version, /-test$/);
  } finally {
    await platform.close();
  }
});
