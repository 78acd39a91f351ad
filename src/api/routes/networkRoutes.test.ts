import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { createTestNetwork, type TestNetwork } from '../../deai/onchain/fixtures/createTestNetwork.js';
import { exampleRoundReport } from '../../deai/onchain/fixtures/exampleRoundReport.js';
import type { Platform } from '../../platform/Platform.js';
import { createApiKeys } from '../auth/createApiKeys.js';
import { createApi } from '../createApi.js';
import { createTestApiCaller, type TestApiCaller } from '../createTestApiCaller.js';

let t: TestNetwork;
let api: ReturnType<typeof createApi>;
let call: TestApiCaller<keyof typeof keys>;
const keys = { admin: '', viewer: '' };
let model: { file: string; sha256: string };

before(async () => {
  t = await createTestNetwork();
  const { db } = t.database;
  const apiKeys = createApiKeys({ db });
  keys.admin = (await apiKeys.create({ name: 'admin key', role: 'admin' })).secret;
  keys.viewer = (await apiKeys.create({ name: 'viewer key', role: 'viewer' })).secret;
  // The parts of the platform these routes use.
  const platform = {
    version: 'test',
    logger: pino({ level: 'silent' }),
    db,
    apiKeys,
    chain: { chainId: t.testChain.chain.id },
    network: t.network,
  } as unknown as Platform;
  api = createApi({ platform });
  call = createTestApiCaller(api, keys);
  const text = '{"stand-in":"model"}';
  model = { file: join(t.dataDir, 'model.json'), sha256: createHash('sha256').update(text).digest('hex') };
  writeFileSync(model.file, text);
});
after(() => t.close());

describe('network API', () => {
  test('an admin records and publishes a round; every role reads rounds, contributions, rewards and models', async () => {
    const [, , , alice, bob] = t.testChain.accounts;
    const report = await exampleRoundReport({
      roundId: 'r-api',
      model,
      parties: [
        { account: alice!, role: 'data', value: 0.03, share: 0.75 },
        { account: bob!, role: 'data', value: 0.01, share: 0.25 },
      ],
    });
    const refused = await call('viewer', 'POST', '/v1/network/rounds', report);
    assert.equal(refused.status, 403);

    const recorded = await call('admin', 'POST', '/v1/network/rounds', report);
    assert.equal(recorded.status, 200);
    assert.equal(recorded.body.id, 'r-api');
    assert.equal(recorded.body.contributions.length, 2);
    assert.equal(recorded.body.trainingCurve.length, 2);

    const published = await call('admin', 'POST', '/v1/network/rounds/r-api/publish', { budget: '1000' });
    assert.equal(published.status, 200);
    assert.deepEqual(
      published.body.rewards.map((r: { account: string; amount: string }) => [r.account, r.amount]),
      [
        [alice!.address, '750'],
        [bob!.address, '250'],
      ].sort((a, b) => (BigInt(a[0]!) < BigInt(b[0]!) ? -1 : 1)),
    );
    const version = published.body.modelVersion.version;

    const rounds = await call('viewer', 'GET', '/v1/network/rounds');
    assert.deepEqual([rounds.body.rounds[0].id, rounds.body.rounds[0].rewardEpoch], ['r-api', 1]);
    const contributions = await call('viewer', 'GET', `/v1/network/contributions?contributor=${alice!.address}`);
    assert.equal(contributions.body.contributions[0].share, 0.75);
    const contributors = await call('viewer', 'GET', '/v1/network/contributors');
    assert.equal(contributors.body.contributors.length, 2);

    const rewards = await call('viewer', 'GET', `/v1/network/rewards?account=${alice!.address}`);
    assert.equal(rewards.body.rewards[0].status, 'claimable');
    assert.equal(rewards.body.rewards[0].amount, '750');
    assert.ok(rewards.body.rewards[0].proof.length >= 1);

    assert.equal(
      (await call('viewer', 'POST', '/v1/network/rewards/claim', { epoch: 1, account: alice!.address })).status,
      403,
    );
    const claimed = await call('admin', 'POST', '/v1/network/rewards/claim', { epoch: 1, account: alice!.address });
    assert.equal(claimed.body.status, 'claimed');
    assert.match(claimed.body.txHash, /^0x[0-9a-f]{64}$/);
    const all = await call('admin', 'POST', '/v1/network/rewards/claim-all', {});
    assert.deepEqual(
      all.body.claimed.map((r: { account: string }) => r.account),
      [bob!.address],
    );
    assert.equal(await t.network.tokenBalance(alice!.address), 750n);

    const models = await call('viewer', 'GET', '/v1/network/models');
    assert.equal(models.body.versions[0].modelSha256, model.sha256);
    const one = await call('viewer', 'GET', `/v1/network/models/${version}`);
    assert.equal(one.body.roundId, 'r-api');
    assert.equal(one.body.privacy.epsilonMicros, '4000000');
    const verified = await call('viewer', 'POST', '/v1/network/models/verify', { sha256: model.sha256 });
    assert.deepEqual([verified.body.matches, verified.body.version], [true, version]);
    const mismatch = await call('viewer', 'POST', '/v1/network/models/verify', { sha256: '0'.repeat(64), version });
    assert.equal(mismatch.body.matches, false);

    const contracts = await call('viewer', 'GET', '/v1/network/contracts');
    assert.equal(contracts.body.modelRegistry, t.contracts.modelRegistry.address);
  });

  test('bad input and unknown things answer problem+json naming the field or the thing', async () => {
    const missing = await call('viewer', 'GET', '/v1/network/models/99');
    assert.equal(missing.status, 404);
    assert.equal(missing.type, 'application/problem+json');
    assert.equal(missing.body.type, 'https://tandem.dev/problems/model-version-not-found');
    const badVersion = await call('viewer', 'GET', '/v1/network/models/zero');
    assert.equal(badVersion.status, 400);
    const badReport = await call('admin', 'POST', '/v1/network/rounds', { roundId: 'r-x', status: 'completed' });
    assert.equal(badReport.status, 400);
    assert.equal(badReport.type, 'application/problem+json');
    const noRound = await call('viewer', 'GET', '/v1/network/rounds/r-nope');
    assert.equal(noRound.status, 404);
    const badSha = await call('viewer', 'POST', '/v1/network/models/verify', { sha256: 'xyz' });
    assert.equal(badSha.status, 400);
    assert.equal(badSha.body.field, 'sha256');
    const badAccount = await call('viewer', 'GET', '/v1/network/rewards?account=nobody');
    assert.equal(badAccount.status, 400);
    assert.equal(badAccount.body.field, 'account');
  });

  test('the OpenAPI document describes the network routes', async () => {
    const response = await api.request('/openapi.json');
    const document = (await response.json()) as { paths: Record<string, unknown> };
    for (const path of ['/v1/network/rounds/{id}', '/v1/network/rewards/claim', '/v1/network/models/verify'])
      assert.ok(document.paths[path], path);
  });
});
