import { type ChangeEvent, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { z } from 'zod';
import {
  type contributorSchema,
  type modelVerificationSchema,
  type modelVersionSchema,
  type rewardSchema,
  type roundDetailSchema,
  type roundSchema,
  verifyModelSchema,
} from '../../../src/api/schemas/networkSchemas.js';
import { ApiProblem, api } from '../api/client.js';
import { useResource } from '../api/useResource.js';
import { validate } from '../api/validate.js';
import { Field } from '../components/Field.js';
import { Card, Empty, Loading, PageHeader, StatusBadge } from '../components/Layout.js';
import { Money } from '../components/Money.js';
import { isMissingRoute, ProblemMessage } from '../components/ProblemMessage.js';

/** The network API (src/api/routes/networkRoutes.ts) as this screen reads it. */
const networkPaths = {
  contributors: '/v1/network/contributors',
  rounds: '/v1/network/rounds',
  round: (id: string) => `/v1/network/rounds/${encodeURIComponent(id)}`,
  models: '/v1/network/models',
  verify: '/v1/network/models/verify',
  rewards: '/v1/network/rewards',
};

type Contributor = z.infer<typeof contributorSchema>;
type Round = z.infer<typeof roundSchema>;
type RoundDetailData = z.infer<typeof roundDetailSchema>;
type ModelVersion = z.infer<typeof modelVersionSchema>;
type Reward = z.infer<typeof rewardSchema>;
type Verification = z.infer<typeof modelVerificationSchema>;

/**
 * Contributors, training rounds with their curves, contributions and rewards, and the model versions recorded on
 * chain with a verify button. A server without the network API shows that plainly, never made-up data.
 */
export function Network() {
  const contributors = useResource<{ contributors: Contributor[] }>(networkPaths.contributors);
  const rounds = useResource<{ rounds: Round[] }>(networkPaths.rounds);
  const models = useResource<{ versions: ModelVersion[] }>(networkPaths.models);
  const rewards = useResource<{ rewards: Reward[] }>(networkPaths.rewards);
  const [selectedRound, setSelectedRound] = useState<string>();
  const loading = [contributors, rounds, models].some((resource) => resource.loading);
  const missing = [contributors, rounds, models].every((resource) => isMissingRoute(resource.error));

  const header = (
    <PageHeader
      title="Network"
      description="Organisations and compute contributors train the fraud model together without sharing raw data; each is paid in tokens for what it contributed, and every model version is recorded on chain."
    />
  );
  if (loading && !missing)
    return (
      <>
        {header}
        <Loading />
      </>
    );
  if (missing)
    return (
      <>
        {header}
        <div className="notice notice-muted" role="status">
          <strong>Not available on this server.</strong> This Tandem server does not serve the open AI network's API yet
          (GET {networkPaths.rounds} answered 404), so there are no contributors, rounds or model versions to show.
        </div>
      </>
    );

  const roundId = selectedRound ?? rounds.data?.rounds[0]?.id;
  return (
    <>
      {header}
      <div className="grid">
        <Card title="Contributors">
          <ProblemMessage problem={contributors.error} what="Contributors" />
          {contributors.data && contributors.data.contributors.length === 0 ? (
            <Empty>Nobody has joined yet.</Empty>
          ) : null}
          {contributors.data && contributors.data.contributors.length > 0 ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Contributor</th>
                    <th scope="col">Kind</th>
                    <th scope="col" className="num">
                      Rewarded
                    </th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {contributors.data.contributors.map((contributor) => (
                    <tr key={contributor.address}>
                      <td>
                        {contributor.name ?? 'unnamed'}
                        <div className="mono small mono-break muted">{contributor.address}</div>
                      </td>
                      <td>{contributor.kind}</td>
                      <td className="num">
                        <Money minor={contributor.rewarded} asset="TDM" decimals={18} />
                      </td>
                      <td>
                        <StatusBadge status={contributor.flagged ? 'flagged' : 'active'} />
                        {contributor.flaggedReason ? <div className="small">{contributor.flaggedReason}</div> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </Card>
        <Card title="Rewards">
          <ProblemMessage problem={rewards.error} what="Rewards" />
          {rewards.data && rewards.data.rewards.length === 0 ? <Empty>No rewards distributed yet.</Empty> : null}
          {rewards.data && rewards.data.rewards.length > 0 ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Epoch</th>
                    <th scope="col">Account</th>
                    <th scope="col" className="num">
                      Tokens
                    </th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {rewards.data.rewards.map((reward) => (
                    <tr key={`${reward.epoch}-${reward.account}`}>
                      <td>{reward.epoch}</td>
                      <td className="mono small mono-break">{reward.account}</td>
                      <td className="num">
                        <Money minor={reward.amount} asset="TDM" decimals={18} />
                      </td>
                      <td>
                        <StatusBadge status={reward.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </Card>
      </div>
      <Card
        title="Training rounds"
        actions={
          rounds.data && rounds.data.rounds.length > 1 ? (
            <label className="small">
              Round{' '}
              <select
                value={roundId}
                onChange={(event) => setSelectedRound(event.target.value)}
                style={{ width: 'auto' }}
              >
                {rounds.data.rounds.map((round) => (
                  <option key={round.id} value={round.id}>
                    {round.id.slice(0, 8)} · {new Date(round.startedAt).toLocaleDateString()}
                  </option>
                ))}
              </select>
            </label>
          ) : undefined
        }
      >
        <ProblemMessage problem={rounds.error} what="Training rounds" />
        {rounds.data && rounds.data.rounds.length === 0 ? <Empty>No training round yet.</Empty> : null}
        {roundId ? <RoundDetail id={roundId} /> : null}
      </Card>
      <Card title="Model versions">
        <ProblemMessage problem={models.error} what="Model versions" />
        {models.data && models.data.versions.length === 0 ? <Empty>No model version recorded yet.</Empty> : null}
        {models.data?.versions.map((model) => (
          <ModelRecord key={model.version} model={model} />
        ))}
      </Card>
    </>
  );
}

function RoundDetail({ id }: { id: string }) {
  const round = useResource<RoundDetailData>(networkPaths.round(id));
  if (round.loading && !round.data) return <Loading />;
  if (!round.data) return <ProblemMessage problem={round.error} />;
  const data = round.data;
  const curve = toCurve(data.trainingCurve);
  return (
    <>
      <dl className="facts" style={{ marginBottom: '1rem' }}>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={data.status} /> {data.error ?? ''}
        </dd>
        <dt>Parties</dt>
        <dd>
          {data.parties} · {data.trees ?? '—'} trees · secure aggregation {data.secureAggregation ? 'on' : 'off'} ·
          privacy {data.privacy ? `ε = ${data.privacy.epsilon}, δ = ${data.privacy.delta}` : 'no DP'}
        </dd>
        <dt>Metrics</dt>
        <dd>
          {Object.entries(data.metrics)
            .filter(([, value]) => typeof value === 'number')
            .map(([name, value]) => `${name} ${(value as number).toFixed(4)}`)
            .join(' · ') || '—'}
        </dd>
      </dl>
      {curve.points.length > 1 ? (
        <figure className="chart" aria-label="Training curve">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={curve.points} margin={{ left: 4, right: 16, top: 8, bottom: 4 }}>
              <CartesianGrid stroke="#e2e5ea" />
              <XAxis
                dataKey={curve.x}
                tick={{ fontSize: 12 }}
                label={{ value: curve.x, position: 'insideBottomRight', offset: -2, fontSize: 12 }}
              />
              <YAxis tick={{ fontSize: 12 }} width={48} />
              <Tooltip />
              <Legend />
              {curve.series.map((name, index) => (
                <Line
                  key={name}
                  type="monotone"
                  dataKey={name}
                  dot={false}
                  strokeWidth={2}
                  stroke={['#1f4fd1', '#1f9d55', '#d97706', '#7c3aed'][index % 4] ?? '#1f4fd1'}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </figure>
      ) : (
        <p className="muted">No training curve recorded for this round.</p>
      )}
      {data.contributions && data.contributions.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Contributions</caption>
            <thead>
              <tr>
                <th scope="col">Contributor</th>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col" className="num">
                  Contribution
                </th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {data.contributions.map((contribution) => (
                <tr key={contribution.contributor}>
                  <td className="mono small mono-break">{contribution.contributor}</td>
                  <td>{contribution.kind}</td>
                  <td className="num">{contribution.rows ?? '—'}</td>
                  <td className="num">
                    {contribution.score.toFixed(4)} ({(contribution.share * 100).toFixed(1)}%)
                  </td>
                  <td>
                    <StatusBadge status={contribution.status} /> <span className="small">{contribution.reason}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

/** A training curve as the API stores it: rows of numbers by tree (or round, or iteration). */
function toCurve(raw: unknown): { x: string; series: string[]; points: Record<string, number>[] } {
  const rows = Array.isArray(raw)
    ? raw
    : Array.isArray((raw as { points?: unknown })?.points)
      ? (raw as { points: unknown[] }).points
      : [];
  const points = rows.filter((row): row is Record<string, number> => typeof row === 'object' && row !== null);
  const first = points[0] ?? {};
  const x = ['tree', 'iteration', 'round', 'step'].find((key) => key in first) ?? 'index';
  const series = Object.keys(first).filter((key) => key !== x && typeof first[key] === 'number');
  return { x, series, points: x === 'index' ? points.map((point, index) => ({ index, ...point })) : points };
}

/** Verifies a model file the user picks against the version's on-chain record: its sha256, computed here. */
function ModelRecord({ model }: { model: ModelVersion }) {
  const [result, setResult] = useState<Verification>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [error, setError] = useState<string>();
  const verify = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setResult(undefined);
    setProblem(undefined);
    setError(undefined);
    if (!file) return;
    if (!crypto.subtle) return setError('This browser can hash files only on https or localhost.');
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
    const sha256 = [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    const checked = validate(verifyModelSchema, { sha256, version: model.version });
    if (!checked.ok) return setError(Object.values(checked.errors)[0]);
    try {
      setResult(await api<Verification>('POST', networkPaths.verify, checked.data));
    } catch (caught) {
      if (caught instanceof ApiProblem) setProblem(caught);
    }
  };
  return (
    <div className="card" style={{ boxShadow: 'none' }}>
      <div className="card-header">
        <h3>Version {model.version}</h3>
        <span className="muted small">registered {new Date(model.registeredAt).toLocaleString()}</span>
      </div>
      <dl className="facts small">
        <dt>sha256</dt>
        <dd className="mono mono-break">{model.modelSha256}</dd>
        <dt>Metrics</dt>
        <dd>
          F1 {model.metrics.f1.toFixed(4)} · ROC-AUC {model.metrics.rocAuc.toFixed(4)}
        </dd>
        <dt>Privacy</dt>
        <dd>
          {model.privacy ? `ε = ${model.privacy.epsilon}, δ = ${model.privacy.delta}` : 'no differential privacy'}
        </dd>
        <dt>Data commitments</dt>
        <dd>{model.dataCommitments.length} parties</dd>
        <dt>Reward root</dt>
        <dd className="mono mono-break">{model.rewardRoot ?? '—'}</dd>
        <dt>Registry</dt>
        <dd className="mono mono-break">
          {model.registry}
          {model.txHash ? ` · tx ${model.txHash}` : ''}
        </dd>
      </dl>
      <Field
        label={`Verify a model file against version ${model.version}`}
        error={error}
        hint="The file is hashed in this browser; only its sha256 is sent."
        className="verify-field"
      >
        {(aria) => (
          <input {...aria} type="file" accept=".json,application/json" onChange={(event) => void verify(event)} />
        )}
      </Field>
      {result ? (
        <div className={`notice ${result.matches ? 'notice-good' : 'notice-error'}`} role="status">
          <strong>{result.matches ? 'Verified.' : 'Does not match.'}</strong> {result.verdict}
        </div>
      ) : null}
      <ProblemMessage problem={problem} />
    </div>
  );
}
