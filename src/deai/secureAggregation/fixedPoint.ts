import { ValidationError } from '../../errors/BaseError.js';

/**
 * Fixed-point encoding of histogram sums into the ring Z_2^64, where secure aggregation adds masked vectors.
 *
 * A value x becomes the integer round(x · 2^24) taken mod 2^64 (two's complement). Each 64-bit word is held as two
 * 32-bit halves (low, high) in a Uint32Array, so masking and summing run on plain 32-bit integers instead of BigInt.
 *
 * Why no sum overflows: every party quantises each row's gradient and hessian to a multiple of 2^-24 first
 * (quantizeToGrid), and with weights bounded by w (1 unless scalePosWeight > 1, or the DP clip) a bin's sum over all
 * N rows of the federation is at most N·w in absolute value. The coordinator refuses a round unless
 * N·w ≤ 2^28 (fixedPointRowLimit), so every true sum, plus DP noise far below 2^28, satisfies |x·2^24| < 2^53:
 * it is an exact integer in float64 and fits int64 with 10 bits to spare. Masks wrap around mod 2^64 and cancel
 * exactly; the unmasked total is the exact integer sum, and decoding refuses anything outside ±2^53 (which only a
 * wrong mask or a malicious input can produce).
 */
export const fixedPointFractionBits = 24;
const scale = 2 ** fixedPointFractionBits;
const twoTo32 = 2 ** 32;
const twoTo53 = 2 ** 53;

/** The largest total weight N·w (rows × the largest |gradient| per row) a federation may aggregate. */
export const fixedPointRowLimit = 2 ** 28;

/** `value` rounded to the fixed-point grid (a multiple of 2^-24); sums of such values are exact in float64. */
export function quantizeToGrid(value: number): number {
  return Math.round(value * scale) / scale;
}

/**
 * Encodes values as 64-bit fixed-point words: `[low0, high0, low1, high1, …]`.
 * @example encodeFixedPoint(Float64Array.of(1.5, -2)) // Uint32Array [0x1800000, 0, 0xfe000000, 0xffffffff]
 */
export function encodeFixedPoint(values: ArrayLike<number>): Uint32Array {
  const words = new Uint32Array(2 * values.length);
  for (let i = 0; i < values.length; i++) {
    const scaled = Math.round((values[i] as number) * scale);
    if (!(Math.abs(scaled) < twoTo53))
      throw new ValidationError(`value ${values[i]} at index ${i} is outside the fixed-point range`, {
        field: `vector[${i}]`,
      });
    const high = Math.floor(scaled / twoTo32);
    words[2 * i] = scaled - high * twoTo32;
    words[2 * i + 1] = high >>> 0;
  }
  return words;
}

/** Decodes 64-bit fixed-point words; refuses a word outside ±2^53 (a wrong mask or a malicious input). */
export function decodeFixedPoint(words: Uint32Array): Float64Array {
  const values = new Float64Array(words.length / 2);
  for (let i = 0; i < values.length; i++) {
    const high = words[2 * i + 1]! | 0;
    if (high >= 2 ** 21 || high < -(2 ** 21))
      throw new ValidationError(`aggregated value at index ${i} overflowed the fixed-point range`, {
        field: `vector[${i}]`,
        code: 'deai-fixed-point-overflow',
      });
    values[i] = (high * twoTo32 + words[2 * i]!) / scale;
  }
  return values;
}

/** `target += source` mod 2^64, word by word. */
export function addWords(target: Uint32Array, source: Uint32Array): Uint32Array {
  if (target.length !== source.length) throw new RangeError('fixed-point vectors of different lengths');
  for (let i = 0; i < target.length; i += 2) {
    const low = target[i]! + source[i]!;
    const carry = low >= twoTo32 ? 1 : 0;
    target[i] = low;
    target[i + 1] = target[i + 1]! + source[i + 1]! + carry;
  }
  return target;
}

/** `target -= source` mod 2^64, word by word. */
export function subtractWords(target: Uint32Array, source: Uint32Array): Uint32Array {
  if (target.length !== source.length) throw new RangeError('fixed-point vectors of different lengths');
  for (let i = 0; i < target.length; i += 2) {
    const low = target[i]! - source[i]!;
    const borrow = low < 0 ? 1 : 0;
    target[i] = low;
    target[i + 1] = target[i + 1]! - source[i + 1]! - borrow;
  }
  return target;
}
