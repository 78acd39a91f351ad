import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { ValidationError } from '../../errors/BaseError.js';
import { canonicalJson } from './canonicalJson.js';
import { type FraudModel, fraudModelFormatVersion } from './FraudModel.js';
import { gbdtParamsSchema } from './gbdtParams.js';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const nodeIndex = z.number().int().min(-1);

const treeSchema = z
  .object({
    feature: z.array(nodeIndex).min(1),
    bin: z.array(z.number().int().min(0).max(255)),
    threshold: z.array(finite),
    defaultLeft: z.array(z.union([z.literal(0), z.literal(1)])),
    left: z.array(nodeIndex),
    right: z.array(nodeIndex),
    value: z.array(finite),
    cover: z.array(z.number().min(0)),
    gain: z.array(finite),
  })
  .strict();

const metricsSchema = z
  .object({
    threshold: finite,
    rows: z.number().int().min(0),
    positives: z.number().int().min(0),
    f1: finite,
    precision: finite,
    recall: finite,
    rocAuc: finite,
    averagePrecision: finite,
    logLoss: finite,
    confusion: z
      .object({
        truePositives: z.number().int().min(0),
        falsePositives: z.number().int().min(0),
        trueNegatives: z.number().int().min(0),
        falseNegatives: z.number().int().min(0),
      })
      .strict(),
  })
  .strict();

const modelSchema = z
  .object({
    format: z.literal('tandem-fraud-model'),
    formatVersion: z.literal(fraudModelFormatVersion),
    objective: z.literal('binary:logistic'),
    featureCount: z.number().int().min(1),
    binEdges: z.array(z.array(finite).max(254)),
    baseScore: finite,
    trees: z.array(treeSchema),
    encoding: z
      .object({
        features: z.array(
          z.discriminatedUnion('kind', [
            z.object({ name: z.string().min(1), kind: z.literal('numeric') }).strict(),
            z
              .object({
                name: z.string().min(1),
                kind: z.literal('categorical'),
                counts: z.array(z.tuple([z.string(), z.number().int().min(1)])),
              })
              .strict(),
          ]),
        ),
      })
      .strict(),
    params: gbdtParamsSchema,
    training: z
      .object({
        datasetSha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .optional(),
        rows: z.number().int().min(1),
        positives: z.number().int().min(0),
        validationRows: z.number().int().min(0),
        testRows: z.number().int().min(0),
        seed: z.number().int().min(0),
        roundsTrained: z.number().int().min(0),
        bestIteration: z.number().int().min(-1),
        split: z
          .object({ validation: finite, test: finite, seed: z.number().int().min(0), groupIdenticalRows: z.boolean() })
          .strict()
          .optional(),
        droppedColumns: z.array(z.object({ name: z.string(), reason: z.string() }).strict()),
      })
      .strict(),
    metrics: z.object({ validation: metricsSchema.optional(), test: metricsSchema.optional() }).strict(),
  })
  .strict();

/**
 * The model's identity: sha256 (hex) of its canonical JSON bytes, which are also exactly the bytes saveModel writes,
 * so `sha256sum model.json` prints the same hash.
 * @example const modelHash = hashModel(model)
 */
export function hashModel(model: FraudModel): string {
  return createHash('sha256').update(canonicalJson(model), 'utf8').digest('hex');
}

/**
 * Writes the model as canonical JSON (atomically: a temporary file renamed into place) and returns its hash.
 * @example const { hash } = saveModel(model, 'models/fraud.json')
 */
export function saveModel(model: FraudModel, path: string): { path: string; hash: string } {
  checkModel(model, path);
  const bytes = canonicalJson(model);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, path);
  return { path, hash: createHash('sha256').update(bytes, 'utf8').digest('hex') };
}

export type LoadModelOptions = {
  /** Refuse the file unless its hash is this (hex sha256, e.g. the version recorded on chain). */
  expectedHash?: string | undefined;
};

/**
 * Reads and checks a model file: well-formed JSON, the supported format version, every field and every tree
 * consistent, and (when given) the expected hash. Anything else is refused with a ValidationError saying what.
 * @example const { model, hash } = loadModel('models/fraud.json', { expectedHash: onChainHash })
 */
export function loadModel(path: string, options: LoadModelOptions = {}): { model: FraudModel; hash: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ValidationError(`cannot read the model file ${path}`, {
      cause,
      field: 'model',
      code: 'model-unreadable',
    });
  }
  return parseModel(text, { ...options, sourceName: path });
}

/** loadModel on JSON text already in memory (an upload, a download from a peer). */
export function parseModel(
  text: string,
  options: LoadModelOptions & { sourceName?: string | undefined } = {},
): { model: FraudModel; hash: string } {
  const source = options.sourceName ?? 'model';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ValidationError(`${source} is not a model file: malformed JSON`, {
      cause,
      field: 'model',
      code: 'model-malformed',
    });
  }
  const version = (parsed as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version !== fraudModelFormatVersion)
    throw new ValidationError(
      `${source} has model format version ${version}; this Tandem reads version ${fraudModelFormatVersion}`,
      {
        field: 'model.formatVersion',
        code: 'model-malformed',
      },
    );
  const result = modelSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue ? ['model', ...issue.path].join('.') : 'model';
    throw new ValidationError(`${source} is not a valid model file: ${at}: ${issue?.message ?? 'invalid'}`, {
      field: at,
      code: 'model-malformed',
    });
  }
  const model = result.data as FraudModel;
  checkModel(model, source);
  const hash = createHash('sha256').update(canonicalJson(model), 'utf8').digest('hex');
  const expected = options.expectedHash?.toLowerCase().replace(/^0x/, '');
  if (expected !== undefined && expected !== hash)
    throw new ValidationError(`${source} does not match the expected model hash`, {
      field: 'model',
      code: 'model-hash-mismatch',
      details: `expected sha256 ${expected}, the file hashes to ${hash}`,
    });
  return { model, hash };
}

/** Cross-field checks the schema cannot express: sizes agree and every tree is a tree. */
function checkModel(model: FraudModel, source: string): void {
  const fail = (at: string, problem: string) =>
    new ValidationError(`${source} is not a valid model file: ${at}: ${problem}`, {
      field: at,
      code: 'model-malformed',
    });
  const { featureCount } = model;
  if (model.binEdges.length !== featureCount) throw fail('model.binEdges', `needs ${featureCount} entries`);
  if (model.encoding.features.length !== featureCount)
    throw fail('model.encoding.features', `needs ${featureCount} entries`);
  for (const [f, edges] of model.binEdges.entries())
    for (let i = 1; i < edges.length; i++)
      if (!(edges[i]! > edges[i - 1]!)) throw fail(`model.binEdges.${f}`, 'edges must ascend');
  for (const [t, tree] of model.trees.entries()) {
    const at = `model.trees.${t}`;
    const n = tree.feature.length;
    for (const key of ['bin', 'threshold', 'defaultLeft', 'left', 'right', 'value', 'cover', 'gain'] as const)
      if (tree[key].length !== n) throw fail(`${at}.${key}`, `needs ${n} entries like feature`);
    const parents = new Uint8Array(n);
    for (let node = 0; node < n; node++) {
      const feature = tree.feature[node]!;
      const left = tree.left[node]!;
      const right = tree.right[node]!;
      if (feature === -1) {
        if (left !== -1 || right !== -1) throw fail(`${at}.left.${node}`, 'a leaf has no children');
        continue;
      }
      if (feature >= featureCount) throw fail(`${at}.feature.${node}`, `feature ${feature} of ${featureCount}`);
      // Children after their parent, each with one parent: a finite tree every row leaves through a leaf.
      for (const child of [left, right]) {
        if (!(child > node && child < n)) throw fail(`${at}.left.${node}`, `child ${child} out of order or range`);
        if (parents[child]) throw fail(`${at}.left.${node}`, `node ${child} has two parents`);
        parents[child] = 1;
      }
      if (!(tree.cover[node]! > 0)) throw fail(`${at}.cover.${node}`, 'an internal node needs a positive cover');
    }
    for (let node = 1; node < n; node++) if (!parents[node]) throw fail(`${at}`, `node ${node} is unreachable`);
  }
}
