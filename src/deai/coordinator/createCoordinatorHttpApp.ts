import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { toProblem } from '../../api/problem.js';
import { addressSchema } from '../protocol/envelope.js';
import { ProtocolError } from '../protocol/ProtocolError.js';
import type { ProtocolLimits } from '../protocol/protocolLimits.js';
import type { Coordinator } from './createCoordinator.js';
import type { Inboxes } from './createInboxes.js';

const problemType = 'https://tandem.dev/problems/';

/**
 * The network's wire protocol over HTTP (the network's own transport, not the platform's REST API: nodes are
 * authenticated by the EVM signature on every message, not by API keys):
 * - `GET /network/v1/round` — the signed announcement of the current round;
 * - `POST /network/v1/messages` — one signed node message (body limit enforced while reading);
 * - `GET /network/v1/inbox/:address?after=N&waitMs=M` — the coordinator's signed messages for a node, long-polled.
 * Refusals are `application/problem+json` with type `…/deai-<reason>`.
 */
export function createCoordinatorHttpApp(parameters: {
  coordinator: Coordinator;
  inboxes: Inboxes;
  limits: ProtocolLimits;
}) {
  const { coordinator, inboxes, limits } = parameters;
  const app = new Hono();
  const problem = (status: number, type: string, title: string, extra: Record<string, unknown> = {}) =>
    new Response(JSON.stringify({ type: problemType + type, title, status, ...extra }), {
      status,
      headers: { 'content-type': 'application/problem+json' },
    });

  app.onError((error) => {
    if (error instanceof ProtocolError)
      return problem(error.status, `deai-${error.reason}`, error.shortMessage, {
        detail: error.details,
        field: error.field,
      });
    const converted = toProblem(error);
    return new Response(JSON.stringify(converted), {
      status: converted.status,
      headers: { 'content-type': 'application/problem+json' },
    });
  });

  app.get('/network/v1/round', (c) => {
    const announcement = coordinator.announcement();
    if (!announcement) return problem(404, 'not-found', 'no round has been announced yet');
    return c.json({ announcement, status: coordinator.status() });
  });

  app.post(
    '/network/v1/messages',
    bodyLimit({
      maxSize: limits.maxBodyBytes,
      onError: () => problem(413, 'deai-oversized', `message exceeds the limit of ${limits.maxBodyBytes} bytes`),
    }),
    async (c) => {
      await coordinator.receive(await c.req.text());
      return c.json({ accepted: true }, 202);
    },
  );

  app.get('/network/v1/inbox/:address', async (c) => {
    const address = addressSchema.safeParse(c.req.param('address'));
    if (!address.success)
      return problem(400, 'validation', 'the inbox address must be a 0x address', { field: 'address' });
    const after = Number(c.req.query('after') ?? '0');
    const waitMs = Math.min(Number(c.req.query('waitMs') ?? '0'), 30_000);
    if (!Number.isSafeInteger(after) || after < 0 || !(waitMs >= 0))
      return problem(400, 'validation', 'after and waitMs must be non-negative integers', { field: 'after' });
    return c.json(await inboxes.poll(address.data, after, waitMs));
  });

  return app;
}
