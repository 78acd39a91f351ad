import { ProtocolError } from '../protocol/ProtocolError.js';
import { type Collector, createCollector } from './createCollector.js';

/** The collections open on a coordinator, by message kind and key (step or epoch), for routing incoming messages. */
export function createCollectorRegistry() {
  const open = new Map<string, Collector<unknown>>();
  return {
    /** Opens a collection; it leaves the registry when its wait ends. */
    open<T>(parameters: Parameters<typeof createCollector<T>>[0]): Collector<T> {
      const collector = createCollector<T>(parameters);
      const id = `${parameters.kind}:${parameters.key}`;
      open.set(id, collector as Collector<unknown>);
      return {
        ...collector,
        async wait(deadline, isAlive) {
          try {
            return await collector.wait(deadline, isAlive);
          } finally {
            open.delete(id);
          }
        },
      };
    },
    route(kind: string, key: string, from: string, payload: unknown): void {
      const collector = open.get(`${kind}:${key}`);
      if (!collector)
        throw new ProtocolError('step-closed', `no ${kind} is expected for ${key} (late, or never asked)`);
      collector.deliver(from, payload);
    },
  };
}

export type CollectorRegistry = ReturnType<typeof createCollectorRegistry>;
