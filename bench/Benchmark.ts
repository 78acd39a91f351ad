/** One measured figure; `reference` is the figure to beat (published or measured side by side in the same run). */
export type BenchFigure = {
  metric: string;
  value: number;
  unit: string;
  /** What the aim or reference is, e.g. "aim ≥ 2,000/s" or "XGBoost 1.7: 0.956 (same run)". */
  reference?: string | undefined;
  /** value / reference value, when a reference figure exists. */
  ratio?: number | undefined;
  /** Whether the aim is met; absent when there is no aim. */
  meetsAim?: boolean | undefined;
};

export type BenchResult = {
  /** Short id, also the file name under bench/results/. */
  name: string;
  title: string;
  figures: BenchFigure[];
  /** How it was measured: data size, settings, anything a reader needs to repeat it. */
  notes?: string | undefined;
};

/** A benchmark file (`bench/<name>.bench.ts`) default-exports one of these. */
export type Benchmark = () => Promise<BenchResult>;
