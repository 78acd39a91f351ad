import type { TransferHistory } from './createTransferHistory.js';
import type { RiskThresholds, Severity } from './RiskThresholds.js';
import type { ScreenedTransfer } from './RiskTransfer.js';

export type RuleName =
  | 'structuring'
  | 'velocity'
  | 'fan-out'
  | 'fan-in'
  | 'new-counterparty'
  | 'unhosted-wallet'
  | 'round-trip'
  | 'sanctions-exposure';

/** What one rule found: fired or not, and why, with the numbers. */
export type RuleResult = {
  rule: RuleName;
  fired: boolean;
  /** The severity the rule has when it fires (still given when it does not, for the record). */
  severity: Severity;
  /** What it adds to the decision score: the severity's score when fired, else 0. */
  score: number;
  /** One sentence with the figures, e.g. "4 transfers of EUR 900.00–999.99 from 0xab… in 72 h (fires at 3)". */
  explanation: string;
  /** The measured figures, for machines. */
  figures: Record<string, string | number | boolean | null | string[]>;
  /** The red flag or legal provision the rule implements. */
  source: string;
};

/** A sanctioned address the sanctions list knows. */
export type SanctionedParty = { entity: string; ticker: string; programs: string[] };

/** Proof that a self-hosted wallet is controlled by its counterparty (Transfer of Funds Regulation art. 14(5), 16(2)). */
export type OwnershipProof = { method: string; verifiedAt: Date };

/** Everything a rule may look at; rules are pure functions of it. */
export type RuleContext = {
  transfer: ScreenedTransfer;
  /** The history before the screened transfer (which is not in it). */
  history: TransferHistory;
  thresholds: RiskThresholds;
  /** Sanctioned addresses among those in the history, in lookup form. */
  sanctioned: ReadonlyMap<string, SanctionedParty>;
  /** The counterparty's proof of wallet ownership, when one is on record. */
  ownershipProof: OwnershipProof | null;
};

/** A rule's result in one call: fired → the severity's score, otherwise 0. */
export function ruleResult(context: RuleContext, result: Omit<RuleResult, 'score'> & { fired: boolean }): RuleResult {
  return { ...result, score: result.fired ? context.thresholds.severityScores[result.severity] : 0 };
}

/** `hours` before `at`. */
export function windowStart(at: Date, hours: number): Date {
  return new Date(at.getTime() - hours * 3_600_000);
}

/** A short form of an address for sentences: 0x098b…2f96. */
export function shortAddress(address: string): string {
  return address.length > 14 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}
