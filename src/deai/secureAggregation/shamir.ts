import { randomBytes } from 'node:crypto';
import { ValidationError } from '../../errors/BaseError.js';

/**
 * Shamir secret sharing over the prime field GF(2^521 − 1) (a Mersenne prime, so any 32-byte seed or X25519 key is
 * a field element as it is). A secret is the constant term of a random polynomial of degree `threshold − 1`; share
 * `x` is the polynomial at x (x = 1…n, the member's index + 1). Any `threshold` shares give the secret back by
 * Lagrange interpolation at 0; fewer give no information about it.
 */
export const shamirPrime = 2n ** 521n - 1n;

export type SecretShare = { x: number; y: bigint };

/**
 * Splits a secret (up to 64 bytes) into `shareCount` shares, any `threshold` of which recover it.
 * @example const shares = splitSecret(seed, 3, 5); combineShares(shares.slice(1, 4), 32) // = seed
 */
export function splitSecret(
  secret: Uint8Array,
  threshold: number,
  shareCount: number,
  random: (bytes: number) => Uint8Array = randomBytes,
): SecretShare[] {
  if (!(Number.isInteger(threshold) && threshold >= 1 && threshold <= shareCount))
    throw new RangeError(`threshold must be in [1, ${shareCount}], got ${threshold}`);
  if (secret.length > 64) throw new RangeError('a shared secret is at most 64 bytes');
  const coefficients = [bytesToBigint(secret)];
  for (let k = 1; k < threshold; k++) coefficients.push(randomFieldElement(random));
  const shares: SecretShare[] = [];
  for (let x = 1; x <= shareCount; x++) {
    // Horner's rule, highest coefficient first.
    let y = 0n;
    for (let k = coefficients.length - 1; k >= 0; k--) y = (y * BigInt(x) + coefficients[k]!) % shamirPrime;
    shares.push({ x, y });
  }
  return shares;
}

/**
 * The secret from `threshold` or more shares with distinct x, as `length` bytes.
 * @example combineShares([{ x: 1, y }, { x: 3, y: y3 }, { x: 4, y: y4 }], 32)
 */
export function combineShares(shares: readonly SecretShare[], length: number): Uint8Array {
  if (shares.length === 0) throw new ValidationError('no shares to combine');
  const xs = new Set(shares.map((share) => share.x));
  if (xs.size !== shares.length) throw new ValidationError('shares to combine must have distinct x');
  let secret = 0n;
  for (const [i, share] of shares.entries()) {
    // Lagrange basis polynomial i at 0: Π_{j≠i} x_j / (x_j − x_i).
    let numerator = 1n;
    let denominator = 1n;
    for (const [j, other] of shares.entries()) {
      if (i === j) continue;
      numerator = (numerator * BigInt(other.x)) % shamirPrime;
      denominator = (denominator * mod(BigInt(other.x) - BigInt(share.x))) % shamirPrime;
    }
    secret = (secret + share.y * numerator * inverse(denominator)) % shamirPrime;
  }
  return bigintToBytes(secret, length);
}

/** A share as text for a message: `x:y` with y in hex. */
export function formatShare(share: SecretShare): string {
  return `${share.x}:${share.y.toString(16)}`;
}

/** Parses formatShare's text; refuses a malformed share or one outside the field. */
export function parseShare(text: string): SecretShare {
  const match = /^(\d{1,6}):([0-9a-f]{1,131})$/.exec(text);
  if (!match) throw new ValidationError('malformed secret share', { field: 'share' });
  const y = BigInt(`0x${match[2]}`);
  if (y >= shamirPrime) throw new ValidationError('secret share outside the field', { field: 'share' });
  return { x: Number(match[1]), y };
}

function randomFieldElement(random: (bytes: number) => Uint8Array): bigint {
  for (;;) {
    const bytes = random(66);
    bytes[0]! &= 0x01; // 521 bits
    const value = bytesToBigint(bytes);
    if (value < shamirPrime) return value;
  }
}

function mod(value: bigint): bigint {
  const r = value % shamirPrime;
  return r < 0n ? r + shamirPrime : r;
}

function inverse(value: bigint): bigint {
  // Extended Euclid: value · s ≡ 1 (mod p).
  let [oldR, r] = [mod(value), shamirPrime];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new ValidationError('shares with equal x cannot be combined');
  return mod(oldS);
}

function bytesToBigint(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function bigintToBytes(value: bigint, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  if (rest !== 0n) throw new ValidationError(`the combined secret does not fit ${length} bytes (wrong shares?)`);
  return bytes;
}
