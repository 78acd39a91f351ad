import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { CoordinatorSettings } from '../deai/coordinator/createCoordinator.js';
import type { RoundReport } from '../deai/coordinator/RoundReport.js';
import { serveCoordinator } from '../deai/coordinator/serveCoordinator.js';
import { fraudFeatures } from '../deai/federated/fraudFeatures.js';
import { measureTrainingCurve } from '../deai/onchain/measureTrainingCurve.js';
import { toNetworkRoundReport } from '../deai/onchain/toNetworkRoundReport.js';
import { type FraudDataset, loadFraudDataset } from '../risk/model/loadFraudDataset.js';
import { saveModel } from '../risk/model/modelFile.js';
import type { Platform } from './Platform.js';

const retryAfterMs = 5_000;

export type EmbeddedCoordinator = {
  url: string;
  address: string;
  stop(): Promise<void>;
};

/**
 * The open network's coordinator inside `tandem start`: it announces a round, waits `joinWindowMs` for nodes
 * (`tandem network node --coordinator URL`), trains with those that joined, and records each round anyone took part
 * in — model file under `<dataDir>/network-rounds/`, report, contributions — in the platform's network records, where
 * the API, CLI and web app show it and an admin publishes it on chain (`POST /v1/network/rounds/{id}/publish`). Then
 * it announces the next round. A round nobody joined leaves no record. Its signing key is made anew at each start
 * (nodes check the coordinator's signature within a round; models are verified by their on-chain record).
 * @example const coordinator = await startNetworkCoordinator({ platform, host: '127.0.0.1', port: 7420 })
 */
export async function startNetworkCoordinator(parameters: {
  platform: Platform;
  host: string;
  port: number;
  /** Labeled rows to measure rounds and contributions on: a CSV file, or rows already loaded. */
  validationCsv?: string | undefined;
  validation?: FraudDataset | undefined;
  /** Round settings; the join window defaults to 30 s. */
  settings?: Partial<CoordinatorSettings> | undefined;
}): Promise<EmbeddedCoordinator> {
  const { platform } = parameters;
  const log = platform.logger.child({ part: 'network-coordinator' });
  const validation =
    parameters.validation ??
    (parameters.validationCsv
      ? loadFraudDataset({ csvPath: resolve(parameters.validationCsv), features: fraudFeatures, requireLabel: true })
      : undefined);
  const signer = privateKeyToAccount(generatePrivateKey());
  const served = await serveCoordinator({
    signer,
    host: parameters.host,
    port: parameters.port,
    validation,
    log: (event, details) => log.debug(details, event),
    settings: { joinWindowMs: 30_000, ...parameters.settings },
  });
  const folder = join(platform.config.dataDir, 'network-rounds');
  let running = true;

  async function record(report: RoundReport, startedAt: Date): Promise<void> {
    let modelFile: string | null = null;
    if (report.model && report.modelSha256) {
      mkdirSync(folder, { recursive: true });
      modelFile = saveModel(report.model, join(folder, `${report.roundId}.model.json`)).path;
    }
    await platform.network.recordRound(
      toNetworkRoundReport(report, {
        modelFile,
        startedAt,
        endedAt: new Date(),
        trainingCurve: report.model && validation ? measureTrainingCurve(report.model, validation) : null,
      }),
    );
    log.info(
      { roundId: report.roundId, status: report.status, reason: report.reason, parties: report.parties.length },
      'network round recorded',
    );
  }

  const rounds = (async () => {
    while (running) {
      const startedAt = new Date();
      let report: RoundReport;
      try {
        report = await served.coordinator.runRound();
      } catch (error) {
        if (!running) break;
        log.warn({ error: (error as Error).message }, 'network round could not run');
        // A round that cannot even start will not start on the next try either: wait before announcing again.
        await new Promise((resolve) => setTimeout(resolve, retryAfterMs).unref());
        continue;
      }
      if (!running || report.parties.length === 0) continue;
      await record(report, startedAt).catch((error: unknown) =>
        log.error({ roundId: report.roundId, error: (error as Error).message }, 'network round not recorded'),
      );
    }
  })();

  return {
    url: served.url,
    address: signer.address,
    async stop() {
      running = false;
      await served.close(2_000);
      await rounds;
    },
  };
}
