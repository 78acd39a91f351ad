/** Counts at a decision threshold; a row is predicted positive when its score is `>= threshold`. */
export type ConfusionMatrix = {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
};

export type BinaryMetrics = {
  threshold: number;
  rows: number;
  positives: number;
  f1: number;
  precision: number;
  recall: number;
  rocAuc: number;
  averagePrecision: number;
  logLoss: number;
  confusion: ConfusionMatrix;
};

type Labels = ArrayLike<number>;
type Scores = ArrayLike<number>;

/** @example confusionMatrix([1, 0, 1], [0.9, 0.2, 0.4], 0.5) // { truePositives: 1, falseNegatives: 1, … } */
export function confusionMatrix(labels: Labels, scores: Scores, threshold = 0.5): ConfusionMatrix {
  checkLengths(labels, scores);
  const counts = { truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0 };
  for (let i = 0; i < labels.length; i++) {
    const predicted = (scores[i] as number) >= threshold;
    if (labels[i] === 1) predicted ? counts.truePositives++ : counts.falseNegatives++;
    else predicted ? counts.falsePositives++ : counts.trueNegatives++;
  }
  return counts;
}

/** Harmonic mean of precision and recall at `threshold`; 0 when there are no true positives. */
export function f1Score(labels: Labels, scores: Scores, threshold = 0.5): number {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = confusionMatrix(labels, scores, threshold);
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** Area under the ROC curve: the chance a random positive outscores a random negative, ties counting half. */
export function rocAuc(labels: Labels, scores: Scores): number {
  checkLengths(labels, scores);
  const order = sortedByScore(scores, 'ascending');
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    const score = scores[order[start]!];
    while (end < order.length && scores[order[end]!] === score) end++;
    const averageRank = (start + 1 + end) / 2; // ranks start..end-1 shifted to 1-based
    for (let k = start; k < end; k++)
      if (labels[order[k]!] === 1) {
        positives++;
        rankSum += averageRank;
      }
    start = end;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Average precision as scikit-learn defines it: Σ (Rₙ − Rₙ₋₁) Pₙ over descending distinct score thresholds. */
export function averagePrecision(labels: Labels, scores: Scores): number {
  checkLengths(labels, scores);
  const order = sortedByScore(scores, 'descending');
  let totalPositives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) totalPositives++;
  if (totalPositives === 0) return Number.NaN;
  let truePositives = 0;
  let seen = 0;
  let previousRecall = 0;
  let sum = 0;
  for (let start = 0; start < order.length; ) {
    const score = scores[order[start]!];
    let end = start;
    while (end < order.length && scores[order[end]!] === score) {
      if (labels[order[end]!] === 1) truePositives++;
      end++;
    }
    seen = end;
    const recall = truePositives / totalPositives;
    sum += (recall - previousRecall) * (truePositives / seen);
    previousRecall = recall;
    start = end;
  }
  return sum;
}

/** Mean negative log-likelihood of the labels under `probabilities`, clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(labels: Labels, probabilities: Scores): number {
  checkLengths(labels, probabilities);
  let loss = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(Math.max(probabilities[i] as number, 1e-15), 1 - 1e-15);
    loss -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return loss / labels.length;
}

/**
 * Every metric above for fraud probabilities against 0/1 labels.
 * @example binaryMetrics(labels, probabilities).f1
 */
export function binaryMetrics(labels: Labels, probabilities: Scores, threshold = 0.5): BinaryMetrics {
  const confusion = confusionMatrix(labels, probabilities, threshold);
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = confusion;
  return {
    threshold,
    rows: labels.length,
    positives: tp + fn,
    f1: f1Score(labels, probabilities, threshold),
    precision: tp + fp === 0 ? 0 : tp / (tp + fp),
    recall: tp + fn === 0 ? 0 : tp / (tp + fn),
    rocAuc: rocAuc(labels, probabilities),
    averagePrecision: averagePrecision(labels, probabilities),
    logLoss: logLoss(labels, probabilities),
    confusion,
  };
}

function sortedByScore(scores: Scores, direction: 'ascending' | 'descending'): Uint32Array {
  const order = Uint32Array.from({ length: scores.length }, (_, i) => i);
  const sign = direction === 'ascending' ? 1 : -1;
  return order.sort((a, b) => sign * ((scores[a] as number) - (scores[b] as number)) || a - b);
}

function checkLengths(labels: Labels, scores: Scores): void {
  if (labels.length !== scores.length) throw new RangeError(`got ${labels.length} labels and ${scores.length} scores`);
}
