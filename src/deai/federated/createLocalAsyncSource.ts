import type { HistogramSource } from '../../risk/model/HistogramSource.js';
import type { AsyncHistogramSource } from './AsyncHistogramSource.js';

/**
 * An AsyncHistogramSource over a HistogramSource in this process (createLocalHistogramSource): what a node runs on
 * its own rows, and what tests use to check growTreeAsync against growTree.
 */
export function createLocalAsyncSource(source: HistogramSource): AsyncHistogramSource {
  return {
    layout: source.layout,
    histogramsFor: async (nodes, features) => nodes.map((node) => source.histogramsFor(node, features)),
    splitNodes: async (expansions) =>
      expansions.map(({ node, split, left, right }) => source.splitNode(node, split, left, right)),
  };
}
