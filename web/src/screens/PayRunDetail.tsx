import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { approveRequestSchema, releaseLineRequestSchema } from '../../../src/api/schemas/payRunSchemas.js';
import { ApiProblem, api } from '../api/client.js';
import {
  type ApprovalRequest,
  type PayRunBatch,
  type PayRunDetail as PayRunDetailData,
  type PayRunLine,
  type PayRunPayout,
  payRunPaths,
  payRunSteps,
} from '../api/payRunApi.js';
import { useResource } from '../api/useResource.js';
import { validate } from '../api/validate.js';
import { useCompany } from '../company.js';
import { Field } from '../components/Field.js';
import { Card, Loading, PageHeader, StatusBadge } from '../components/Layout.js';
import { Money } from '../components/Money.js';
import { ProblemMessage } from '../components/ProblemMessage.js';
import { SplitView } from '../components/SplitView.js';
import { can, formatActor, useMe } from '../session.js';
import { browserWallet, requestAccounts, signTypedData } from '../wallet/signTypedData.js';

/**
 * One pay run from draft to paid: its lines (gross, deductions, net, split, quotes, screening with reasons), the
 * approvers' signatures, live progress while it executes, its transactions, and its documents.
 */
export function PayRunDetail({ id }: { id: string }) {
  const [polling, setPolling] = useState(false);
  const run = useResource<PayRunDetailData>(payRunPaths.detail(id), { pollMs: polling ? 1_000 : undefined });
  const me = useMe();
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState<string>();
  const data = run.data;
  const executing = data?.status === 'executing';
  useEffect(() => setPolling(executing), [executing]);
  if (run.loading && !data) return <Loading />;

  const act = async (action: 'calculate' | 'screen' | 'execute', label: string) => {
    setProblem(undefined);
    setBusy(label);
    try {
      await api('POST', payRunPaths.action(id, action), {});
      await run.reload();
    } catch (caught) {
      if (caught instanceof ApiProblem) setProblem(caught);
      await run.reload();
    } finally {
      setBusy(undefined);
    }
  };

  const mayRun = can(me.role, 'runPayroll');
  const finalStatus = data && ['paid', 'partially_paid', 'failed', 'cancelled'].includes(data.status);
  // A run that ended otherwise than paid shows its own end in the last step's place.
  const steps =
    data && finalStatus
      ? [...payRunSteps.slice(0, -1), { status: data.status, label: data.status.replace('_', ' ') }]
      : payRunSteps;
  const stepIndex = data ? steps.findIndex((step) => step.status === data.status) : -1;

  return (
    <>
      <p className="breadcrumb">
        <Link href="/pay-runs">Pay runs</Link> / {data?.period ?? id}
      </p>
      <ProblemMessage problem={run.error} what="Pay runs" />
      {data ? (
        <>
          <PageHeader
            title={`Pay run ${data.period}`}
            description={`${data.lineCount} employees · pay date ${data.requestedExecutionDate} · created by ${formatActor(data.createdBy)}`}
            actions={
              <>
                <StatusBadge status={data.status} />
                {mayRun && data.status === 'draft' ? (
                  <button
                    type="button"
                    className="button button-primary"
                    disabled={Boolean(busy)}
                    onClick={() => void act('calculate', 'Calculating')}
                  >
                    {busy ?? 'Calculate'}
                  </button>
                ) : null}
                {mayRun && data.status === 'calculated' ? (
                  <button
                    type="button"
                    className="button button-primary"
                    disabled={Boolean(busy)}
                    onClick={() => void act('screen', 'Pricing and screening')}
                  >
                    {busy ?? 'Price and screen'}
                  </button>
                ) : null}
                {mayRun && data.status === 'approved' ? (
                  <button
                    type="button"
                    className="button button-primary"
                    disabled={Boolean(busy)}
                    onClick={() => void act('execute', 'Starting')}
                  >
                    {busy ?? 'Execute payments'}
                  </button>
                ) : null}
              </>
            }
          />
          <ol className="steps" aria-label="Progress of the pay run">
            {steps.map((step, index) => (
              <li
                key={step.status}
                className={index < stepIndex || data.status === 'paid' ? 'done' : index === stepIndex ? 'current' : ''}
                aria-current={index === stepIndex ? 'step' : undefined}
              >
                {step.label}
              </li>
            ))}
          </ol>
          <ProblemMessage problem={problem} />
          {data.error ? (
            <div className="notice notice-error" role="alert">
              <strong>{data.error.message}</strong> <span className="muted small">({data.error.code})</span>
            </div>
          ) : null}
          <Totals run={data} />
          {data.status === 'screened' || data.status === 'approved' ? (
            <Approvals run={data} onChange={() => void run.reload()} />
          ) : null}
          {data.status === 'executing' || data.progress.batchesDone > 0 ? <Progress run={data} /> : null}
          {finalStatus && data.status !== 'cancelled' ? <Documents run={data} /> : null}
          <Lines run={data} onChange={() => void run.reload()} />
          {data.batches.length > 0 ? <Transactions run={data} /> : null}
        </>
      ) : null}
    </>
  );
}

function Totals({ run }: { run: PayRunDetailData }) {
  return (
    <div className="stats">
      <div className="stat">
        <div className="stat-label">Gross</div>
        <div className="stat-value">
          <Money minor={run.grossTotal} asset={run.currency} />
        </div>
      </div>
      <div className="stat">
        <div className="stat-label">Net</div>
        <div className="stat-value">
          <Money minor={run.netTotal} asset={run.currency} />
        </div>
        <div className="stat-sub">
          employer cost <Money minor={run.employerCostTotal} asset={run.currency} />
        </div>
      </div>
      <div className="stat">
        <div className="stat-label">SEPA (bank)</div>
        <div className="stat-value">
          <Money minor={run.fiatTotal} asset={run.currency} />
        </div>
      </div>
      <div className="stat">
        <div className="stat-label">On chain (value)</div>
        <div className="stat-value">
          <Money minor={run.cryptoFiatTotal} asset={run.currency} />
        </div>
        <div className="stat-sub">
          {run.pricedAt ? `priced ${new Date(run.pricedAt).toLocaleString()}` : 'not priced yet'}
        </div>
      </div>
    </div>
  );
}

/** Who has signed, what is still needed, and signing with a browser wallet (EIP-712). */
function Approvals({ run, onChange }: { run: PayRunDetailData; onChange: () => void }) {
  const me = useMe();
  const { company } = useCompany();
  const [problem, setProblem] = useState<ApiProblem>();
  const [status, setStatus] = useState<string>();
  const wallet = browserWallet();
  const missing = run.approvalsNeeded.filter((needed) => needed.have < needed.need);

  const signWithWallet = async () => {
    if (!wallet) return;
    setProblem(undefined);
    try {
      setStatus('Asking the wallet for its account…');
      const [account] = await requestAccounts(wallet);
      if (!account) throw new ApiProblem({ status: 0, title: 'The wallet gave no account.' });
      const approver = company?.approvers.find(
        (candidate) => candidate.address.toLowerCase() === account.toLowerCase(),
      );
      if (!approver)
        throw new ApiProblem({
          status: 0,
          title: `The wallet's account ${account} is not one of ${company?.legalName ?? 'the company'}'s approvers.`,
        });
      const requests = await api<{ requests: ApprovalRequest[] }>('GET', payRunPaths.approvalRequests(run.id));
      const signed = new Set(
        run.approvals
          .filter((approval) => !approval.revokedAt && approval.approver.toLowerCase() === account.toLowerCase())
          .map((approval) => approval.batchIndex),
      );
      for (const request of requests.requests) {
        if (signed.has(request.batchIndex)) continue;
        const what = request.batchIndex === null ? 'the pay run' : `batch ${request.batchIndex}`;
        setStatus(`Sign ${what} in your wallet…`);
        const signature = await signTypedData(wallet, account, request.typedData);
        const approval = validate(approveRequestSchema, {
          approver: approver.address,
          signature,
          batchIndex: request.batchIndex,
        });
        if (!approval.ok)
          throw new ApiProblem({
            status: 0,
            title: `The wallet's signature is not usable: ${Object.values(approval.errors)[0]}`,
          });
        await api('POST', payRunPaths.approve(run.id), approval.data);
      }
      setStatus(`Signed as ${approver.name}.`);
      onChange();
    } catch (caught) {
      setStatus(undefined);
      setProblem(
        caught instanceof ApiProblem
          ? caught
          : new ApiProblem({ status: 0, title: `The wallet refused: ${(caught as Error).message ?? String(caught)}` }),
      );
    }
  };

  return (
    <Card title="Approvals">
      <p className="muted" style={{ marginTop: 0 }}>
        {company?.approvalThreshold ?? '?'} of {company?.approvers.length ?? '?'} approvers sign the pay run and each
        on-chain batch (EIP-712); the vault pays only with enough signatures.
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Signatures</th>
              <th scope="col">Signed by</th>
            </tr>
          </thead>
          <tbody>
            {run.approvalsNeeded.map((needed) => (
              <tr key={needed.digest}>
                <td>{needed.batchIndex === null ? 'Pay run as a whole' : `Batch ${needed.batchIndex}`}</td>
                <td>
                  <StatusBadge status={needed.have >= needed.need ? 'approved' : 'pending'} /> {needed.have} of{' '}
                  {needed.need}
                </td>
                <td className="small">
                  {run.approvals
                    .filter((approval) => approval.batchIndex === needed.batchIndex && !approval.revokedAt)
                    .map((approval) => approverName(company?.approvers, approval.approver))
                    .join(', ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {missing.length > 0 && can(me.role, 'approvePayRuns') ? (
        <div className="form-actions" style={{ marginTop: '1rem' }}>
          {wallet ? (
            <button type="button" className="button button-primary" onClick={() => void signWithWallet()}>
              Approve with your wallet
            </button>
          ) : (
            <p className="muted small" style={{ margin: 0 }}>
              No browser wallet in this browser. Each approver signs with their own key: open this page in a browser
              with a wallet extension (EIP-712, e.g. MetaMask) holding an approver's address.
            </p>
          )}
        </div>
      ) : null}
      {status ? (
        <p className="muted small" role="status">
          {status}
        </p>
      ) : null}
      <ProblemMessage problem={problem} />
    </Card>
  );
}

function approverName(approvers: { name: string; address: string }[] | undefined, address: string): string {
  return approvers?.find((approver) => approver.address.toLowerCase() === address.toLowerCase())?.name ?? address;
}

function Progress({ run }: { run: PayRunDetailData }) {
  const { progress } = run;
  const done = progress.payoutsPaid + progress.payoutsFailed;
  const percent = progress.payoutsTotal ? Math.round((100 * done) / progress.payoutsTotal) : 0;
  return (
    <Card title={run.status === 'executing' ? 'Paying…' : 'Payment'}>
      <div
        className="progress"
        role="progressbar"
        aria-label="Payouts settled"
        aria-valuemin={0}
        aria-valuemax={progress.payoutsTotal}
        aria-valuenow={done}
      >
        <div style={{ width: `${percent}%` }} />
      </div>
      <p className="small" aria-live="polite" style={{ margin: 0 }}>
        {progress.payoutsPaid} of {progress.payoutsTotal} payouts paid
        {progress.payoutsFailed ? `, ${progress.payoutsFailed} failed` : ''} · {progress.batchesDone} of{' '}
        {progress.batchesTotal} on-chain batches · {progress.linesPaid} lines paid
        {progress.linesHeld ? `, ${progress.linesHeld} held` : ''}
        {progress.linesFailed ? `, ${progress.linesFailed} failed` : ''}
      </p>
    </Card>
  );
}

function Documents({ run }: { run: PayRunDetailData }) {
  return (
    <Card title="Documents">
      <div className="form-actions">
        {run.sepa ? (
          <a className="button" href={payRunPaths.sepa(run.id)} download>
            SEPA file (pain.001)
          </a>
        ) : null}
        <a className="button" href={payRunPaths.journal(run.id)} download>
          Accounting export (CSV)
        </a>
        {['paid', 'partially_paid'].includes(run.status) ? (
          <a className="button" href={payRunPaths.payslipsZip(run.id)} download>
            All payslips (ZIP)
          </a>
        ) : null}
      </div>
      {run.sepa ? (
        <p className="muted small" style={{ marginBottom: 0 }}>
          Message {run.sepa.messageId} · sha256 <span className="mono mono-break">{run.sepa.sha256}</span>
        </p>
      ) : null}
    </Card>
  );
}

function Lines({ run, onChange }: { run: PayRunDetailData; onChange: () => void }) {
  const me = useMe();
  const payoutsByEmployee = new Map<string, PayRunPayout[]>();
  for (const payout of run.payouts)
    payoutsByEmployee.set(payout.employeeId, [...(payoutsByEmployee.get(payout.employeeId) ?? []), payout]);
  const showPayslips = ['paid', 'partially_paid'].includes(run.status);
  return (
    <Card title="Lines">
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Employee</th>
              <th scope="col" className="num">
                Gross
              </th>
              <th scope="col" className="num">
                Deductions
              </th>
              <th scope="col" className="num">
                Net
              </th>
              <th scope="col">Payouts (split, quote)</th>
              <th scope="col">Screening</th>
            </tr>
          </thead>
          <tbody>
            {run.lines.map((line) => (
              <LineRow
                key={line.employeeId}
                run={run}
                line={line}
                payouts={payoutsByEmployee.get(line.employeeId) ?? []}
                mayRelease={can(me.role, 'approvePayRuns')}
                showPayslip={showPayslips && line.status === 'paid'}
                onChange={onChange}
              />
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function LineRow({
  run,
  line,
  payouts,
  mayRelease,
  showPayslip,
  onChange,
}: {
  run: PayRunDetailData;
  line: PayRunLine;
  payouts: PayRunPayout[];
  mayRelease: boolean;
  showPayslip: boolean;
  onChange: () => void;
}) {
  const deductions =
    line.incomeTax === null
      ? null
      : line.socialContributions.reduce((sum, component) => sum + BigInt(component.amount), BigInt(line.incomeTax));
  const screened = payouts.filter((payout) => payout.risk);
  return (
    <tr className={line.status === 'held' || line.status === 'failed' ? 'row-error' : undefined}>
      <td style={{ minWidth: '8.5rem' }}>
        <Link href={`/employees/${encodeURIComponent(line.employeeId)}`}>{line.fullName}</Link>
        <div className="muted small">{line.employeeId}</div>
        <StatusBadge status={line.hold ? `${line.status}: ${line.hold}` : line.status} />
        {line.reason && (line.status === 'failed' || screened.length === 0) ? (
          <div className="small">{line.reason}</div>
        ) : null}
        {showPayslip ? (
          <div>
            <a className="small" href={payRunPaths.payslip(run.id, line.employeeId)} download>
              Payslip (PDF)
            </a>
          </div>
        ) : null}
      </td>
      <td className="num">
        <Money minor={line.gross} asset={line.currency} />
      </td>
      <td className="num">
        {deductions === null ? '—' : <Money minor={deductions} asset={line.currency} />}
        {line.incomeTax !== null ? (
          <div className="muted small">
            tax <Money minor={line.incomeTax} asset={line.currency} code={false} />
          </div>
        ) : null}
      </td>
      <td className="num">
        <strong>{line.net === null ? '—' : <Money minor={line.net} asset={line.currency} />}</strong>
      </td>
      <td style={{ minWidth: '14rem' }}>
        {payouts.length === 0 ? <SplitView split={line.split} /> : null}
        {payouts.map((payout) => (
          <div key={payout.asset} className="small" style={{ marginBottom: '0.3rem' }}>
            <strong>{payout.asset}</strong> {payout.percent}%:{' '}
            {payout.token ? (
              <>
                <Money minor={payout.token.amount} asset={payout.asset} decimals={payout.token.decimals} />{' '}
                <span className="muted">
                  (= <Money minor={payout.fiatAmount} asset={run.currency} />)
                </span>
                {payout.quote ? (
                  <div className="muted">
                    at {payout.quote.rate} {payout.asset}/{run.currency} · {payout.quote.source}
                    {payout.quote.roundId ? ` round ${payout.quote.roundId}` : ''}
                  </div>
                ) : null}
              </>
            ) : (
              <>
                <Money minor={payout.fiatAmount} asset={run.currency} /> <span className="muted">by SEPA</span>
              </>
            )}
          </div>
        ))}
      </td>
      <td className="wrap-anywhere" style={{ minWidth: '12rem' }}>
        {screened.length === 0 ? (
          <span className="muted small">
            {payouts.some((p) => p.channel === 'chain') ? 'not screened yet' : 'bank only'}
          </span>
        ) : null}
        {screened.map((payout) => (
          <div key={payout.asset}>
            <StatusBadge status={payout.risk!.decision} />{' '}
            {payout.risk!.score !== null ? <span className="small">{payout.risk!.score.toFixed(2)}</span> : null}
            {payout.risk!.summary ? <div className="small">{payout.risk!.summary}</div> : null}
            {payout.risk!.rulesFired.length ? (
              <ul className="reasons">
                {payout.risk!.rulesFired.map((rule) => (
                  <li key={rule}>{rule}</li>
                ))}
              </ul>
            ) : null}
            {payout.risk!.caseId ? (
              <Link className="small" href={`/risk/cases/${encodeURIComponent(payout.risk!.caseId)}`}>
                Case {payout.risk!.caseId.slice(0, 8)}
              </Link>
            ) : null}
          </div>
        ))}
        {line.release ? (
          <div className="muted small">
            Released by {formatActor(line.release.by)}: “{line.release.comment}”
          </div>
        ) : null}
        {line.status === 'held' &&
        line.hold === 'review' &&
        mayRelease &&
        ['screened', 'approved'].includes(run.status) ? (
          <ReleaseLine runId={run.id} employeeId={line.employeeId} onReleased={onChange} />
        ) : null}
      </td>
    </tr>
  );
}

function ReleaseLine({ runId, employeeId, onReleased }: { runId: string; employeeId: string; onReleased: () => void }) {
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!comment.trim()) return setError('say why the payout may go ahead');
    try {
      const checked = validate(releaseLineRequestSchema, { employeeId, comment });
      if (!checked.ok) return setError(checked.errors.comment ?? Object.values(checked.errors)[0]);
      await api('POST', payRunPaths.releaseLine(runId), checked.data);
      onReleased();
    } catch (caught) {
      setError(caught instanceof ApiProblem ? caught.message : String(caught));
    }
  };
  if (!open)
    return (
      <button type="button" className="button button-small" onClick={() => setOpen(true)}>
        Release<span className="visually-hidden"> {employeeId}</span>
      </button>
    );
  return (
    <form onSubmit={submit} noValidate style={{ marginTop: '0.4rem' }}>
      <Field label="Why release it?" error={error}>
        {(aria) => <input {...aria} value={comment} onChange={(event) => setComment(event.target.value)} />}
      </Field>
      <button type="submit" className="button button-small button-primary">
        Release payout
      </button>
    </form>
  );
}

function Transactions({ run }: { run: PayRunDetailData }) {
  const [openBatch, setOpenBatch] = useState<number>();
  return (
    <Card title="On-chain transactions">
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Batch</th>
              <th scope="col">Asset</th>
              <th scope="col" className="num">
                Payouts
              </th>
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col">Status</th>
              <th scope="col">Transaction</th>
            </tr>
          </thead>
          <tbody>
            {run.batches.map((batch) => (
              <BatchRows
                key={batch.batchIndex}
                run={run}
                batch={batch}
                open={openBatch === batch.batchIndex}
                onToggle={() => setOpenBatch(openBatch === batch.batchIndex ? undefined : batch.batchIndex)}
              />
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function BatchRows({
  run,
  batch,
  open,
  onToggle,
}: {
  run: PayRunDetailData;
  batch: PayRunBatch;
  open: boolean;
  onToggle: () => void;
}) {
  const decimals = run.payouts.find((payout) => payout.batchIndex === batch.batchIndex)?.token?.decimals;
  const payouts = run.payouts.filter((payout) => payout.batchIndex === batch.batchIndex);
  return (
    <>
      <tr>
        <td>#{batch.batchIndex}</td>
        <td>{batch.asset}</td>
        <td className="num">{batch.payoutCount}</td>
        <td className="num">
          <Money minor={batch.total} asset={batch.asset} decimals={decimals} />
        </td>
        <td>
          <StatusBadge status={batch.status} />
          {batch.error ? <div className="small">{batch.error}</div> : null}
        </td>
        <td>
          {batch.txHash ? (
            <button type="button" className="link-button mono" aria-expanded={open} onClick={onToggle}>
              {batch.txHash.slice(0, 10)}…{batch.txHash.slice(-6)}
            </button>
          ) : (
            <span className="muted">not sent</span>
          )}
        </td>
      </tr>
      {open && batch.txHash ? (
        <tr>
          <td colSpan={6} style={{ background: 'var(--surface-2)' }}>
            <dl className="facts small">
              <dt>Transaction</dt>
              <dd className="mono mono-break">{batch.txHash}</dd>
              <dt>Block</dt>
              <dd>{batch.blockNumber ?? '—'}</dd>
              <dt>Gas used</dt>
              <dd>
                {batch.gasUsed ? BigInt(batch.gasUsed).toLocaleString('en-US') : '—'}
                {batch.gasUsed && batch.payoutCount
                  ? ` (${(BigInt(batch.gasUsed) / BigInt(batch.payoutCount)).toLocaleString('en-US')} per payout)`
                  : ''}
              </dd>
              <dt>Executed</dt>
              <dd>{batch.executedAt ? new Date(batch.executedAt).toLocaleString() : '—'}</dd>
              <dt>Token</dt>
              <dd className="mono mono-break">{batch.tokenAddress}</dd>
              <dt>Vault</dt>
              <dd className="mono mono-break">{run.vault?.address ?? '—'}</dd>
              <dt>Payouts</dt>
              <dd>
                {payouts.map((payout) => (
                  <div key={`${payout.employeeId}-${payout.asset}`}>
                    {payout.employeeId} → <span className="mono">{payout.recipient}</span>:{' '}
                    <Money minor={payout.token?.amount} asset={payout.asset} decimals={payout.token?.decimals} /> (log{' '}
                    {payout.logIndex ?? '—'}) <StatusBadge status={payout.status} />
                  </div>
                ))}
              </dd>
            </dl>
          </td>
        </tr>
      ) : null}
    </>
  );
}
