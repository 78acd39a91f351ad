import type { Tree } from '../../risk/model/Tree.js';
import type { CoordinatorMessageKind, HistogramPart } from '../protocol/coordinatorMessages.js';
import type { SecureAggregator } from './createSecureAggregator.js';

export type BatchedAnswer = { sum: Float64Array; dropped: string[] };

/**
 * Lets several jobs (the coalition models of contribution measurement, or the one final model) grow their trees
 * side by side and share aggregation steps: a step goes out once every running job is waiting for histograms, with
 * one part per job, and the finished trees queued since the last step go out just before it as one model update.
 * The cost of a step (signatures, masks, round trips) is then paid once per level, not once per level per job.
 */
export function createStepBatcher(parameters: {
  aggregator: SecureAggregator;
  send(kind: CoordinatorMessageKind, payload: unknown, to: readonly string[]): Promise<void>;
  noiseStd: number;
  onRelease?: ((survivors: number) => void) | undefined;
}) {
  const { aggregator, send, noiseStd } = parameters;
  let running = 0;
  let flushing = false;
  const waiting: {
    part: HistogramPart;
    entries: number;
    resolve(answer: BatchedAnswer): void;
    reject(error: unknown): void;
  }[] = [];
  const updates: { job: string; index: number; tree: Tree }[] = [];

  const maybeFlush = () => {
    if (flushing || waiting.length === 0 || waiting.length < running) return;
    flushing = true;
    const batch = waiting.splice(0);
    const run = async () => {
      if (updates.length > 0) await send('treeUpdate', { updates: updates.splice(0) }, aggregator.active());
      const entries = batch.reduce((sum, request) => sum + request.entries, 0);
      const result = await aggregator.aggregate(
        { kind: 'histograms', parts: batch.map((request) => request.part) },
        entries,
        noiseStd,
      );
      parameters.onRelease?.(result.survivors.length);
      let offset = 0;
      for (const request of batch) {
        request.resolve({ sum: result.sum.subarray(offset, offset + request.entries), dropped: result.dropped });
        offset += request.entries;
      }
    };
    run()
      .catch((error: unknown) => {
        for (const request of batch) request.reject(error);
      })
      .finally(() => {
        flushing = false;
        maybeFlush();
      });
  };

  return {
    /** A job starts growing trees. */
    join(): void {
      running++;
    },
    /** A job is done (or failed): the others no longer wait for it. */
    leave(): void {
      running--;
      maybeFlush();
    },
    /** One job's histogram request; answered with its slice of the step's sum. */
    request(part: HistogramPart, entries: number): Promise<BatchedAnswer> {
      return new Promise((resolve, reject) => {
        waiting.push({ part, entries, resolve, reject });
        maybeFlush();
      });
    },
    /** Queues a finished tree for the members' margins (sent before the next step). */
    publishTree(job: string, index: number, tree: Tree): void {
      updates.push({ job, index, tree });
    },
  };
}

export type StepBatcher = ReturnType<typeof createStepBatcher>;
