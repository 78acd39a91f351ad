import { ProtocolError } from '../protocol/ProtocolError.js';

export type Collector<T> = {
  readonly kind: string;
  readonly key: string;
  /** Accepts one sender's message (validated by `accept`), or throws a ProtocolError. */
  deliver(from: string, payload: unknown): void;
  /**
   * Resolves with what arrived once every expected sender has answered, or has gone silent (`isAlive` false), or
   * the deadline passed. The collector closes then: later messages are refused as late.
   */
  wait(deadline: number, isAlive?: (address: string) => boolean): Promise<Map<string, T>>;
};

/**
 * Gathers the answers of a set of nodes to one request (one aggregation step, one setup phase). A message from a
 * node not asked, a second one from the same node, or one after the collector closed is refused with a
 * ProtocolError, so a late or duplicate share can never enter a sum.
 * @example const inputs = createCollector({ kind: 'histogramShare', key: '12', expected, accept }); await inputs.wait(Date.now() + 5000)
 */
export function createCollector<T>(parameters: {
  kind: string;
  key: string;
  expected: Iterable<string>;
  accept: (from: string, payload: unknown) => T;
  pollMs?: number;
}): Collector<T> {
  const { kind, key, accept } = parameters;
  const expected = new Set([...parameters.expected].map((address) => address.toLowerCase()));
  const received = new Map<string, T>();
  let closed = false;
  let wake: (() => void) | undefined;
  return {
    kind,
    key,
    deliver(from, payload) {
      const sender = from.toLowerCase();
      if (closed) throw new ProtocolError('step-closed', `${kind} for ${key} arrived after the collection closed`);
      if (!expected.has(sender)) throw new ProtocolError('not-allowed', `${sender} was not asked for ${kind} ${key}`);
      if (received.has(sender)) throw new ProtocolError('not-allowed', `${sender} already sent its ${kind} for ${key}`);
      received.set(sender, accept(sender, payload));
      wake?.();
    },
    async wait(deadline, isAlive) {
      const pollMs = parameters.pollMs ?? 50;
      for (;;) {
        const outstanding = [...expected].filter((address) => !received.has(address) && (isAlive?.(address) ?? true));
        if (outstanding.length === 0 || Date.now() >= deadline) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(pollMs, Math.max(1, deadline - Date.now())));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
      closed = true;
      return received;
    },
  };
}
