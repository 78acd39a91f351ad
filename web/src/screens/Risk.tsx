import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import type { z } from 'zod';
import type {
  modelStatusSchema,
  riskCaseSchema,
  sanctionsCheckSchema,
  sanctionsStatusSchema,
} from '../../../src/api/schemas/riskSchemas.js';
import { ApiProblem, api, query } from '../api/client.js';
import { useResource } from '../api/useResource.js';
import { useCompany } from '../company.js';
import { TextField } from '../components/Field.js';
import { Card, Empty, Loading, PageHeader, StatusBadge } from '../components/Layout.js';
import { ProblemMessage } from '../components/ProblemMessage.js';

export type RiskCase = z.infer<typeof riskCaseSchema>;
type SanctionsStatus = z.infer<typeof sanctionsStatusSchema>;
type SanctionsCheck = z.infer<typeof sanctionsCheckSchema>;
type ModelStatus = z.infer<typeof modelStatusSchema>;

/** Cases to review, the sanctions list in force with a lookup box, and the fraud model in force. */
export function Risk() {
  const { company } = useCompany();
  const [status, setStatus] = useState<'open' | 'assigned' | 'resolved' | ''>('');
  const [allCompanies, setAllCompanies] = useState(false);
  const cases = useResource<{ cases: RiskCase[] }>(
    `/v1/risk/cases${query({ status, companyId: allCompanies ? undefined : company?.id, limit: 200 })}`,
  );
  const sanctions = useResource<SanctionsStatus>('/v1/sanctions');
  const model = useResource<ModelStatus>('/v1/risk/model');

  return (
    <>
      <PageHeader
        title="Risk"
        description="Every payout is screened against the sanctions list, the AML rules and the fraud model. Held payouts open a case for a compliance officer."
      />
      <Card
        title="Cases"
        actions={
          <div className="toolbar" style={{ margin: 0 }}>
            <div className="field">
              <label htmlFor="case-status">Status</label>
              <select
                id="case-status"
                value={status}
                onChange={(event) => setStatus(event.target.value as typeof status)}
              >
                <option value="">All</option>
                <option value="open">Open</option>
                <option value="assigned">Assigned</option>
                <option value="resolved">Resolved</option>
              </select>
            </div>
            <label className="nowrap small">
              <input
                type="checkbox"
                checked={allCompanies}
                onChange={(event) => setAllCompanies(event.target.checked)}
                style={{ width: 'auto', minHeight: 0, marginRight: '0.4rem' }}
              />
              All companies
            </label>
          </div>
        }
      >
        <ProblemMessage problem={cases.error} what="Risk cases" />
        {cases.loading && !cases.data ? <Loading /> : null}
        {cases.data && cases.data.cases.length === 0 ? <Empty>No cases{status ? ` ${status}` : ''}.</Empty> : null}
        {cases.data && cases.data.cases.length > 0 ? <CaseTable cases={cases.data.cases} /> : null}
      </Card>
      <div className="grid">
        <Card title="Sanctions list">
          <ProblemMessage problem={sanctions.error} what="The sanctions list" />
          {sanctions.data ? <SanctionsSummary status={sanctions.data} /> : sanctions.loading ? <Loading /> : null}
          <SanctionsLookup />
        </Card>
        <Card title="Fraud model">
          <ProblemMessage problem={model.error} what="The fraud model" />
          {model.data ? (
            <dl className="facts">
              <dt>In force</dt>
              <dd>
                {model.data.inForce ? (
                  <StatusBadge status="active" />
                ) : (
                  'No model in force: decisions use the rules only.'
                )}
              </dd>
              <dt>Version (sha256)</dt>
              <dd className="mono mono-break">{model.data.hash ?? '—'}</dd>
              <dt>Source</dt>
              <dd className="mono-break">{model.data.source ?? '—'}</dd>
              <dt>Since</dt>
              <dd>{model.data.putInForceAt ? new Date(model.data.putInForceAt).toLocaleString() : '—'}</dd>
              {model.data.error ? (
                <>
                  <dt>Problem</dt>
                  <dd>{model.data.error}</dd>
                </>
              ) : null}
            </dl>
          ) : model.loading ? (
            <Loading />
          ) : null}
        </Card>
      </div>
    </>
  );
}

export function CaseTable({ cases }: { cases: RiskCase[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Case</th>
            <th scope="col">Decision</th>
            <th scope="col" className="num">
              Score
            </th>
            <th scope="col">Summary</th>
            <th scope="col">Status</th>
            <th scope="col">Opened</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((riskCase) => (
            <tr key={riskCase.id}>
              <td className="nowrap">
                <Link href={`/risk/cases/${encodeURIComponent(riskCase.id)}`}>{riskCase.id.slice(0, 8)}</Link>
              </td>
              <td>
                <StatusBadge status={riskCase.decision.decision} />
              </td>
              <td className="num">{riskCase.decision.score.toFixed(2)}</td>
              <td>{riskCase.decision.summary}</td>
              <td>
                <StatusBadge
                  status={riskCase.resolution ? `${riskCase.status}: ${riskCase.resolution}` : riskCase.status}
                />
              </td>
              <td className="nowrap">{new Date(riskCase.openedAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SanctionsSummary({ status }: { status: SanctionsStatus }) {
  const list = status.inForce;
  if (!list)
    return (
      <div className="notice notice-warn" role="status">
        No sanctions list is loaded: load the OFAC SDN list with <code>tandem sanctions load --file …</code>.
      </div>
    );
  return (
    <dl className="facts">
      <dt>Published</dt>
      <dd>{list.publishedOn}</dd>
      <dt>Addresses</dt>
      <dd>
        {list.addressCount.toLocaleString()} across {list.tickerCount} tickers
      </dd>
      <dt>Loaded</dt>
      <dd>{new Date(list.loadedAt).toLocaleString()}</dd>
      <dt>sha256</dt>
      <dd className="mono mono-break">{list.sha256}</dd>
    </dl>
  );
}

function SanctionsLookup() {
  const [address, setAddress] = useState('');
  const [result, setResult] = useState<SanctionsCheck>();
  const [error, setError] = useState<string>();
  const [problem, setProblem] = useState<ApiProblem>();
  const check = async (event: FormEvent) => {
    event.preventDefault();
    setResult(undefined);
    setProblem(undefined);
    if (!address.trim()) return setError('enter an address');
    setError(undefined);
    try {
      setResult(await api<SanctionsCheck>('GET', `/v1/sanctions/check/${encodeURIComponent(address.trim())}`));
    } catch (caught) {
      if (caught instanceof ApiProblem) {
        if (caught.field === 'address' || caught.status === 400) setError(caught.message);
        else setProblem(caught);
      }
    }
  };
  return (
    <form onSubmit={check} className="lookup" style={{ marginTop: '1rem' }} noValidate>
      <h3 style={{ marginBottom: '0.5rem' }}>Look up an address</h3>
      <div className="toolbar">
        <TextField
          label="Address"
          name="address"
          value={address}
          onChange={setAddress}
          error={error}
          placeholder="0x…"
        />
        <button type="submit" className="button" style={{ marginBottom: error ? '1.6rem' : 0 }}>
          Check
        </button>
      </div>
      <ProblemMessage problem={problem} />
      {result ? (
        <div className={`notice ${result.sanctioned ? 'notice-error' : 'notice-good'}`} role="status">
          {result.sanctioned ? (
            <>
              <strong>Sanctioned.</strong> {result.entity} ({result.ticker}; {result.programs.join(', ')}), list of{' '}
              {result.listVersion}.
            </>
          ) : (
            <>
              <strong>Not on the list</strong> in force ({result.listVersion}).
            </>
          )}
        </div>
      ) : null}
    </form>
  );
}
