import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { combineShares, formatShare, parseShare, splitSecret } from './shamir.js';

describe('Shamir secret sharing over GF(2^521 − 1)', () => {
  it('recovers the secret from any threshold of shares', () => {
    const secret = randomBytes(32);
    const shares = splitSecret(secret, 3, 5);
    for (const subset of [
      [0, 1, 2],
      [4, 2, 0],
      [1, 3, 4],
      [0, 1, 2, 3, 4],
    ])
      assert.deepEqual(
        combineShares(
          subset.map((i) => shares[i]!),
          32,
        ),
        new Uint8Array(secret),
      );
  });

  it('gives no secret from fewer than threshold shares', () => {
    const secret = randomBytes(32);
    const shares = splitSecret(secret, 3, 5);
    let recovered: Uint8Array | undefined;
    try {
      recovered = combineShares(shares.slice(0, 2), 32);
    } catch {
      recovered = undefined; // the interpolated value does not even fit 32 bytes
    }
    assert.notDeepEqual(recovered, new Uint8Array(secret));
  });

  it('writes and reads shares as text, refusing malformed ones', () => {
    const [share] = splitSecret(randomBytes(32), 2, 3);
    assert.deepEqual(parseShare(formatShare(share!)), share);
    assert.throws(() => parseShare('x:1'), /malformed/);
    assert.throws(() => parseShare(`1:${'f'.repeat(131)}`), /outside the field/);
  });
});
