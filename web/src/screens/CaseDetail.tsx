import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import type { z } from 'zod';
import { resolveCaseSchema, type riskCaseDetailSchema } from '../../../src/api/schemas/riskSchemas.js';
import { ApiProblem, api } from '../api/client.js';
import { useResource } from '../api/useResource.js';
import { validate } from '../api/validate.js';
import { Field } from '../components/Field.js';
import { Card, Loading, PageHeader, StatusBadge } from '../components/Layout.js';
import { Money } from '../components/Money.js';
import { ProblemMessage } from '../components/ProblemMessage.js';
import { can, formatActor, useMe } from '../session.js';

type CaseDetailData = z.infer<typeof riskCaseDetailSchema>;

/** One case: the decision with everything that explains it, its history, and the resolution form. */
export function CaseDetail({ id }: { id: string }) {
  const riskCase = useResource<CaseDetailData>(`/v1/risk/cases/${encodeURIComponent(id)}`);
  const me = useMe();
  if (riskCase.loading && !riskCase.data) return <Loading />;
  const data = riskCase.data;
  const record = data?.decisionRecord;

  return (
    <>
      <p className="breadcrumb">
        <Link href="/risk">Risk</Link> / Case {id.slice(0, 8)}
      </p>
      <ProblemMessage problem={riskCase.error} what="Risk cases" />
      {data && record ? (
        <>
          <PageHeader
            title={`Case ${data.id.slice(0, 8)}`}
            description={record.summary}
            actions={<StatusBadge status={data.resolution ? `${data.status}: ${data.resolution}` : data.status} />}
          />
          <div className="stats">
            <div className="stat">
              <div className="stat-label">Decision</div>
              <div className="stat-value">
                <StatusBadge status={record.decision} />
              </div>
            </div>
            <div className="stat">
              <div className="stat-label">Score</div>
              <div className="stat-value">{record.score.toFixed(3)}</div>
              <div className="stat-sub">
                model {record.modelScore === null ? 'not used' : record.modelScore.toFixed(3)}
              </div>
            </div>
            <div className="stat">
              <div className="stat-label">Amount</div>
              <div className="stat-value">
                <Money
                  minor={record.transfer.amount}
                  asset={record.transfer.asset}
                  decimals={record.transfer.decimals}
                />
              </div>
              {record.transfer.fiatValueEurCents ? (
                <div className="stat-sub">
                  <Money minor={record.transfer.fiatValueEurCents} asset="EUR" />
                </div>
              ) : null}
            </div>
            <div className="stat">
              <div className="stat-label">Sanctions</div>
              <div className="stat-value">{record.sanctions.hit ? <StatusBadge status="blocked" /> : 'No hit'}</div>
              <div className="stat-sub">list {record.sanctions.listVersion}</div>
            </div>
          </div>
          <div className="grid">
            <Card title="Transfer">
              <dl className="facts">
                <dt>From</dt>
                <dd className="mono mono-break">{record.transfer.from}</dd>
                <dt>To</dt>
                <dd className="mono mono-break">
                  {record.transfer.to}
                  {record.sanctions.to.sanctioned ? (
                    <div className="field-error">
                      {record.sanctions.to.entity} ({record.sanctions.to.programs.join(', ')})
                    </div>
                  ) : null}
                </dd>
                <dt>Chain</dt>
                <dd>{record.transfer.chainId}</dd>
                <dt>Reference</dt>
                <dd>{record.transfer.reference ?? '—'}</dd>
                <dt>Model version</dt>
                <dd className={record.modelHash ? 'mono mono-break' : undefined}>
                  {record.modelHash ?? record.modelNote ?? '—'}
                </dd>
                <dt>Screened</dt>
                <dd>{new Date(record.createdAt).toLocaleString()}</dd>
              </dl>
            </Card>
            <Card title="Why">
              <h3>Rules fired</h3>
              {record.rulesFired.length === 0 ? (
                <p className="muted">None.</p>
              ) : (
                <ul className="reasons" style={{ color: 'inherit' }}>
                  {record.rulesFired.map((rule) => (
                    <li key={rule.rule}>
                      <strong>{rule.rule}</strong> <StatusBadge status={rule.severity} /> — {rule.explanation}
                      <div className="muted small">{rule.source}</div>
                    </li>
                  ))}
                </ul>
              )}
              <h3 style={{ marginTop: '1rem' }}>Top reasons (model)</h3>
              {record.topReasons.length === 0 ? (
                <p className="muted">{record.modelNote ?? 'The model gave no reasons.'}</p>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Feature</th>
                      <th scope="col" className="num">
                        Value
                      </th>
                      <th scope="col" className="num">
                        Contribution
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {record.topReasons.map((reason) => (
                      <tr key={reason.feature}>
                        <td>{reason.feature}</td>
                        <td className="num">{reason.value ?? '—'}</td>
                        <td className="num">
                          {reason.contribution > 0 ? '+' : ''}
                          {reason.contribution.toFixed(3)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Card>
          </div>
          {data.status !== 'resolved' && can(me.role, 'workCases') ? (
            <ResolveCase id={data.id} onResolved={() => void riskCase.reload()} />
          ) : null}
          {data.status === 'resolved' ? (
            <Card title="Resolution">
              <dl className="facts">
                <dt>Resolution</dt>
                <dd>
                  <StatusBadge status={data.resolution ?? 'resolved'} />
                </dd>
                <dt>Comment</dt>
                <dd>{data.comment}</dd>
                <dt>By</dt>
                <dd>{data.resolvedBy ? formatActor(data.resolvedBy) : '—'}</dd>
                <dt>At</dt>
                <dd>{data.resolvedAt ? new Date(data.resolvedAt).toLocaleString() : '—'}</dd>
              </dl>
            </Card>
          ) : null}
          <Card title="History">
            <ol className="reasons" style={{ color: 'inherit' }}>
              {data.events.map((event) => (
                <li key={event.seq}>
                  {new Date(event.at).toLocaleString()} — <strong>{event.action}</strong> by {formatActor(event.actor)}
                </li>
              ))}
            </ol>
          </Card>
        </>
      ) : null}
    </>
  );
}

function ResolveCase({ id, onResolved }: { id: string; onResolved: () => void }) {
  const [resolution, setResolution] = useState<'approve' | 'reject'>('reject');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(resolveCaseSchema, { resolution, comment });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setProblem(undefined);
    setBusy(true);
    try {
      await api('POST', `/v1/risk/cases/${encodeURIComponent(id)}/resolve`, checked.data);
      onResolved();
    } catch (caught) {
      if (caught instanceof ApiProblem) {
        const fieldErrors = caught.fieldErrors();
        if (Object.keys(fieldErrors).length) setErrors(fieldErrors);
        else setProblem(caught);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="Resolve">
      <form onSubmit={submit} noValidate>
        <fieldset className="field" style={{ border: 'none', padding: 0 }}>
          <legend className="field-label" style={{ fontWeight: 560, marginBottom: '0.3rem' }}>
            Resolution
          </legend>
          <label className="nowrap" style={{ marginRight: '1.25rem' }}>
            <input
              type="radio"
              name="resolution"
              value="reject"
              checked={resolution === 'reject'}
              onChange={() => setResolution('reject')}
              style={{ width: 'auto', minHeight: 0, marginRight: '0.4rem' }}
            />
            Reject: the payout stays blocked
          </label>
          <label className="nowrap">
            <input
              type="radio"
              name="resolution"
              value="approve"
              checked={resolution === 'approve'}
              onChange={() => setResolution('approve')}
              style={{ width: 'auto', minHeight: 0, marginRight: '0.4rem' }}
            />
            Approve: release it
          </label>
          {errors.resolution ? <p className="field-error">{errors.resolution}</p> : null}
        </fieldset>
        <Field label="Comment" error={errors.comment} hint="Say why: it goes into the audit trail.">
          {(aria) => (
            <textarea
              {...aria}
              name="comment"
              rows={3}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
            />
          )}
        </Field>
        <ProblemMessage problem={problem} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Resolving…' : 'Resolve case'}
          </button>
        </div>
      </form>
    </Card>
  );
}
