import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AuditLog } from '../../compliance/createAuditLog.js';
import type { Tables } from '../../db/Tables.js';
import { NonRetryableError } from '../../errors/BaseError.js';
import type { FraudModel } from '../model/FraudModel.js';
import { loadModel, parseModel } from '../model/modelFile.js';
import { formatModelSource, type ModelSource, parseModelSource } from './parseModelSource.js';

/** A model fetched from the on-chain registry: its file's text and the hash recorded on chain. */
export type RegistryModel = { text: string; expectedHash: string };

export type CreateModelRegistryParameters = {
  db: Kysely<Tables>;
  audit: AuditLog;
  /** Tandem's data folder; models in force are kept under `<dataDir>/models/<sha256>.json`. */
  dataDir: string;
  /**
   * Fetches version N of the on-chain model registry. The open-network issue provides it; until then `registry:N`
   * is refused with a clear message.
   */
  fetchRegistryVersion?: ((version: number) => Promise<RegistryModel>) | undefined;
  logger?: Logger | undefined;
};

/** The model in force, in memory. */
export type ModelInForce = { model: FraudModel; hash: string; source: string; putInForceAt: Date };

/** What `GET /v1/risk/model` shows. */
export type ModelStatus = {
  inForce: boolean;
  hash: string | null;
  source: string | null;
  file: string | null;
  putInForceAt: Date | null;
  putInForceBy: string | null;
  summary: Record<string, unknown> | null;
  /** Why the recorded model could not be loaded at start, when that happened. */
  error: string | null;
};

/**
 * The fraud model the risk engine scores with: a file under `<dataDir>/models/` named by its sha256, recorded in
 * `risk_models` with that hash. At start the recorded file is read again and refused if its hash does not match
 * (screening then runs on rules and sanctions only, and every decision says so).
 */
export function createModelRegistry(parameters: CreateModelRegistryParameters) {
  const { db, audit, dataDir, logger } = parameters;
  const folder = join(dataDir, 'models');
  let inForce: ModelInForce | null = null;
  let loadError: string | null = null;

  async function fetchSource(source: ModelSource): Promise<{ model: FraudModel; hash: string; text: string }> {
    if (source.kind === 'file') {
      const { model, hash } = loadModel(source.path);
      return { model, hash, text: readFileSync(source.path, 'utf8') };
    }
    if (!parameters.fetchRegistryVersion)
      throw new NonRetryableError(
        `registry:${source.version} cannot be used yet: no on-chain model registry is connected.`,
        {
          code: 'model-registry-unavailable',
          field: 'source',
          details: 'On-chain model versions arrive with the open AI network; use a model file for now.',
        },
      );
    const fetched = await parameters.fetchRegistryVersion(source.version);
    const { model, hash } = parseModel(fetched.text, {
      expectedHash: fetched.expectedHash,
      sourceName: `registry:${source.version}`,
    });
    return { model, hash, text: fetched.text };
  }

  return {
    /** The model in force, or null. */
    current(): ModelInForce | null {
      return inForce;
    },

    /** Reads the model recorded as in force (at start), verifying its file against the recorded hash. */
    async loadInForce(): Promise<ModelInForce | null> {
      const row = await db.selectFrom('risk_models').selectAll().where('superseded_at', 'is', null).executeTakeFirst();
      inForce = null;
      loadError = null;
      if (!row) return null;
      try {
        const { model, hash } = loadModel(join(folder, row.file), { expectedHash: row.sha256 });
        inForce = { model, hash, source: row.source, putInForceAt: row.put_in_force_at };
      } catch (error) {
        loadError = (error as Error).message;
        logger?.error(
          { err: error, sha256: row.sha256 },
          'the fraud model in force cannot be loaded; screening runs on rules and sanctions only',
        );
      }
      return inForce;
    },

    /**
     * Puts a model in force: reads and checks it (format, trees, hash), keeps a copy under `<dataDir>/models/`,
     * records it, and scores with it from the next screening on.
     * @example await modelRegistry.use({ source: '/tmp/fraud.json', actor: 'key:k1' })
     */
    async use(input: {
      source: string;
      actor: string;
    }): Promise<{ status: 'in-force' | 'unchanged'; model: ModelStatus }> {
      const source = parseModelSource(input.source);
      const { model, hash, text } = await fetchSource(source);
      if (inForce?.hash === hash) return { status: 'unchanged', model: await this.status() };
      mkdirSync(folder, { recursive: true });
      const file = `${hash}.json`;
      const path = join(folder, file);
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, text);
      renameSync(temporary, path);
      // Read back what is now on disk: the copy must be the model that was checked.
      const stored = loadModel(path, { expectedHash: hash });
      const summary = summarize(model);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('risk_models')
          .set({ superseded_at: new Date() })
          .where('superseded_at', 'is', null)
          .execute();
        await trx
          .insertInto('risk_models')
          .values({
            sha256: hash,
            file,
            source: formatModelSource(source),
            summary: JSON.stringify(summary),
            put_in_force_by: input.actor,
          })
          .onConflict((oc) =>
            oc.column('sha256').doUpdateSet({
              superseded_at: null,
              source: formatModelSource(source),
              put_in_force_by: input.actor,
              put_in_force_at: new Date(),
            }),
          )
          .execute();
        await audit.append(
          {
            actor: input.actor,
            action: 'risk.model.use',
            subject: `risk-model:${hash}`,
            data: { source: formatModelSource(source), previous: inForce?.hash ?? null, summary },
          },
          trx,
        );
      });
      inForce = { model: stored.model, hash, source: formatModelSource(source), putInForceAt: new Date() };
      loadError = null;
      return { status: 'in-force', model: await this.status() };
    },

    /** The model in force as recorded, with any error met loading it. */
    async status(): Promise<ModelStatus> {
      const row = await db.selectFrom('risk_models').selectAll().where('superseded_at', 'is', null).executeTakeFirst();
      return {
        inForce: inForce !== null,
        hash: row?.sha256 ?? null,
        source: row?.source ?? null,
        file: row ? join(folder, row.file) : null,
        putInForceAt: row?.put_in_force_at ?? null,
        putInForceBy: row?.put_in_force_by ?? null,
        summary: (row?.summary as Record<string, unknown> | undefined) ?? null,
        error: loadError,
      };
    },
  };
}

export type ModelRegistry = ReturnType<typeof createModelRegistry>;

function summarize(model: FraudModel): Record<string, unknown> {
  const test = model.metrics.test;
  return {
    formatVersion: model.formatVersion,
    trees: model.trees.length,
    features: model.featureCount,
    trainingRows: model.training.rows,
    datasetSha256: model.training.datasetSha256 ?? null,
    seed: model.training.seed,
    ...(test ? { testF1: test.f1, testRocAuc: test.rocAuc, testThreshold: test.threshold } : {}),
  };
}
