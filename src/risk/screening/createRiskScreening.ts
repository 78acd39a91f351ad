import type { Kysely } from 'kysely';
import type { AuditLog } from '../../compliance/createAuditLog.js';
import type { Tables } from '../../db/Tables.js';
import { RetryableError } from '../../errors/BaseError.js';
import { type PlannedRiskCase, planRiskCases } from '../cases/createRiskCases.js';
import type { HistoryIndex } from '../history/createHistoryIndex.js';
import { createSanctionedEdges, type SanctionedEdges } from '../history/createSanctionedEdges.js';
import { createSqlHistorySource } from '../history/createSqlHistorySource.js';
import { loadScreeningHistories } from '../history/loadScreeningHistories.js';
import type { CounterpartyProofs } from '../proofs/createCounterpartyProofs.js';
import type { ModelRegistry } from '../registry/createModelRegistry.js';
import { createTransferHistory } from '../rules/createTransferHistory.js';
import type { RiskThresholds } from '../rules/RiskThresholds.js';
import { counterpartyAddress, type RiskTransfer, type ScreenedTransfer } from '../rules/RiskTransfer.js';
import type { OwnershipProof, SanctionedParty } from '../rules/RuleResult.js';
import type { SanctionsList } from '../sanctions/createSanctionsList.js';
import type { EurValuation } from './createEurValuation.js';
import type { RiskThresholdStore } from './createRiskThresholds.js';
import { createTransferIdReserve } from './createTransferIdReserve.js';
import { type DecisionRecord, decideScreening } from './decideScreening.js';
import type { RiskDecision, SanctionsScreening } from './RiskDecision.js';
import type { ScreenTransferInput } from './ScreenTransferInput.js';
import { scoreCounterparties } from './scoreCounterparties.js';
import { type StoredTransfer, storeDecisions } from './storeDecisions.js';
import { toScreenedTransfer } from './toScreenedTransfer.js';

export type { ScreenTransferInput } from './ScreenTransferInput.js';

export type CreateRiskScreeningParameters = {
  db: Kysely<Tables>;
  sanctionsList: SanctionsList;
  thresholds: RiskThresholdStore;
  models: ModelRegistry;
  /** The audit trail the cases' openings are appended to (in the statement that stores the decisions). */
  audit: AuditLog;
  proofs: CounterpartyProofs;
  valuation: EurValuation;
  /** The symbol of the chain's native coin, whose transfers feed the model's normal-transaction features. */
  nativeAsset?: string | undefined;
  /** The transfers touching sanctioned addresses, shared with whatever else writes history (default: its own). */
  sanctionedEdges?: SanctionedEdges | undefined;
  /**
   * The history held in memory (createHistoryIndex), synced at the start of each batch; without it, or for a window
   * it no longer holds, the history is read from the database.
   */
  historyIndex?: HistoryIndex | undefined;
  /** Most screenings decided and stored together (default 64). */
  maxBatch?: number | undefined;
  /**
   * Most screenings waiting; past it a screening is refused at once as retryable (HTTP 503) instead of joining a
   * queue whose wait would outlast any client's patience (default 512).
   */
  maxQueue?: number | undefined;
  now?: (() => Date) | undefined;
};

/** A screening decided, with its transfer as it joins the history (its id drawn). */
type Decided = { pending: Pending; record: DecisionRecord; transfer: StoredTransfer };

/** A decided batch being stored: `done` settles when it is stored and answered, or refused (`failed`). */
type StoringBatch = { transfers: RiskTransfer[]; failed: boolean; done: Promise<void> };

type Pending = {
  transfer: ScreenedTransfer;
  thresholds: RiskThresholds;
  thresholdsSha256: string;
  sanctions: SanctionsScreening;
  actor: string;
  resolve(decision: RiskDecision): void;
  reject(error: unknown): void;
};

/**
 * Screens transfers: sanctions on both parties, the AML rules over the transfer history, and the fraud model on the
 * counterparty's account features, combined into allow, review or block (see combineDecision). Each decision is
 * stored with everything that explains it, together with the transfer, which joins the history; review and block
 * open an alert case.
 *
 * Screenings that arrive while others are being decided wait and go together: their histories are read in one
 * query per ring of the graph walks and their decisions stored in one statement, so the database work per screening
 * shrinks as load grows, and an idle screening starts at once. Within a batch they are decided in arrival order,
 * each seeing the ones before it in its history, as if one after the other. While a batch is being stored the next
 * is decided (a Postgres server stores on another core), seeing the transfers of the one being stored; stores keep
 * the order of the batches, and a screening is answered once its decision is stored.
 * @example const decision = await screening.screen({ chainId: 1, asset: 'USDC', amount: 1_500_000_000n, decimals: 6, from, to, counterparty: { hosted: false } }, { actor: 'key:k1' })
 */
export function createRiskScreening(parameters: CreateRiskScreeningParameters) {
  const { db, audit, sanctionsList, thresholds: thresholdStore, models, proofs, valuation } = parameters;
  const nativeAsset = parameters.nativeAsset ?? 'ETH';
  const now = parameters.now ?? (() => new Date());
  const maxBatch = parameters.maxBatch ?? 64;
  const maxQueue = parameters.maxQueue ?? 512;
  const sanctionedEdges = parameters.sanctionedEdges ?? createSanctionedEdges({ db });
  const historyIndex = parameters.historyIndex;
  const sqlHistory = createSqlHistorySource(db);
  // The index counts a block's ids as its own from the moment it is drawn, so no sync waits for them as gaps.
  const transferIds = createTransferIdReserve({ db, onDrawn: (ids) => historyIndex?.expect(ids) });
  const queue: Pending[] = [];
  let flushing = false;
  // Batches decided whose store has not finished, oldest first: the next batch sees their transfers as history.
  const storing: StoringBatch[] = [];

  // Resolved when a screening joins the queue while the flush waits for a store.
  let wake: (() => void) | undefined;

  // `flushing` is set when a flush is scheduled (see screen) and cleared when the queue is empty and every batch
  // stored.
  async function flush() {
    try {
      while (queue.length > 0 || storing.length > 0) {
        // One batch is stored while the next is decided; a third waits for the first store to finish. With nothing
        // queued, wait for a store to finish or a screening to arrive, whichever comes first.
        if (queue.length === 0 || storing.length >= 2) {
          const arrival = new Promise<void>((resolve) => {
            wake = resolve;
          });
          await Promise.race([storing[0]!.done, ...(queue.length === 0 ? [arrival] : [])]);
          wake = undefined;
          continue;
        }
        const batch = queue.splice(0, maxBatch);
        const dependsOn = [...storing];
        let decided: Decided[];
        try {
          decided = await decideBatch(batch, dependsOn);
        } catch (error) {
          for (const pending of batch) pending.reject(error);
          continue;
        }
        const entry: StoringBatch = {
          transfers: decided.map(({ transfer }) => transfer),
          failed: false,
          done: Promise.resolve(),
        };
        // Stores keep the order of the batches: each starts when the one before it has finished.
        const previous = storing.at(-1)?.done ?? Promise.resolve();
        entry.done = previous
          .then(() => storeBatch(decided, dependsOn, entry))
          .finally(() => storing.splice(storing.indexOf(entry), 1));
        storing.push(entry);
      }
    } finally {
      flushing = false;
    }
  }

  /**
   * Decides a batch against the history as it is now plus the transfers of batches still being stored
   * (`dependsOn`), each screening also seeing those decided before it in this batch, as if one after the other.
   */
  async function decideBatch(batch: Pending[], dependsOn: readonly StoringBatch[]): Promise<Decided[]> {
    // The transfers' ids are drawn now, so that a later batch can tell one it reads back from the database from the
    // same one it holds as still being stored.
    const ids = await transferIds.take(batch.length);
    const transfers = batch.map((pending, index): StoredTransfer => ({ ...pending.transfer, id: ids[index]! }));
    const requests = batch.map(({ transfer, thresholds }) => ({
      from: transfer.from,
      to: transfer.to,
      at: transfer.at,
      thresholds,
    }));
    const since = Math.min(...requests.map((r) => r.at.getTime() - r.thresholds.history.lookbackDays * 86_400_000));
    if (historyIndex) await historyIndex.sync();
    const source = historyIndex?.covers(new Date(since)) ? historyIndex : sqlHistory;
    const histories = await loadScreeningHistories(source, requests, await sanctionedEdges.get(new Date(since)));
    const proofsFound = await findOwnershipProofs(batch, proofs);
    const unstored = dependsOn.flatMap((entry) => entry.transfers);
    const gathered = batch.map((pending, index) => {
      const loaded = histories[index]!;
      const read = new Set(loaded.transfers.map((t) => t.id));
      const involved = new Set(
        loaded.transfers.flatMap((t) => [t.from, t.to]).concat(pending.transfer.from, pending.transfer.to),
      );
      const notYetStored = unstored
        .concat(transfers.slice(0, index))
        .filter((t) => !read.has(t.id) && (involved.has(t.from) || involved.has(t.to)));
      return { pending, loaded, history: createTransferHistory([...loaded.transfers, ...notYetStored]) };
    });
    const outcomes = scoreCounterparties(
      gathered.map(({ pending, history }) => ({
        counterparty: counterpartyAddress(pending.transfer),
        history,
        at: pending.transfer.at,
        thresholds: pending.thresholds,
      })),
      models.current(),
      nativeAsset,
    );
    const decided: Decided[] = [];
    const listed = await sanctionsList.listed();
    for (const [index, { pending, loaded, history }] of gathered.entries()) {
      const sanctioned = new Map<string, SanctionedParty>();
      for (const address of history.addresses()) {
        if (!listed(address)) continue;
        const check = await sanctionsList.check(address);
        if (check.sanctioned)
          sanctioned.set(address, { entity: check.entity ?? '', ticker: check.ticker ?? '', programs: check.programs });
      }
      const record = decideScreening({
        transfer: pending.transfer,
        thresholds: pending.thresholds,
        thresholdsSha256: pending.thresholdsSha256,
        sanctions: pending.sanctions,
        history,
        truncated: loaded.truncated,
        sanctioned,
        ownershipProof: proofsFound[index] ?? null,
        model: outcomes[index]!,
      });
      decided.push({ pending, record, transfer: transfers[index]! });
    }
    return decided;
  }

  /**
   * Stores a decided batch and its cases, then answers its screenings. A batch decided with the transfers of one
   * whose store failed is refused too (retryable): its decisions rest on a history that did not happen.
   */
  async function storeBatch(decided: readonly Decided[], dependsOn: readonly StoringBatch[], entry: StoringBatch) {
    try {
      if (dependsOn.some((earlier) => earlier.failed))
        throw new RetryableError('An earlier screening batch could not be stored; screen again.', {
          code: 'risk-screening-retry',
        });
      const items = decided.map(({ record, transfer }) => ({ transfer, record }));
      const planned = planRiskCases(
        decided
          .filter(({ record }) => record.decision !== 'allow')
          .map(({ pending, record }) => ({
            decisionId: record.decisionId,
            companyId: pending.transfer.companyId,
            decision: record.decision,
            summary: record.summary,
            actor: pending.actor,
          })),
      );
      const stored = await storeWithCases(items, planned);
      const caseIds = new Map(planned.map((opened) => [opened.decisionId, opened.id]));
      // The index takes the batch's transfers as stored instead of reading them back at the next sync.
      void historyIndex?.learn(decided.map(({ transfer }) => transfer));
      // A stored transfer to or from a sanctioned address is a new edge for the exposure walks of the next screenings.
      if (decided.some(({ pending }) => pending.sanctions.hit)) sanctionedEdges.invalidate();
      for (const [index, { pending, record, transfer }] of decided.entries())
        pending.resolve(toDecision(transfer, record, stored[index]!, caseIds.get(record.decisionId) ?? null));
    } catch (error) {
      entry.failed = true;
      for (const { pending } of decided) pending.reject(error);
    }
  }

  /** Stores decisions and opens their cases, with the cases' audit events, in one statement. */
  function storeWithCases(items: Parameters<typeof storeDecisions>[1], planned: readonly PlannedRiskCase[]) {
    if (planned.length === 0) return storeDecisions(db, items);
    return audit.appendGuarded(
      planned.map(({ event }) => event),
      (events, head) => storeDecisions(db, items, { cases: planned, events, head }),
    );
  }

  return {
    /** Screens one transfer; resolves once its decision (and case) is stored. */
    async screen(input: ScreenTransferInput, options: { actor: string }): Promise<RiskDecision> {
      const transfer = await toScreenedTransfer(input, valuation, now);
      const { thresholds, sha256: thresholdsSha256 } = await thresholdStore.get(transfer.companyId);
      // Checked before queueing: a missing list fails this screening alone, and never answers "clean".
      const [fromCheck, toCheck] = [await sanctionsList.check(transfer.from), await sanctionsList.check(transfer.to)];
      const sanctions: SanctionsScreening = {
        hit: fromCheck.sanctioned || toCheck.sanctioned,
        listVersion: toCheck.listVersion,
        from: fromCheck,
        to: toCheck,
      };
      if (queue.length >= maxQueue)
        throw new RetryableError(`The risk engine has ${queue.length} screenings waiting; try again shortly.`, {
          code: 'risk-screening-busy',
        });
      return new Promise<RiskDecision>((resolve, reject) => {
        queue.push({ transfer, thresholds, thresholdsSha256, sanctions, actor: options.actor, resolve, reject });
        wake?.();
        // Started on the next turn of the event loop, not now: the requests read in this turn are still on their
        // way here, and starting at once would decide the first alone and the rest in a batch after it.
        if (!flushing) {
          flushing = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}

export type RiskScreening = ReturnType<typeof createRiskScreening>;

/** Proofs are looked up only where the unhosted-wallet rule could fire: self-hosted and possibly above its threshold. */
async function findOwnershipProofs(
  batch: readonly Pending[],
  proofs: CounterpartyProofs,
): Promise<(OwnershipProof | null)[]> {
  return Promise.all(
    batch.map(async ({ transfer, thresholds }) => {
      if (transfer.counterparty.hosted || !transfer.companyId) return null;
      const value = transfer.fiatValueEurCents;
      if (value !== null && value <= BigInt(thresholds.unhostedWallet.thresholdEurCents)) return null;
      const proof = await proofs.latest(transfer.companyId, counterpartyAddress(transfer));
      return proof ? { method: proof.method, verifiedAt: proof.verifiedAt } : null;
    }),
  );
}

function toDecision(
  transfer: StoredTransfer,
  record: DecisionRecord,
  stored: { createdAt: Date },
  caseId: string | null,
): RiskDecision {
  return {
    decisionId: record.decisionId,
    transferId: transfer.id.toString(),
    companyId: transfer.companyId,
    decision: record.decision,
    score: record.score,
    modelScore: record.modelScore,
    modelHash: record.modelHash,
    modelNote: record.modelNote,
    rulesFired: record.rulesFired,
    rulesChecked: record.rulesChecked,
    topReasons: record.topReasons,
    sanctions: record.sanctions,
    summary: record.summary,
    caseId,
    transfer: {
      chainId: transfer.chainId,
      asset: transfer.asset,
      amount: transfer.amount.toString(),
      decimals: transfer.decimals,
      fiatValueEurCents: transfer.fiatValueEurCents === null ? null : transfer.fiatValueEurCents.toString(),
      from: transfer.from,
      to: transfer.to,
      direction: transfer.direction,
      source: transfer.source,
      reference: transfer.reference ?? null,
      at: transfer.at,
    },
    createdAt: stored.createdAt,
  };
}
