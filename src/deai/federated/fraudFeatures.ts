import { ethFraudColumns } from '../../risk/model/ethFraudColumns.js';
import type { FraudFeature } from '../../risk/model/loadFraudDataset.js';

/**
 * The feature schema every party of a fraud-model round reads its CSV with: the published eth-fraud columns, token
 * names categorical. Fixed rather than inferred per file, because a party's subset of rows could make
 * loadFraudDataset drop a twin column that another party keeps.
 */
export const fraudFeatures: readonly FraudFeature[] = ethFraudColumns.features.map((name) => ({
  name,
  kind: (ethFraudColumns.categorical as readonly string[]).includes(name) ? 'categorical' : 'numeric',
}));
