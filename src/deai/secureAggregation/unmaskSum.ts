import { expandMask } from './expandMask.js';
import { addWords, subtractWords } from './fixedPoint.js';

export type UnmaskSumParameters = {
  /** The masked inputs that arrived, by address (the survivors). */
  masked: ReadonlyMap<string, Uint32Array>;
  step: number;
  /** Each survivor's self-mask seed, rebuilt from the shares the members revealed. */
  selfSeeds: ReadonlyMap<string, Uint8Array>;
  /**
   * For each member that dropped after the step began: its pairwise seed of this step with each survivor, rebuilt
   * from the Shamir shares the members revealed. Those masks sit in the survivors' inputs with no partner to cancel
   * them.
   */
  orphanedPairSeeds: readonly { survivor: string; dropped: string; seed: Uint8Array }[];
};

/**
 * The coordinator's side: Σ masked − Σ self-masks ∓ orphaned pair masks = Σ of the survivors' plain vectors
 * (mod 2^64). The coordinator never sees any single plain vector, only this sum.
 */
export function unmaskSum(parameters: UnmaskSumParameters): Uint32Array {
  const { masked, step, selfSeeds } = parameters;
  const first = masked.values().next().value;
  if (!first) throw new RangeError('nothing to unmask');
  const words = first.length;
  const sum = new Uint32Array(words);
  for (const [address, vector] of masked) {
    if (vector.length !== words) throw new RangeError(`masked input of ${address} has the wrong length`);
    addWords(sum, vector);
    const seed = selfSeeds.get(address);
    if (!seed) throw new RangeError(`no self-mask seed for ${address}`);
    subtractWords(sum, expandMask(seed, step, words));
  }
  for (const { survivor, dropped, seed } of parameters.orphanedPairSeeds) {
    const mask = expandMask(seed, step, words);
    // The survivor added the mask when its address sorts first, subtracted it otherwise: undo that.
    if (survivor.toLowerCase() < dropped.toLowerCase()) subtractWords(sum, mask);
    else addWords(sum, mask);
  }
  return sum;
}
