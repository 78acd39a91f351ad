/**
 * How raw fraud-data columns become model inputs; fitted on training rows only and stored in the model file, so
 * scoring applies exactly the training encoding.
 */
export type FeatureEncoding = {
  features: EncodedFeature[];
};

export type EncodedFeature =
  | { name: string; kind: 'numeric' }
  | {
      name: string;
      kind: 'categorical';
      /**
       * Frequency encoding: each category seen in training maps to how many training rows hold it, sorted by
       * category. An unseen category becomes 0 (rarer than any seen one); a missing value stays missing.
       */
      counts: [category: string, count: number][];
    };

/** Model inputs, column-major: `columns[feature][row]`, NaN = missing. */
export type FeatureMatrix = {
  rowCount: number;
  columns: Float64Array[];
};
