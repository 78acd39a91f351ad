import { concat, type Hex, keccak256 } from 'viem';
import type { Payout } from './PayoutBatch.js';
import { packPayout } from './packPayout.js';

/** The `payoutsHash` of a batch: keccak256 over the packed payouts, as the vault computes it. */
export function hashPayouts(payouts: readonly Payout[]): Hex {
  return keccak256(concat(payouts.map((payout, index) => packPayout(payout, `payouts[${index}]`))));
}
