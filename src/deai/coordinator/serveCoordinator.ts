import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { FraudDataset } from '../../risk/model/loadFraudDataset.js';
import { defaultProtocolLimits, type ProtocolLimits } from '../protocol/protocolLimits.js';
import type { Signer } from '../protocol/signEnvelope.js';
import { type CoordinatorSettings, createCoordinator } from './createCoordinator.js';
import { createCoordinatorHttpApp } from './createCoordinatorHttpApp.js';
import { createInboxes } from './createInboxes.js';

/**
 * A coordinator served over HTTP on `host:port` (port 0 picks a free one): what `tandem network coordinator` runs.
 * @example const served = await serveCoordinator({ signer, host: '127.0.0.1', port: 7420 }); await served.coordinator.runRound()
 */
export async function serveCoordinator(parameters: {
  signer: Signer;
  host: string;
  port: number;
  settings?: Partial<CoordinatorSettings> | undefined;
  validation?: FraudDataset | undefined;
  limits?: ProtocolLimits | undefined;
  log?: ((event: string, details: Record<string, unknown>) => void) | undefined;
}) {
  const limits = parameters.limits ?? defaultProtocolLimits;
  const inboxes = createInboxes();
  const coordinator = createCoordinator({
    signer: parameters.signer,
    deliver: (to, raw) => inboxes.push(to, raw),
    settings: parameters.settings,
    validation: parameters.validation,
    limits,
    log: parameters.log,
  });
  const app = createCoordinatorHttpApp({ coordinator, inboxes, limits });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: parameters.host, port: parameters.port }, () =>
      resolve(started),
    );
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    coordinator,
    url: `http://${parameters.host}:${port}`,
    /**
     * Waits (up to `drainMs`) until every node still polling acknowledged its queued messages — the round's end
     * included — then stops listening and ends open connections (nodes long-poll, so waiting for them to hang up
     * would never end). A node that vanished stops polling and is not waited for once its last poll is stale.
     */
    close: async (drainMs = 15_000) => {
      coordinator.stop();
      const deadline = Date.now() + drainMs;
      while (inboxes.unacknowledged(5_000) > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
