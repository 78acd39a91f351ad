import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ValidationError } from '../../errors/BaseError.js';

/**
 * Hex sha256 of a file's bytes, streamed (what `sha256sum FILE` prints).
 * @example const hash = await sha256File('models/fraud.json')
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (cause) {
    throw new ValidationError(`cannot read the model file ${path}`, {
      cause,
      field: 'model',
      code: 'model-unreadable',
    });
  }
  return hash.digest('hex');
}
