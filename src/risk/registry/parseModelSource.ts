import { resolve } from 'node:path';
import { ValidationError } from '../../errors/BaseError.js';

/**
 * Where a model to put in force comes from: a model file, or — once the open network records model versions on
 * chain — version N of the on-chain model registry (`registry:N`).
 */
export type ModelSource = { kind: 'file'; path: string } | { kind: 'registry'; version: number };

/**
 * @example parseModelSource('models/fraud.json') // { kind: 'file', path: '/abs/models/fraud.json' }
 * @example parseModelSource('registry:3') // { kind: 'registry', version: 3 }
 */
export function parseModelSource(source: string): ModelSource {
  const text = source.trim();
  if (!text) throw new ValidationError('Say which model to use: a file path or registry:N.', { field: 'source' });
  const registry = /^registry:(.*)$/.exec(text);
  if (!registry) return { kind: 'file', path: resolve(text) };
  const version = Number(registry[1]);
  if (!Number.isInteger(version) || version < 1)
    throw new ValidationError(`"${text}" names no registry version; write registry:N with N = 1, 2, …`, {
      field: 'source',
    });
  return { kind: 'registry', version };
}

/** The text form of a source, as recorded. */
export function formatModelSource(source: ModelSource): string {
  return source.kind === 'file' ? source.path : `registry:${source.version}`;
}
