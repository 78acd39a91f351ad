import { ProtocolError } from './ProtocolError.js';

/** A fixed-point vector as base64 of its little-endian 64-bit words, for a JSON message. */
export function encodeVector(words: Uint32Array): string {
  return Buffer.from(words.buffer, words.byteOffset, words.byteLength).toString('base64');
}

/**
 * Decodes encodeVector's text, refusing it unless it holds exactly `entries` 64-bit words: a share of the wrong
 * dimensions would corrupt the sum of everyone's histograms.
 */
export function decodeVector(text: string, entries: number, field = 'payload.vector'): Uint32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text)
    throw new ProtocolError('malformed', 'vector is not canonical base64', { field });
  if (bytes.length !== 8 * entries)
    throw new ProtocolError(
      'wrong-dimensions',
      `vector has ${bytes.length / 8} entries; this step expects ${entries}`,
      {
        field,
        details:
          'the histogram layout is 2 numbers (gradient, hessian) per bin of each requested feature, per requested tree node',
      },
    );
  const words = new Uint32Array(2 * entries);
  new Uint8Array(words.buffer).set(bytes);
  return words;
}
