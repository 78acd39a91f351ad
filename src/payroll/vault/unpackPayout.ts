import { getAddress, type Hex, hexToBigInt } from 'viem';
import type { Payout } from './PayoutBatch.js';

/**
 * The payout in a packed word (a `Payout` event's data, or an element of `executeBatch`'s payouts).
 * @example unpackPayout(log.data)
 */
export function unpackPayout(word: Hex): Payout {
  return { recipient: getAddress(word.slice(0, 42)), amount: hexToBigInt(`0x${word.slice(42, 66)}`) };
}
