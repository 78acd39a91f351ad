import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getAddress, toHex } from 'viem';
import { createTransactionSender } from '../../chain/sender/createTransactionSender.js';
import { createTestDatabase } from '../../db/createTestDatabase.js';
import { buildRewardTree } from './buildRewardTree.js';
import { createTestNetwork, type TestNetwork } from './fixtures/createTestNetwork.js';
import { publishEpoch } from './publishEpoch.js';
import { readModelVersion } from './readModelVersion.js';
import { type ModelVersionInput, registerModelVersion } from './registerModelVersion.js';
import { verifyModelFile } from './verifyModelFile.js';
import { verifyModelHash } from './verifyModelHash.js';

let t: TestNetwork;
before(async () => {
  t = await createTestNetwork();
});
after(() => t.close());

const party = (n: number) => getAddress(toHex(0xda7a00 + n, { size: 20 }));
const commitment = (n: number) => toHex(1000n + BigInt(n), { size: 32 });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function modelFile(name: string, text: string) {
  const path = join(t.dataDir, name);
  writeFileSync(path, text);
  return { path, sha256: sha256(text) };
}

const register = (input: ModelVersionInput) =>
  registerModelVersion({
    sender: t.sender,
    publicClient: t.testChain.publicClient,
    registry: t.contracts.modelRegistry.address,
    input,
  });

const baseInput = (modelSha256: string): ModelVersionInput => ({
  modelSha256,
  // In any order: they are recorded ascending by party.
  dataCommitments: [3, 1, 2].map((n) => ({ party: party(n), commitment: commitment(n) })),
  metrics: { f1: 0.95612, rocAuc: 0.99871 },
  privacy: { epsilon: 1.2345678, delta: 1e-5 },
  rewardEpoch: null,
  uri: 'https://models.example/fraud-v1.json',
});

describe('registerModelVersion and readModelVersion', () => {
  test('records a version in everyday units and reads it back; the same file registers once', async () => {
    const file = modelFile('v1.json', '{"model":1}');
    const tree = buildRewardTree({ epoch: 1n, budget: 10n, contributions: [{ account: party(1), score: 1 }] });
    await publishEpoch({
      sender: t.sender,
      publicClient: t.testChain.publicClient,
      distributor: t.contracts.rewardDistributor.address,
      epoch: 1n,
      root: tree.root,
      total: tree.total,
    });
    const registered = await register({ ...baseInput(file.sha256), rewardEpoch: 1n });
    assert.equal(registered.status, 'registered');
    assert.equal(registered.version, 1);
    assert.match(registered.txHash ?? '', /^0x[0-9a-f]{64}$/);

    const record = await readModelVersion({
      publicClient: t.testChain.publicClient,
      registry: t.contracts.modelRegistry.address,
      version: 1,
    });
    assert.equal(record.modelSha256, file.sha256);
    assert.deepEqual(
      record.dataCommitments,
      [1, 2, 3].map((n) => ({ party: party(n), commitment: commitment(n) })),
    );
    assert.deepEqual(record.metrics, { f1: 0.9561, rocAuc: 0.9987, f1Bps: 9561, rocAucBps: 9987 });
    // Privacy is rounded up, never understated.
    assert.deepEqual(record.privacy, {
      epsilon: 1.234568,
      delta: 1e-5,
      epsilonMicros: 1_234_568n,
      deltaE18: 10n ** 13n,
    });
    assert.equal(record.rewardEpoch, 1);
    assert.equal(record.rewardRoot, tree.root);
    assert.equal(record.uri, 'https://models.example/fraud-v1.json');
    assert.equal(record.registrar, t.testChain.accounts[0]!.address);

    // Again with the sender's record: the same transaction. Again with another sender (no record): the version found.
    assert.deepEqual(await register({ ...baseInput(file.sha256), rewardEpoch: 1n }), registered);
    const otherDatabase = await createTestDatabase();
    try {
      const other = await registerModelVersion({
        sender: createTransactionSender({
          db: otherDatabase.db,
          publicClient: t.testChain.publicClient as never,
          account: t.testChain.accounts[0]!,
          chainId: t.testChain.chain.id,
        }),
        publicClient: t.testChain.publicClient,
        registry: t.contracts.modelRegistry.address,
        input: baseInput(file.sha256),
      });
      assert.deepEqual(other, { version: 1, txHash: null, status: 'already-registered' });
    } finally {
      await otherDatabase.close();
    }
  });

  test('a model trained without differential privacy records no privacy and no reward epoch', async () => {
    const file = modelFile('v2.json', '{"model":2}');
    const { version } = await register({ ...baseInput(file.sha256), privacy: null });
    const record = await readModelVersion({
      publicClient: t.testChain.publicClient,
      registry: t.contracts.modelRegistry.address,
      version,
    });
    assert.equal(record.privacy, null);
    assert.equal(record.rewardEpoch, null);
    assert.equal(record.rewardRoot, null);
  });

  test('bad input is refused before anything is sent, naming the field', async () => {
    const input = baseInput(sha256('never sent'));
    await assert.rejects(register({ ...input, modelSha256: 'abc' }), { field: 'modelSha256' });
    await assert.rejects(register({ ...input, dataCommitments: [] }), { field: 'dataCommitments' });
    await assert.rejects(register({ ...input, dataCommitments: [{ party: 'x', commitment: commitment(1) }] }), {
      field: 'dataCommitments.0.party',
    });
    await assert.rejects(register({ ...input, dataCommitments: [{ party: party(1), commitment: '0x12' }] }), {
      field: 'dataCommitments.0.commitment',
    });
    await assert.rejects(
      register({ ...input, dataCommitments: [1, 1].map((n) => ({ party: party(n), commitment: commitment(n) })) }),
      /two data commitments/,
    );
    await assert.rejects(register({ ...input, metrics: { f1: 1.2, rocAuc: 0.9 } }), { field: 'metrics.f1' });
    await assert.rejects(register({ ...input, privacy: { epsilon: 0, delta: 0 } }), { field: 'privacy.epsilon' });
    await assert.rejects(register({ ...input, privacy: { epsilon: 1, delta: 2 } }), { field: 'privacy.delta' });
    await assert.rejects(
      register({ ...input, rewardEpoch: 99n }),
      (error: Error & { code?: string }) =>
        error.code === 'model-not-registered' && /ModelRegistry_RewardEpochNotFound\(99\)/.test(error.message),
    );
  });

  test('readModelVersion of a version that does not exist is a NotFoundError', async () => {
    await assert.rejects(
      readModelVersion({
        publicClient: t.testChain.publicClient,
        registry: t.contracts.modelRegistry.address,
        version: 999,
      }),
      (error: Error & { code?: string }) => error.code === 'model-version-not-found',
    );
  });
});

describe('verifyModelFile', () => {
  test('a registered file matches its version, found by hash or named; a changed byte matches nothing', async () => {
    const text = '{"model":"verified"}';
    const file = modelFile('verified.json', text);
    const { version } = await register(baseInput(file.sha256));
    const reader = { publicClient: t.testChain.publicClient, registry: t.contracts.modelRegistry.address };

    const found = await verifyModelFile({ ...reader, file: file.path });
    assert.equal(found.matches, true);
    assert.equal(found.version, version);
    assert.equal(found.sha256, file.sha256);
    assert.equal(found.record?.modelSha256, file.sha256);
    assert.match(found.verdict, new RegExp(`model version ${version}`));

    const named = await verifyModelFile({ ...reader, file: file.path, version });
    assert.equal(named.matches, true);

    const tampered = modelFile('tampered.json', text.replace('verified', 'verifieD'));
    const unknown = await verifyModelFile({ ...reader, file: tampered.path });
    assert.deepEqual([unknown.matches, unknown.version, unknown.record], [false, null, null]);
    const against = await verifyModelFile({ ...reader, file: tampered.path, version });
    assert.equal(against.matches, false);
    assert.match(against.verdict, /is NOT model version/);

    await assert.rejects(verifyModelFile({ ...reader, file: join(t.dataDir, 'missing.json') }), /cannot read/);
    await assert.rejects(verifyModelHash({ ...reader, sha256: 'nothex' }), { field: 'sha256' });
  });
});
