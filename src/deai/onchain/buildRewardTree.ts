import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { type Address, getAddress, type Hex, isAddress } from 'viem';
import { ValidationError } from '../../errors/BaseError.js';

/** A contributor's measured contribution to one model version. */
export type RewardContribution = {
  account: string;
  /** Its contribution score (e.g. a Shapley value); a score at or below 0 earns nothing. */
  score: number;
  /** Flagged contributors (e.g. flipped labels) earn nothing, whatever their score. */
  flagged?: boolean | undefined;
  /** Data and compute contributors share separate parts of the budget (see `computeShare`); default data. */
  kind?: 'data' | 'compute' | undefined;
};

/** One leaf of the epoch's tree: what `account` can claim, and the proof to claim it with. */
export type RewardAllocation = { account: Address; amount: bigint; score: number; proof: Hex[] };

export type RewardTree = {
  epoch: bigint;
  root: Hex;
  /** The sum of the amounts: exactly the budget. */
  total: bigint;
  /** By account, ascending. */
  rewards: RewardAllocation[];
  /** The tree as `StandardMerkleTree.dump()` writes it (values as decimal strings), to store and reload. */
  dump: ReturnType<StandardMerkleTree<RewardLeaf>['dump']>;
};

/** (epoch, account, amount) with the integers as decimal strings, as the tree stores them. */
export type RewardLeaf = [string, string, string];

/** The leaf encoding the RewardDistributor contract hashes (see IRewardDistributor). */
export const rewardLeafEncoding = ['uint64', 'address', 'uint256'];

/**
 * Splits an epoch's budget among contributors in proportion to their positive scores — exactly, in integers: each
 * gets the floor of its share and the leftover units go to the largest remainders (ties by address), so the amounts
 * add up to the budget — and builds the StandardMerkleTree the RewardDistributor checks claims against. When both
 * data and compute contributors earned, compute contributors share `computeShare` of the budget and data
 * contributors the rest; when only one kind did, it shares everything. The same account twice counts once with the
 * sum of its scores; zero amounts get no leaf.
 * @example const tree = buildRewardTree({ epoch: 1n, budget: 1_000n * 10n ** 18n, contributions })
 */
export function buildRewardTree(parameters: {
  epoch: bigint;
  budget: bigint;
  contributions: readonly RewardContribution[];
  /** Part of the budget for compute contributors when both kinds earned, 0..1; default 0.1. */
  computeShare?: number | undefined;
}): RewardTree {
  const { epoch, budget } = parameters;
  const computeShare = parameters.computeShare ?? 0.1;
  if (epoch < 1n || epoch >= 2n ** 64n)
    throw new ValidationError(`epoch ${epoch} is out of range; epochs are numbered from 1`, { field: 'epoch' });
  if (budget <= 0n) throw new ValidationError('the reward budget must be positive', { field: 'budget' });
  if (!(computeShare >= 0 && computeShare <= 1))
    throw new ValidationError('computeShare must be from 0 to 1', { field: 'computeShare' });

  const scores = { data: new Map<Address, number>(), compute: new Map<Address, number>() };
  for (const [index, contribution] of parameters.contributions.entries()) {
    if (!isAddress(contribution.account, { strict: false }))
      throw new ValidationError(`contribution ${index} names no address: "${contribution.account}"`, {
        field: `contributions.${index}.account`,
      });
    if (!Number.isFinite(contribution.score))
      throw new ValidationError(`contribution ${index} has a score that is not a finite number`, {
        field: `contributions.${index}.score`,
      });
    const account = getAddress(contribution.account);
    const pool = scores[contribution.kind ?? 'data'];
    const earned = contribution.flagged ? 0 : Math.max(0, contribution.score);
    pool.set(account, (pool.get(account) ?? 0) + earned);
  }
  const earning = (pool: Map<Address, number>) => [...pool.values()].some((score) => score > 0);
  if (!earning(scores.data) && !earning(scores.compute))
    throw new ValidationError('no contributor has a positive score: there is nothing to reward', {
      field: 'contributions',
    });
  const share = toDecimal(computeShare);
  const computeBudget = !earning(scores.compute)
    ? 0n
    : !earning(scores.data)
      ? budget
      : (budget * share.digits) / 10n ** BigInt(share.scale);
  const amounts = new Map<Address, bigint>();
  for (const [pool, poolBudget] of [
    [scores.data, budget - computeBudget],
    [scores.compute, computeBudget],
  ] as const)
    if (poolBudget > 0n)
      for (const [account, amount] of splitBudget(poolBudget, pool))
        amounts.set(account, (amounts.get(account) ?? 0n) + amount);

  const accounts = [...amounts.keys()].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const scoreOf = (account: Address) => (scores.data.get(account) ?? 0) + (scores.compute.get(account) ?? 0);
  const leaves: { account: Address; amount: bigint; score: number }[] = [];
  for (const account of accounts)
    if (amounts.get(account)! > 0n) leaves.push({ account, amount: amounts.get(account)!, score: scoreOf(account) });
  const tree = StandardMerkleTree.of<RewardLeaf>(
    leaves.map((leaf) => [epoch.toString(), leaf.account, leaf.amount.toString()]),
    rewardLeafEncoding,
  );
  const proofs = new Map<string, Hex[]>();
  for (const [index, [, account]] of tree.entries()) proofs.set(account, tree.getProof(index) as Hex[]);
  return {
    epoch,
    root: tree.root as Hex,
    total: leaves.reduce((sum, leaf) => sum + leaf.amount, 0n),
    rewards: leaves.map((leaf) => ({ ...leaf, proof: proofs.get(leaf.account)! })),
    dump: tree.dump(),
  };
}

/** `budget` split in proportion to the scores (exact integers: floors, then the largest remainders get a unit). */
function splitBudget(budget: bigint, scores: Map<Address, number>): Map<Address, bigint> {
  const accounts = [...scores.keys()].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  // Each score as the exact decimal it prints as (0.03 is 3/100, not the nearest double), over a common power of
  // ten: scores of any scale split the budget exactly as the numbers people read say.
  const decimals = accounts.map((account) => toDecimal(scores.get(account)!));
  const scale = Math.max(...decimals.map((decimal) => decimal.scale));
  const weights = decimals.map((decimal) => decimal.digits * 10n ** BigInt(scale - decimal.scale));
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0n);
  const amounts = weights.map((weight) => (budget * weight) / weightSum);
  let leftover = budget - amounts.reduce((sum, amount) => sum + amount, 0n);
  const byRemainder = accounts
    .map((_, index) => index)
    .filter((index) => weights[index]! > 0n)
    .sort((a, b) => {
      const ra = (budget * weights[a]!) % weightSum;
      const rb = (budget * weights[b]!) % weightSum;
      return ra === rb ? a - b : ra > rb ? -1 : 1;
    });
  for (const index of byRemainder) {
    if (leftover === 0n) break;
    amounts[index]! += 1n;
    leftover -= 1n;
  }
  return new Map(accounts.map((account, index) => [account, amounts[index]!]));
}

/** A non-negative number's shortest round-trip decimal as digits × 10^-scale (e.g. 0.03 → 3, 2; 1e-12 → 1, 12). */
function toDecimal(value: number): { digits: bigint; scale: number } {
  const [mantissa, exponentText] = value.toString().split('e');
  const [whole, fraction = ''] = mantissa!.split('.');
  const exponent = Number(exponentText ?? 0);
  const digits = BigInt(whole! + fraction);
  const scale = fraction.length - exponent;
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}
