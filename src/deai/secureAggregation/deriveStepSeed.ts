import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';

/**
 * The pairwise mask seed of one aggregation step: HKDF-SHA256 of the pair's epoch key with the step number. Seeds of
 * different steps are independent, so revealing one step's seed (to remove the masks of a node that dropped in that
 * step) reveals nothing about the pair's masks in any other step.
 * @example maskVector({ …, pairKeys: new Map([[peer, deriveStepSeed(pairKey, step)]]) })
 */
export function deriveStepSeed(pairKey: Uint8Array, step: number): Uint8Array {
  return hkdf(sha256, pairKey, undefined, new TextEncoder().encode(`tandem-deai/1 step ${step}`), 32);
}
