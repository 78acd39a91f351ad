import type { Kysely } from 'kysely';
import { type Address, getAddress } from 'viem';
import type { AuditLog } from '../../compliance/createAuditLog.js';
import type { Tables } from '../../db/Tables.js';
import { applyRate } from '../../money/applyRate.js';
import { currencyMinorUnits } from '../../money/currencyMinorUnits.js';
import type { Companies } from '../createCompanies.js';
import type { BatchGasOptions } from './buildRunBatches.js';
import { bulkUpdatePayouts } from './bulkUpdatePayouts.js';
import { ensureCompanyVault } from './ensureCompanyVault.js';
import { lockPayRun, recordPayRunError, updatePayRun } from './lockPayRun.js';
import type { PayoutAsset } from './PayoutAsset.js';
import type { PayRun, PayRunPayout } from './PayRun.js';
import type { PayRunChain } from './PayRunChain.js';
import { assertPayRunStatus } from './payRunStatus.js';
import { readPayRun, readPayRunParts } from './readPayRun.js';
import { type AssetQuote, chainNow, readQuotes } from './readQuotes.js';
import { rebatchPayRun } from './rebatchPayRun.js';
import type { PayoutScreeningResult, ScreenPayout } from './ScreenPayout.js';

export type ScreenPayRunParameters = {
  db: Kysely<Tables>;
  audit: AuditLog;
  chain: PayRunChain;
  companies: Pick<Companies, 'get' | 'update'>;
  screen: ScreenPayout;
  payableAssets: ReadonlyMap<string, PayoutAsset>;
  payRunId: string;
  actor: string;
  /** A feed answer older than this stops the run (seconds). */
  maxQuoteAgeSeconds: number;
  /** How long approved batches stay payable after pricing (seconds): their on-chain deadline. */
  batchValiditySeconds: number;
  gas?: BatchGasOptions | undefined;
  /** Screenings in flight at once. */
  concurrency?: number | undefined;
};

const decisionRank = { allow: 0, review: 1, block: 2 } as const;

/**
 * calculated → screened. Prices every crypto payout at the feeds' quote (readQuotes: a stale feed stops here, the run
 * stays calculated and nothing is priced), converts its fiat amount to token units (applyRate: exact, rounded once,
 * half-even), screens each recipient (sanctions, AML rules, fraud model), holds the lines with a review or block
 * decision, and builds the on-chain batches of the cleared payouts with what approvers sign. The company's vault is
 * deployed here if it has none yet, since the batch digests approvers sign name it.
 *
 * Screening runs before the transaction that moves the run (the risk engine writes its own records); each decision
 * is kept on its payout as soon as it is made, so a crash mid-way does not screen the same payout twice.
 */
export async function screenPayRun(parameters: ScreenPayRunParameters): Promise<PayRun> {
  try {
    return await screen(parameters);
  } catch (error) {
    await recordPayRunError(parameters.db, parameters.payRunId, error);
    throw error;
  }
}

async function screen(parameters: ScreenPayRunParameters): Promise<PayRun> {
  const { db, audit, chain, companies, payRunId, actor } = parameters;
  const before = await readPayRun(db, payRunId);
  assertPayRunStatus(before, 'screen');
  const company = await companies.get(before.companyId);
  const parts = await readPayRunParts(db, payRunId);
  const calculated = new Set(parts.lines.filter((line) => line.status === 'calculated').map((l) => l.employeeId));
  const onChain = parts.payouts.filter((payout) => payout.channel === 'chain' && calculated.has(payout.employeeId));

  let vault: Address | null = null;
  let quotes = new Map<string, AssetQuote>();
  const pricedAt = new Date();
  if (onChain.length > 0) {
    vault = await ensureCompanyVault({ db, chain, companies, company, payRunId, actor });
    const assets = [...new Set(onChain.map((payout) => payout.asset))].map(
      (symbol) => parameters.payableAssets.get(symbol)!,
    );
    quotes = await readQuotes({
      chain,
      assets,
      currency: before.currency,
      maxAgeSeconds: parameters.maxQuoteAgeSeconds,
      refreshStaleDevFeeds: chain.devChain ? { idempotencyKeyPrefix: `payrun:${payRunId}:feed` } : undefined,
    });
  }

  const fiatDecimals = currencyMinorUnits(before.currency);
  const priced = onChain.map((payout) => {
    const quote = quotes.get(payout.asset)!;
    const tokenAmount = applyRate(payout.fiatAmount, quote.rate, {
      fromDecimals: fiatDecimals,
      toDecimals: quote.tokenDecimals,
      rounding: 'half-even',
    });
    return { payout, quote, tokenAmount };
  });

  // Screening, a few at a time; each decision is stored on its payout right away.
  const decisions = new Map<string, PayoutScreeningResult>();
  const key = (p: Pick<PayRunPayout, 'employeeId' | 'asset'>) => `${p.employeeId}\u0000${p.asset}`;
  for (const { payout, tokenAmount } of priced)
    if (payout.risk && payout.token?.amount === tokenAmount)
      decisions.set(key(payout), {
        decision: payout.risk.decision as PayoutScreeningResult['decision'],
        score: payout.risk.score ?? 0,
        rulesFired: payout.risk.rulesFired.map((rule) => ({ rule })),
        topReasons: [],
        decisionId: payout.risk.decisionId,
        modelHash: payout.risk.modelHash,
        caseId: payout.risk.caseId,
        summary: payout.risk.summary ?? undefined,
      });
  const lineNames = new Map(parts.lines.map((line) => [line.employeeId, line.fullName]));
  const toScreen = priced.filter(({ payout }) => !decisions.has(key(payout)));
  let next = 0;
  const pendingWrites: {
    payout: PayRunPayout;
    tokenAmount: bigint;
    quote: AssetQuote;
    result: PayoutScreeningResult;
  }[] = [];
  const flush = async () => {
    const writes = pendingWrites.splice(0);
    if (writes.length === 0) return;
    await bulkUpdatePayouts(db, payRunId, tokenAndRiskColumns, writes.map(tokenAndRiskValues));
  };
  const worker = async () => {
    while (next < toScreen.length) {
      const { payout, quote, tokenAmount } = toScreen[next++]!;
      const result = await parameters.screen({
        companyId: before.companyId,
        chainId: chain.chainId,
        asset: payout.asset,
        amount: tokenAmount,
        decimals: quote.tokenDecimals,
        fiatValueEurCents: payout.fiatAmount,
        from: vault!,
        to: payout.recipient,
        reference: `payrun:${payRunId}:${payout.employeeId}:${payout.asset}`,
        beneficiary: { employeeId: payout.employeeId, name: lineNames.get(payout.employeeId) ?? payout.employeeId },
        actor,
      });
      decisions.set(key(payout), result);
      pendingWrites.push({ payout, tokenAmount, quote, result });
      if (pendingWrites.length >= 100) await flush();
    }
  };
  await Promise.all(Array.from({ length: Math.min(parameters.concurrency ?? 4, toScreen.length) }, worker));
  await flush();

  const deadline = BigInt(
    Math.max(Math.floor(pricedAt.getTime() / 1000), await nowOf(chain, onChain.length > 0)) +
      parameters.batchValiditySeconds,
  );
  return db.transaction().execute(async (trx) => {
    const run = await lockPayRun(trx, payRunId);
    assertPayRunStatus(run, 'screen');

    // Quotes, token amounts and each payout's status; the decision columns were written as they came.
    await bulkUpdatePayouts(
      trx,
      payRunId,
      [...tokenAndRiskColumns, ...quoteColumns, { name: 'status', type: 'text' }],
      priced.map(({ payout, quote, tokenAmount }) => {
        const result = decisions.get(key(payout))!;
        return {
          employeeId: payout.employeeId,
          asset: payout.asset,
          values: [
            ...tokenAndRiskValues({ payout, tokenAmount, quote, result }).values,
            ...quoteValues(quote),
            result.decision === 'allow' ? 'cleared' : 'held',
          ],
        };
      }),
    );
    await trx
      .updateTable('pay_run_payouts')
      .set({ status: 'cleared' })
      .where('pay_run_id', '=', payRunId)
      .where('channel', '=', 'sepa')
      .where('status', '=', 'pending')
      .where('employee_id', 'in', calculated.size > 0 ? [...calculated] : [''])
      .execute();

    // Each line: held when any of its crypto payouts is (block before review), else cleared.
    const worst = new Map<string, { result: PayoutScreeningResult; asset: string }>();
    for (const { payout } of priced) {
      const result = decisions.get(key(payout))!;
      const current = worst.get(payout.employeeId);
      if (
        result.decision !== 'allow' &&
        (!current || decisionRank[result.decision] > decisionRank[current.result.decision])
      )
        worst.set(payout.employeeId, { result, asset: payout.asset });
    }
    const held = [...worst.entries()];
    for (const [employeeId, { result, asset }] of held)
      await trx
        .updateTable('pay_run_lines')
        .set({
          status: 'held',
          hold: result.decision === 'block' ? 'block' : 'review',
          reason: holdReason(asset, result),
          risk_decision_id: result.decisionId,
          risk_case_id: result.caseId ?? null,
          updated_at: new Date(),
        })
        .where('pay_run_id', '=', payRunId)
        .where('employee_id', '=', employeeId)
        .execute();
    // Payouts of a held line wait with it, whatever their own decision.
    if (held.length > 0)
      await trx
        .updateTable('pay_run_payouts')
        .set({ status: 'held' })
        .where('pay_run_id', '=', payRunId)
        .where(
          'employee_id',
          'in',
          held.map(([employeeId]) => employeeId),
        )
        .execute();
    await trx
      .updateTable('pay_run_lines')
      .set({ status: 'cleared', updated_at: new Date() })
      .where('pay_run_id', '=', payRunId)
      .where('status', '=', 'calculated')
      .execute();

    const { runDigest, contentHash } = await rebatchPayRun({
      trx,
      run,
      chainId: chain.chainId,
      vault,
      deadline,
      gas: parameters.gas,
    });
    const updated = await updatePayRun(trx, run, {
      status: 'screened',
      priced_at: onChain.length > 0 ? pricedAt : null,
      chain_id: vault ? BigInt(chain.chainId) : null,
      vault_address: vault,
      run_digest: runDigest,
      content_hash: contentHash,
      screened_at: new Date(),
    });
    const counts = { allow: 0, review: 0, block: 0 };
    for (const result of decisions.values()) counts[result.decision]++;
    await audit.append(
      {
        actor,
        action: 'payrun.screen',
        subject: `payrun:${payRunId}`,
        data: {
          screened: decisions.size,
          decisions: counts,
          linesHeld: held.length,
          quotes: [...quotes.values()].map((quote) => ({
            asset: quote.asset,
            rate: quote.rateText,
            source: quote.source,
            feed: quote.feed,
            roundId: quote.roundId,
            updatedAt: quote.updatedAt?.toISOString() ?? null,
          })),
          vault,
          runDigest,
        },
      },
      trx,
    );
    return updated;
  });
}

async function nowOf(chain: PayRunChain, onChain: boolean): Promise<number> {
  return onChain ? chainNow(chain) : Math.floor(Date.now() / 1000);
}

function holdReason(asset: string, result: PayoutScreeningResult): string {
  const verdict = result.decision === 'block' ? 'blocked' : 'held for review';
  const rules = result.rulesFired.map((rule) => rule.rule).join(', ');
  return [
    `The ${asset} payout was ${verdict} by the risk engine (score ${result.score.toFixed(2)}${rules ? `; rules: ${rules}` : ''}).`,
    result.summary ?? '',
    result.caseId ? `Case ${result.caseId}.` : '',
    result.decision === 'review' ? 'An approver can release the line.' : 'The line is not paid.',
  ]
    .filter(Boolean)
    .join(' ');
}

const tokenAndRiskColumns = [
  { name: 'token_address', type: 'text' },
  { name: 'token_decimals', type: 'integer' },
  { name: 'token_amount', type: 'numeric' },
  { name: 'risk_decision_id', type: 'text' },
  { name: 'risk_decision', type: 'text' },
  { name: 'risk_score', type: 'double precision' },
  { name: 'risk_case_id', type: 'text' },
  { name: 'risk_summary', type: 'text' },
  { name: 'risk_rules_fired', type: 'jsonb' },
  { name: 'risk_model_hash', type: 'text' },
];

function tokenAndRiskValues(write: {
  payout: PayRunPayout;
  tokenAmount: bigint;
  quote: AssetQuote;
  result: PayoutScreeningResult;
}) {
  const { payout, tokenAmount, quote, result } = write;
  return {
    employeeId: payout.employeeId,
    asset: payout.asset,
    values: [
      getAddress(quote.token),
      quote.tokenDecimals,
      tokenAmount,
      result.decisionId,
      result.decision,
      result.score,
      result.caseId ?? null,
      result.summary ?? null,
      JSON.stringify(result.rulesFired.map((rule) => rule.rule)),
      result.modelHash,
    ],
  };
}

const quoteColumns = [
  { name: 'rate', type: 'text' },
  { name: 'rate_numerator', type: 'numeric' },
  { name: 'rate_denominator', type: 'numeric' },
  { name: 'quote_feed', type: 'text' },
  { name: 'quote_round_id', type: 'text' },
  { name: 'quote_updated_at', type: 'timestamptz' },
  { name: 'quote_source', type: 'text' },
  { name: 'quote', type: 'jsonb' },
];

function quoteValues(quote: AssetQuote): unknown[] {
  return [
    quote.rateText,
    quote.rate.numerator,
    quote.rate.denominator,
    quote.feed,
    quote.roundId,
    quote.updatedAt,
    quote.source,
    JSON.stringify({
      description: quote.description,
      fiatPerToken: quote.fiatPerToken.toString(),
      fiatPerTokenDecimals: 8,
      feeds: quote.feeds.map((feed) => ({
        ...feed,
        answer: feed.answer.toString(),
        updatedAt: feed.updatedAt.toISOString(),
      })),
    }),
  ];
}
