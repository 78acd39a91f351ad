import { createCipheriv } from 'node:crypto';
import { endianness } from 'node:os';

if (endianness() !== 'LE') throw new Error('secure aggregation reads ChaCha20 output as little-endian words');

let zeros = new Uint8Array(0);

/**
 * A mask of `words` 32-bit words (half as many fixed-point entries) expanded from a 32-byte seed for aggregation
 * step `step`: the ChaCha20 keystream (RFC 8439) under key `seed`, nonce = `step` as 64-bit little-endian, counter 0.
 * The keystream comes from OpenSSL (node:crypto) because it is about ten times faster than a pure-JS ChaCha20 on
 * the megabyte vectors a tree needs; expandMask.test.ts checks it byte for byte against @noble/ciphers' chacha20.
 * One seed gives independent masks for distinct steps; a step must never be reused under a seed.
 * @example const mask = expandMask(pairSeed, 17, 2 * entries)
 */
export function expandMask(seed: Uint8Array, step: number, words: number): Uint32Array {
  if (seed.length !== 32) throw new RangeError('a mask seed is 32 bytes');
  if (!Number.isSafeInteger(step) || step < 0) throw new RangeError(`step must be a non-negative integer, got ${step}`);
  const bytes = 4 * words;
  if (zeros.length < bytes) zeros = new Uint8Array(bytes);
  // OpenSSL's chacha20 IV is the 32-bit block counter (little-endian) followed by the 96-bit nonce.
  const iv = new Uint8Array(16);
  const view = new DataView(iv.buffer);
  view.setUint32(4, step % 2 ** 32, true);
  view.setUint32(8, Math.floor(step / 2 ** 32), true);
  const cipher = createCipheriv('chacha20', seed, iv);
  const mask = new Uint32Array(words);
  // Copied byte-wise: a Buffer from OpenSSL may sit at an offset that is not a multiple of 4.
  new Uint8Array(mask.buffer).set(cipher.update(zeros.subarray(0, bytes)));
  return mask;
}

/** The 12-byte RFC 8439 nonce expandMask uses for `step` (for cross-checks against other ChaCha20 implementations). */
export function maskNonce(step: number): Uint8Array {
  const nonce = new Uint8Array(12);
  const view = new DataView(nonce.buffer);
  view.setUint32(0, step % 2 ** 32, true);
  view.setUint32(4, Math.floor(step / 2 ** 32), true);
  return nonce;
}
