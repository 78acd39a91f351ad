import { lazy, Suspense } from 'react';
import { Link } from 'wouter';
import type { z } from 'zod';
import type { balancesSchema } from '../../../src/api/schemas/ledgerSchemas.js';
import { query } from '../api/client.js';
import { type PayRunDetail, payRunPaths } from '../api/payRunApi.js';
import { useResource } from '../api/useResource.js';
import { useCompany } from '../company.js';
import { Card, Empty, Loading, PageHeader, StatusBadge } from '../components/Layout.js';
import { Money } from '../components/Money.js';
import { isMissingRoute, ProblemMessage } from '../components/ProblemMessage.js';
import { can, useMe } from '../session.js';
import { type PayRunSummary, payRunsPath } from './PayRuns.js';
import { CaseTable, type RiskCase } from './Risk.js';

const TreasuryChart = lazy(() => import('./TreasuryChart.js').then((module) => ({ default: module.TreasuryChart })));

type Health = {
  ok: boolean;
  version: string;
  database: { ok: boolean; kind: string; describe: string; error?: string };
  chain: { ok: boolean; kind: string; chainId?: number; blockNumber?: string; rpcUrl?: string; error?: string };
};
type Balances = z.infer<typeof balancesSchema>;

/** The first screen: money on hand, the pay runs, what waits for review, and whether the platform is healthy. */
export function Overview() {
  const { company } = useCompany();
  const me = useMe();
  const health = useResource<Health>('/healthz', { pollMs: 15_000 });
  const balances = useResource<Balances>(
    company ? `/v1/ledger/balances${query({ companyId: company.id })}` : undefined,
  );
  const payRuns = useResource<{ payRuns: PayRunSummary[] }>(company ? payRunsPath(company.id) : undefined);
  const cases = useResource<{ cases: RiskCase[] }>(
    company && can(me.role, 'seeCases')
      ? `/v1/risk/cases${query({ status: 'open', companyId: company.id, limit: 5 })}`
      : undefined,
  );
  const runs = [...(payRuns.data?.payRuns ?? [])].sort((a, b) => b.period.localeCompare(a.period));
  // Token values use the latest rate a pay run recorded (feed, round, time), never a made-up price.
  const pricedRun = runs.find((run) => run.pricedAt);
  const pricedDetail = useResource<PayRunDetail>(pricedRun ? payRunPaths.detail(pricedRun.id) : undefined);
  if (!company) return <Loading />;

  const rates = recordedRates(pricedDetail.data);
  const treasury = (balances.data?.accounts ?? [])
    // Money on hand: the bank account(s) (11xx) and every on-chain account; clearing accounts (15xx) are not treasury.
    .filter(
      (row) => row.account.type === 'asset' && (row.account.address !== null || row.account.code.startsWith('11')),
    )
    .map((row) => ({ ...row, value: fiatValue(row.normalBalance, row.account.currency, company.baseCurrency, rates) }));
  const treasuryTotal = treasury.reduce((sum, row) => sum + (row.value ?? 0n), 0n);
  const finished = new Set(['paid', 'partially_paid', 'failed', 'cancelled']);
  const nextRun = [...runs].reverse().find((run) => !finished.has(run.status));
  const lastRun = runs.find((run) => finished.has(run.status) && run.status !== 'cancelled');

  return (
    <>
      <PageHeader
        title="Overview"
        description={`${company.legalName} · ${company.country} · ${company.baseCurrency}`}
      />
      <div className="stats">
        <div className="stat">
          <div className="stat-label">Next pay run</div>
          <div className="stat-value">{nextRun ? nextRun.period : '—'}</div>
          <div className="stat-sub">
            {nextRun ? (
              <Link href={`/pay-runs/${nextRun.id}`}>
                <StatusBadge status={nextRun.status} />
              </Link>
            ) : isMissingRoute(payRuns.error) ? (
              'pay runs not available'
            ) : (
              'none in progress'
            )}
          </div>
        </div>
        <div className="stat">
          <div className="stat-label">Last pay run</div>
          <div className="stat-value">
            {lastRun ? <Money minor={lastRun.netTotal} asset={lastRun.currency} /> : '—'}
          </div>
          <div className="stat-sub">{lastRun ? `${lastRun.period} · net paid` : 'none yet'}</div>
        </div>
        <div className="stat">
          <div className="stat-label">Open risk cases</div>
          <div className="stat-value">{cases.data ? cases.data.cases.length : '—'}</div>
          <div className="stat-sub">
            {cases.error?.status === 403 || !can(me.role, 'seeCases') ? (
              'compliance only'
            ) : (
              <Link href="/risk">Review</Link>
            )}
          </div>
        </div>
        <div className="stat">
          <div className="stat-label">Platform</div>
          <div className="stat-value">
            {health.data ? (
              <>
                <span className={`dot ${health.data.ok ? 'dot-good' : 'dot-bad'}`} aria-hidden="true" />
                {health.data.ok ? 'Healthy' : 'Degraded'}
              </>
            ) : (
              '—'
            )}
          </div>
          <div className="stat-sub">{health.data ? `Tandem ${health.data.version}` : ''}</div>
        </div>
      </div>
      <Card title="Treasury">
        <ProblemMessage problem={balances.error} />
        {balances.loading && !balances.data ? <Loading /> : null}
        {balances.data && treasury.length === 0 ? (
          <Empty>No treasury accounts yet: the first pay run opens them.</Empty>
        ) : null}
        {treasury.length > 0 ? (
          <>
            <Suspense fallback={null}>
              <TreasuryChart rows={treasury} currency={company.baseCurrency} />
            </Suspense>
            {rates.size > 0 ? (
              <p className="muted small" style={{ margin: '0 0 0.5rem' }}>
                Tokens valued at the rates pay run {pricedRun?.period} recorded:{' '}
                {[...rates.entries()]
                  .map(
                    ([asset, rate]) =>
                      `${asset} ${rate.rate} per ${company.baseCurrency} (${rate.source}${rate.at ? `, ${new Date(rate.at).toLocaleString()}` : ''})`,
                  )
                  .join('; ')}
                .
              </p>
            ) : null}
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col">Asset</th>
                    <th scope="col" className="num">
                      Balance
                    </th>
                    <th scope="col" className="num">
                      Value ({company.baseCurrency})
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {treasury.map((row) => (
                    <tr key={row.account.id}>
                      <td>
                        {row.account.name}
                        {row.account.address &&
                        !row.account.name.toLowerCase().includes(row.account.address.toLowerCase()) ? (
                          <div className="muted small mono mono-break">{row.account.address}</div>
                        ) : null}
                      </td>
                      <td>{row.account.currency}</td>
                      <td className="num">
                        <Money minor={row.normalBalance} asset={row.account.currency} decimals={row.account.decimals} />
                      </td>
                      <td className="num">
                        {row.value === undefined ? (
                          <span className="muted small">no recorded rate</span>
                        ) : (
                          <Money minor={row.value} asset={company.baseCurrency} />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={3}>
                      Total value
                    </th>
                    <td className="num">
                      <strong>
                        <Money minor={treasuryTotal} asset={company.baseCurrency} />
                      </strong>
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </>
        ) : null}
      </Card>
      <div className="grid">
        <Card title="Platform status">
          <ProblemMessage problem={health.error?.status === 503 ? undefined : health.error} />
          {health.data ? (
            <dl className="facts">
              <dt>Database</dt>
              <dd>
                <span className={`dot ${health.data.database.ok ? 'dot-good' : 'dot-bad'}`} aria-hidden="true" />
                {health.data.database.ok ? 'up' : `down: ${health.data.database.error ?? ''}`} ·{' '}
                {health.data.database.describe}
              </dd>
              <dt>Chain</dt>
              <dd>
                <span className={`dot ${health.data.chain.ok ? 'dot-good' : 'dot-bad'}`} aria-hidden="true" />
                {health.data.chain.ok
                  ? `${health.data.chain.kind} · chain id ${health.data.chain.chainId} · block ${health.data.chain.blockNumber}`
                  : `down: ${health.data.chain.error ?? ''}`}
              </dd>
              {health.data.chain.rpcUrl ? (
                <>
                  <dt>RPC</dt>
                  <dd className="mono mono-break">{health.data.chain.rpcUrl}</dd>
                </>
              ) : null}
              <dt>Vault</dt>
              <dd className="mono mono-break">
                {company.vault ? company.vault.address : 'deployed with the first pay run'}
              </dd>
              <dt>Approvals</dt>
              <dd>
                {company.approvalThreshold} of {company.approvers.length || 1}
              </dd>
            </dl>
          ) : (
            <Loading />
          )}
        </Card>
        <Card title="Pay runs" actions={<Link href="/pay-runs">All pay runs</Link>}>
          <ProblemMessage problem={payRuns.error} what="Pay runs" />
          {payRuns.data && runs.length === 0 ? <Empty>No pay runs yet.</Empty> : null}
          {runs.length > 0 ? (
            <ul className="reasons" style={{ color: 'inherit' }}>
              {runs.slice(0, 5).map((run) => (
                <li key={run.id}>
                  <Link href={`/pay-runs/${run.id}`}>{run.period}</Link> <StatusBadge status={run.status} /> ·{' '}
                  {run.lineCount} lines · net <Money minor={run.netTotal} asset={run.currency} />
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
      </div>
      {can(me.role, 'seeCases') ? (
        <Card title="Open risk cases" actions={<Link href="/risk">All cases</Link>}>
          <ProblemMessage problem={cases.error} what="Risk cases" />
          {cases.data && cases.data.cases.length === 0 ? <Empty>Nothing waits for review.</Empty> : null}
          {cases.data && cases.data.cases.length > 0 ? <CaseTable cases={cases.data.cases} /> : null}
        </Card>
      ) : null}
    </>
  );
}

type RecordedRate = { fiatMinor: bigint; tokenMinor: bigint; rate: string; source: string; at: string | null };

/** Per token, a payout of the run: what its fiat amount bought in token minor units, at which quote. */
function recordedRates(run: PayRunDetail | undefined): Map<string, RecordedRate> {
  const rates = new Map<string, RecordedRate>();
  for (const payout of run?.payouts ?? []) {
    if (!payout.token || !payout.quote || rates.has(payout.asset) || BigInt(payout.token.amount) === 0n) continue;
    rates.set(payout.asset, {
      fiatMinor: BigInt(payout.fiatAmount),
      tokenMinor: BigInt(payout.token.amount),
      rate: payout.quote.rate,
      source: payout.quote.source,
      at: payout.quote.updatedAt,
    });
  }
  return rates;
}

/** A balance in the company's currency: itself, or converted exactly (integer division) at a recorded rate. */
function fiatValue(
  balance: string,
  asset: string,
  baseCurrency: string,
  rates: Map<string, RecordedRate>,
): bigint | undefined {
  if (asset === baseCurrency) return BigInt(balance);
  const rate = rates.get(asset);
  return rate ? (BigInt(balance) * rate.fiatMinor) / rate.tokenMinor : undefined;
}
