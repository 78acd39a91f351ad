/** A party whose rows are (nearly) the rows of a party that joined before it. */
export type DuplicateParty = { address: string; of: string; jaccard: number };

/**
 * Jaccard similarity of two row sets from their bottom-k sketches (the k smallest keyed row hashes): among the k
 * smallest hashes of the union, the share present in both. Exact when both sets have at most k rows.
 */
export function estimateJaccard(a: readonly string[], b: readonly string[], k = 256): number {
  if (a.length === 0 || b.length === 0) return 0;
  const inA = new Set(a);
  const inB = new Set(b);
  const union = [...new Set([...a, ...b])].sort().slice(0, k);
  let both = 0;
  for (const hash of union) if (inA.has(hash) && inB.has(hash)) both++;
  return both / union.length;
}

/**
 * Sybil copies: each party, in join order, is compared with the earlier parties that are not copies themselves;
 * a Jaccard similarity of at least `threshold` makes it a duplicate of the first such party. The original keeps its
 * place; the copies are left out of training and earn nothing.
 * @example findDuplicates([{ address: a, bottomHashes: sketchA }, { address: b, bottomHashes: sketchA }]) // [{ address: b, of: a, jaccard: 1 }]
 */
export function findDuplicates(
  parties: readonly { address: string; bottomHashes: readonly string[] }[],
  threshold = 0.8,
): DuplicateParty[] {
  const originals: { address: string; bottomHashes: readonly string[] }[] = [];
  const duplicates: DuplicateParty[] = [];
  for (const party of parties) {
    let copy: DuplicateParty | undefined;
    for (const original of originals) {
      const jaccard = estimateJaccard(party.bottomHashes, original.bottomHashes);
      if (jaccard >= threshold) {
        copy = { address: party.address, of: original.address, jaccard };
        break;
      }
    }
    if (copy) duplicates.push(copy);
    else originals.push(party);
  }
  return duplicates;
}
