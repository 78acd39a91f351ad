/**
 * One regression tree of the ensemble as parallel arrays indexed by node (root = 0), JSON-ready. A node is a leaf
 * when `feature[node] === -1`. An internal node sends a row left when its value is present and `<= threshold`
 * (equivalently, its bin is in 1…`bin`), and a missing value by `defaultLeft` (1 = left).
 */
export type Tree = {
  feature: number[];
  bin: number[];
  threshold: number[];
  defaultLeft: number[];
  left: number[];
  right: number[];
  /** Leaf output in log-odds, learning rate applied; 0 for internal nodes. */
  value: number[];
  /** Hessian sum of the training rows that reached the node: the weights TreeSHAP averages with. */
  cover: number[];
  /** Loss reduction of the node's split; 0 for leaves. */
  gain: number[];
};
