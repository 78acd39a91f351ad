import { expandMask } from './expandMask.js';
import { addWords, subtractWords } from './fixedPoint.js';

export type MaskVectorParameters = {
  /** The node's fixed-point vector (encodeFixedPoint). */
  plain: Uint32Array;
  step: number;
  /** This step's self-mask seed, Shamir-shared with the other members. */
  selfSeed: Uint8Array;
  /** This node's address. */
  me: string;
  /** This step's pairwise mask seeds (deriveStepSeed) with the other members active in it, by address. */
  pairSeeds: ReadonlyMap<string, Uint8Array>;
};

/**
 * A node's masked input (Bonawitz et al. 2017, §4): y = x + PRG(b) + Σ_{v: me<v} PRG(s_uv) − Σ_{v: v<me} PRG(s_uv)
 * (mod 2^64), with PRG = expandMask. The pairwise terms cancel in the sum over all members; the self-mask PRG(b) is
 * removed by the coordinator once a threshold of members reveals shares of b, which they only do for members whose
 * input arrived. Whoever lacks even one of the masks sees a uniformly random vector.
 */
export function maskVector(parameters: MaskVectorParameters): Uint32Array {
  const { plain, step, me, pairSeeds } = parameters;
  const masked = plain.slice();
  addWords(masked, expandMask(parameters.selfSeed, step, plain.length));
  const self = me.toLowerCase();
  for (const [peer, seed] of pairSeeds) {
    const other = peer.toLowerCase();
    if (other === self) continue;
    const mask = expandMask(seed, step, plain.length);
    if (self < other) addWords(masked, mask);
    else subtractWords(masked, mask);
  }
  return masked;
}
