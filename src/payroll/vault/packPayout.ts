import { type Hex, isAddress, numberToHex, zeroAddress } from 'viem';
import { ValidationError } from '../../errors/BaseError.js';
import type { Payout } from './PayoutBatch.js';

/** The largest amount a packed payout can carry: the low 12 bytes of its word. */
export const maxPayoutAmount = 2n ** 96n - 1n;

/**
 * The 32-byte word the vault reads for one payout: the recipient in the high 20 bytes, the amount in the low 12.
 * @example packPayout({ recipient: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', amount: 1_234_560_000n })
 */
export function packPayout(payout: Payout, field = 'payout'): Hex {
  if (!isAddress(payout.recipient, { strict: false }) || payout.recipient.toLowerCase() === zeroAddress)
    throw new ValidationError(`${field}: recipient ${payout.recipient} is not a non-zero address`, { field });
  if (payout.amount <= 0n || payout.amount > maxPayoutAmount)
    throw new ValidationError(`${field}: amount ${payout.amount} is not between 1 and 2^96 - 1`, { field });
  return `${payout.recipient.toLowerCase()}${numberToHex(payout.amount, { size: 12 }).slice(2)}` as Hex;
}
