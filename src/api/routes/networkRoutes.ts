import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Platform } from '../../platform/Platform.js';
import type { ApiEnv } from '../ApiEnv.js';
import { requireRole } from '../auth/requireRole.js';
import {
  claimAllSchema,
  claimSchema,
  contributionSchema,
  contributionsQuerySchema,
  contributorSchema,
  modelVerificationSchema,
  modelVersionSchema,
  networkContractsSchema,
  publishedRoundSchema,
  publishRoundSchema,
  rewardSchema,
  rewardsQuerySchema,
  roundDetailSchema,
  roundIdParamSchema,
  roundReportSchema,
  roundSchema,
  verifyModelSchema,
  versionParamSchema,
} from '../schemas/networkSchemas.js';
import { toJson } from '../toJson.js';

// The network's records are public in spirit (the model is open source, the chain is public): every role reads them.
// Recording rounds, publishing rewards and paying for claims change state on chain, which is the admin's.
const readers = requireRole('viewer', 'approver', 'compliance');
const operators = requireRole('admin');
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const tags = ['network'];

const contractsRoute = createRoute({
  method: 'get',
  path: '/v1/network/contracts',
  tags,
  summary: 'The reward distributor, reward token and model registry on Tandem’s chain',
  middleware: [readers] as const,
  responses: { 200: { description: 'Addresses', ...json(networkContractsSchema) } },
});

const contributorsRoute = createRoute({
  method: 'get',
  path: '/v1/network/contributors',
  tags,
  summary: 'Contributors: kind, flags, rounds, tokens rewarded and claimed',
  middleware: [readers] as const,
  responses: {
    200: { description: 'Contributors', ...json(z.object({ contributors: z.array(contributorSchema) })) },
  },
});

const roundsRoute = createRoute({
  method: 'get',
  path: '/v1/network/rounds',
  tags,
  summary: 'Training rounds, newest first',
  middleware: [readers] as const,
  responses: { 200: { description: 'Rounds', ...json(z.object({ rounds: z.array(roundSchema) })) } },
});

const roundRoute = createRoute({
  method: 'get',
  path: '/v1/network/rounds/{id}',
  tags,
  summary: 'A round with each contribution and its per-tree training curve',
  middleware: [readers] as const,
  request: { params: roundIdParamSchema },
  responses: { 200: { description: 'The round', ...json(roundDetailSchema) } },
});

const recordRoundRoute = createRoute({
  method: 'post',
  path: '/v1/network/rounds',
  tags,
  summary: 'Record a round as the coordinator reports it (idempotent)',
  middleware: [operators] as const,
  request: { body: { ...json(roundReportSchema), required: true } },
  responses: { 200: { description: 'The round as recorded', ...json(roundDetailSchema) } },
});

const publishRoundRoute = createRoute({
  method: 'post',
  path: '/v1/network/rounds/{id}/publish',
  tags,
  summary: 'Reward a completed round’s contributors (one Merkle root) and register its model version on chain',
  middleware: [operators] as const,
  request: { params: roundIdParamSchema, body: { ...json(publishRoundSchema), required: false } },
  responses: { 200: { description: 'Published (again: nothing sent twice)', ...json(publishedRoundSchema) } },
});

const contributionsRoute = createRoute({
  method: 'get',
  path: '/v1/network/contributions',
  tags,
  summary: 'Measured contributions, by round and contributor',
  middleware: [readers] as const,
  request: { query: contributionsQuerySchema },
  responses: {
    200: { description: 'Contributions', ...json(z.object({ contributions: z.array(contributionSchema) })) },
  },
});

const rewardsRoute = createRoute({
  method: 'get',
  path: '/v1/network/rewards',
  tags,
  summary: 'Rewards per epoch and contributor, with proofs; what is still claimable',
  middleware: [readers] as const,
  request: { query: rewardsQuerySchema },
  responses: { 200: { description: 'Rewards', ...json(z.object({ rewards: z.array(rewardSchema) })) } },
});

const claimRoute = createRoute({
  method: 'post',
  path: '/v1/network/rewards/claim',
  tags,
  summary: 'Claim a contributor’s reward for it (Tandem pays the gas; the tokens go to the contributor; once)',
  middleware: [operators] as const,
  request: { body: { ...json(claimSchema), required: true } },
  responses: { 200: { description: 'Claimed', ...json(rewardSchema) } },
});

const claimAllRoute = createRoute({
  method: 'post',
  path: '/v1/network/rewards/claim-all',
  tags,
  summary: 'Claim every claimable reward (of one epoch)',
  middleware: [operators] as const,
  request: { body: { ...json(claimAllSchema), required: false } },
  responses: { 200: { description: 'Claimed now', ...json(z.object({ claimed: z.array(rewardSchema) })) } },
});

const modelsRoute = createRoute({
  method: 'get',
  path: '/v1/network/models',
  tags,
  summary: 'Every model version in the on-chain registry, newest first',
  middleware: [readers] as const,
  responses: { 200: { description: 'Versions', ...json(z.object({ versions: z.array(modelVersionSchema) })) } },
});

const modelRoute = createRoute({
  method: 'get',
  path: '/v1/network/models/{version}',
  tags,
  summary: 'One model version’s on-chain record: sha256, data commitments, metrics, privacy, reward root',
  middleware: [readers] as const,
  request: { params: versionParamSchema },
  responses: { 200: { description: 'The version', ...json(modelVersionSchema) } },
});

const verifyModelRoute = createRoute({
  method: 'post',
  path: '/v1/network/models/verify',
  tags,
  summary: 'Compare a model file’s sha256 with the registry (a version’s record, or find the version)',
  middleware: [readers] as const,
  request: { body: { ...json(verifyModelSchema), required: true } },
  responses: { 200: { description: 'The verdict', ...json(modelVerificationSchema) } },
});

export function registerNetworkRoutes(app: OpenAPIHono<ApiEnv>, platform: Platform) {
  const network = () => platform.network;

  app.openapi(contractsRoute, (c) => {
    const { contracts } = network();
    return c.json(
      {
        chainId: platform.chain.chainId,
        rewardDistributor: contracts.rewardDistributor.address,
        rewardToken: contracts.rewardToken.address,
        modelRegistry: contracts.modelRegistry.address,
      },
      200,
    );
  });

  app.openapi(contributorsRoute, async (c) =>
    c.json(toJson({ contributors: await network().contributors() }) as never, 200),
  );

  app.openapi(roundsRoute, async (c) => c.json(toJson({ rounds: await network().rounds() }) as never, 200));

  app.openapi(roundRoute, async (c) => c.json(toJson(await network().round(c.req.valid('param').id)) as never, 200));

  app.openapi(recordRoundRoute, async (c) => {
    const { roundId } = await network().recordRound(c.req.valid('json') as never);
    return c.json(toJson(await network().round(roundId)) as never, 200);
  });

  app.openapi(publishRoundRoute, async (c) => {
    const body = (c.req.valid('json') as z.infer<typeof publishRoundSchema> | undefined) ?? {};
    const published = await network().publishRound({
      roundId: c.req.valid('param').id,
      budget: body.budget === undefined ? undefined : BigInt(body.budget),
      computeShare: body.computeShare,
      uri: body.uri,
    });
    return c.json(toJson(published) as never, 200);
  });

  app.openapi(contributionsRoute, async (c) =>
    c.json(toJson({ contributions: await network().contributions(c.req.valid('query')) }) as never, 200),
  );

  app.openapi(rewardsRoute, async (c) =>
    c.json(toJson({ rewards: await network().rewards(c.req.valid('query')) }) as never, 200),
  );

  app.openapi(claimRoute, async (c) => c.json(toJson(await network().claim(c.req.valid('json'))) as never, 200));

  app.openapi(claimAllRoute, async (c) => {
    const body = (c.req.valid('json') as z.infer<typeof claimAllSchema> | undefined) ?? {};
    return c.json(toJson({ claimed: await network().claimAll(body) }) as never, 200);
  });

  app.openapi(modelsRoute, async (c) => c.json(toJson({ versions: await network().modelVersions() }) as never, 200));

  app.openapi(modelRoute, async (c) =>
    c.json(toJson(await network().modelVersion(c.req.valid('param').version)) as never, 200),
  );

  app.openapi(verifyModelRoute, async (c) => c.json(toJson(await network().verify(c.req.valid('json'))) as never, 200));
}
