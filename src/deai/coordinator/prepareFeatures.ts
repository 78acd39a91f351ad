import type { EncodedFeature, FeatureEncoding } from '../../risk/model/FeatureEncoding.js';
import type { FraudFeature } from '../../risk/model/loadFraudDataset.js';
import { edgesFromSketch } from '../federated/edgesFromSketch.js';
import { type SketchGrid, sketchBoundaries } from '../federated/sketchGrid.js';
import type { PrivacyAccountant } from '../privacy/createPrivacyAccountant.js';
import type { PrivacyPlan } from '../privacy/planPrivacy.js';
import type { CoordinatorMessageKind } from '../protocol/coordinatorMessages.js';
import { nodeMessageSchemas } from '../protocol/nodeMessages.js';
import { ProtocolError } from '../protocol/ProtocolError.js';
import { parsePayload } from '../protocol/parsePayload.js';
import type { CollectorRegistry } from './createCollectorRegistry.js';
import type { SecureAggregator } from './createSecureAggregator.js';

export type PreparedFeatures = { featuresId: string; encoding: FeatureEncoding; binEdges: number[][] };

/**
 * Agrees the model's inputs without anyone showing rows:
 * 1. category vocabularies: each party names the token names its rows use (public on-chain names; the only text
 *    that leaves a party), the coordinator merges them;
 * 2. category counts over the merged vocabulary by secure aggregation → the frequency encoding trainGbdt would fit
 *    on the union;
 * 3. bin edges from a DDSketch-style log-bucket sketch (sketchGrid) of every feature, summed by secure aggregation:
 *    the coordinator sees the union's bucket counts only, never a party's, and cuts quantile edges from them.
 * With a privacy plan, counts and sketch get distributed Gaussian noise and are charged to the accountant.
 */
export async function prepareFeatures(parameters: {
  aggregator: SecureAggregator;
  registry: CollectorRegistry;
  send(kind: CoordinatorMessageKind, payload: unknown, to: readonly string[]): Promise<void>;
  isAlive(address: string): boolean;
  stepTimeoutMs: number;
  members: readonly string[];
  schema: readonly FraudFeature[];
  grid: SketchGrid;
  maxBins: number;
  id: string;
  privacy?: { plan: PrivacyPlan; accountant: PrivacyAccountant } | undefined;
}): Promise<PreparedFeatures> {
  const { aggregator, registry, send, schema, privacy } = parameters;
  const members = parameters.members.map((address) => address.toLowerCase());
  const categorical = schema.filter((feature) => feature.kind === 'categorical').map((feature) => feature.name);
  const perNode = (sigma: number) => sigma / Math.sqrt(Math.max(1, aggregator.active().length));

  const vocabularies = registry.open({
    kind: 'vocabulary',
    key: 'vocabulary',
    expected: members,
    accept: (_from, payload) => {
      const parsed = parsePayload(nodeMessageSchemas, 'vocabulary', payload);
      for (const { feature } of parsed.categories)
        if (!categorical.includes(feature))
          throw new ProtocolError('malformed', `"${feature}" is not a categorical feature of this round`, {
            field: 'payload.categories',
          });
      return parsed.categories;
    },
  });
  await send('vocabularyRequest', { members }, aggregator.active());
  const received = await vocabularies.wait(Date.now() + parameters.stepTimeoutMs, parameters.isAlive);
  const vocabulary = categorical.map((feature) => {
    const values = new Set<string>();
    for (const categories of received.values())
      for (const entry of categories)
        if (entry.feature === feature) for (const value of entry.values) values.add(value);
    return { feature, values: [...values].sort() };
  });

  const countNoise = privacy ? perNode(privacy.plan.sigma.categoryCounts) : 0;
  const entries = vocabulary.reduce((sum, entry) => sum + entry.values.length, 0);
  const counts =
    entries > 0
      ? await aggregator.aggregate({ kind: 'categoryCounts', members, vocabulary }, entries, countNoise)
      : { sum: new Float64Array(0), survivors: aggregator.active() };
  if (privacy && entries > 0)
    privacy.accountant.charge(
      'categoryCounts',
      privacy.plan.sensitivity.categoryCounts,
      countNoise * Math.sqrt(counts.survivors.length),
    );
  let offset = 0;
  const countsByFeature = new Map(
    vocabulary.map(({ feature, values }) => {
      const pairs: [string, number][] = [];
      for (const [i, value] of values.entries()) {
        const count = Math.round(counts.sum[offset + i]!);
        if (count >= 1) pairs.push([value, count]);
      }
      offset += values.length;
      return [feature, pairs];
    }),
  );
  const encoding: FeatureEncoding = {
    features: schema.map(
      (feature): EncodedFeature =>
        feature.kind === 'numeric'
          ? { name: feature.name, kind: 'numeric' }
          : { name: feature.name, kind: 'categorical', counts: countsByFeature.get(feature.name) ?? [] },
    ),
  };
  const encodingId = `${parameters.id}-encoding`;
  await send('features', { featuresId: encodingId, encoding, binEdges: null }, aggregator.active());

  const boundaries = sketchBoundaries(parameters.grid);
  const buckets = boundaries.length + 1;
  const sketchNoise = privacy ? perNode(privacy.plan.sigma.binSketch) : 0;
  const sketch = await aggregator.aggregate(
    { kind: 'binSketch', members, featuresId: encodingId, grid: parameters.grid },
    schema.length * buckets,
    sketchNoise,
  );
  const totalSketchNoise = sketchNoise * Math.sqrt(sketch.survivors.length);
  if (privacy) privacy.accountant.charge('binSketch', privacy.plan.sensitivity.binSketch, totalSketchNoise);
  const binEdges = schema.map((_, feature) =>
    edgesFromSketch(
      sketch.sum.subarray(feature * buckets, (feature + 1) * buckets),
      boundaries,
      parameters.maxBins,
      privacy ? 2 * totalSketchNoise : 0.5,
    ),
  );
  const featuresId = `${parameters.id}-binned`;
  await send('features', { featuresId, encoding, binEdges }, aggregator.active());
  return { featuresId, encoding, binEdges };
}
