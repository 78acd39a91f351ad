import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chacha20 } from '@noble/ciphers/chacha.js';
import { expandMask, maskNonce } from './expandMask.js';

describe('expandMask', () => {
  it('is the RFC 8439 ChaCha20 keystream, byte for byte the same as @noble/ciphers', () => {
    const seed = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
    for (const step of [0, 1, 77, 2 ** 32 + 5]) {
      const mask = expandMask(seed, step, 1000);
      const reference = chacha20(seed, maskNonce(step), new Uint8Array(4000));
      assert.deepEqual(new Uint8Array(mask.buffer), reference);
    }
  });

  it('gives different masks for different steps and seeds', () => {
    const seed = new Uint8Array(32).fill(9);
    const other = new Uint8Array(32).fill(10);
    assert.notDeepEqual(expandMask(seed, 1, 64), expandMask(seed, 2, 64));
    assert.notDeepEqual(expandMask(seed, 1, 64), expandMask(other, 1, 64));
    assert.deepEqual(expandMask(seed, 3, 64), expandMask(seed, 3, 64));
  });
});
