import { type FormEvent, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { balancesSchema, entrySchema, ledgerCheckSchema } from '../../../src/api/schemas/ledgerSchemas.js';
import { ApiProblem, api, query } from '../api/client.js';
import { useResource } from '../api/useResource.js';
import { useCompany } from '../company.js';
import { TextField } from '../components/Field.js';
import { Card, Empty, Loading, PageHeader, StatusBadge } from '../components/Layout.js';
import { Money } from '../components/Money.js';
import { ProblemMessage } from '../components/ProblemMessage.js';
import { can, useMe } from '../session.js';
import { JournalEntryForm } from './JournalEntryForm.js';

type Balances = z.infer<typeof balancesSchema>;

/** Account codes of on-chain accounts carry the whole address; the name says it already, so shorten it here. */
export function shortCode(code: string): string {
  return code.replace(/0x([0-9a-fA-F]{4})[0-9a-fA-F]{32}([0-9a-fA-F]{4})/g, '0x$1…$2');
}
type Entry = z.infer<typeof entrySchema>;

/** A company's accounts as the options of a select: short code, name and currency. */
export function AccountOptions({
  accounts,
}: {
  accounts: readonly { id: string; code: string; name: string; currency: string }[];
}) {
  return accounts.map((account) => (
    <option key={account.id} value={account.id}>
      {shortCode(account.code)} {account.name} ({account.currency})
    </option>
  ));
}
type LedgerCheck = z.infer<typeof ledgerCheckSchema>;

/** The company's double-entry books: accounts with balances, the journal, and reconciliation with the chain. */
export function Ledger() {
  const { company } = useCompany();
  const me = useMe();
  // Bumped when an entry is posted, so that the journal reads itself again.
  const [journalVersion, setJournalVersion] = useState(0);
  const companyId = company?.id;
  const balances = useResource<Balances>(companyId ? `/v1/ledger/balances${query({ companyId })}` : undefined);
  const check = useResource<LedgerCheck>(companyId ? `/v1/ledger/check${query({ companyId })}` : undefined);
  if (!company) return <Loading />;
  const accountsById = new Map(balances.data?.accounts.map((row) => [row.account.id, row.account]) ?? []);
  const reconciliation = check.data?.reconciliation.flatMap((company) => company.accounts) ?? [];

  return (
    <>
      <PageHeader
        title="Ledger"
        description="Every pay run posts balanced entries; on-chain accounts are reconciled with the chain's balances."
        actions={
          <button
            type="button"
            className="button"
            onClick={() => void Promise.all([balances.reload(), check.reload()])}
          >
            Refresh
          </button>
        }
      />
      <Card title="Checks" actions={check.data ? <StatusBadge status={check.data.ok ? 'ok' : 'failed'} /> : undefined}>
        <ProblemMessage problem={check.error} />
        {check.loading && !check.data ? <Loading label="Checking the ledger…" /> : null}
        {check.data ? (
          <>
            <ul className="reasons" style={{ color: 'inherit' }}>
              {check.data.ledger.checks.map((rule) => (
                <li key={rule.rule}>
                  <span className={`dot ${rule.passed ? 'dot-good' : 'dot-bad'}`} aria-hidden="true" />
                  {rule.description}{' '}
                  {rule.passed ? '' : `(${rule.violations} violation${rule.violations === 1 ? '' : 's'})`}
                  <span className="visually-hidden">{rule.passed ? 'passed' : 'failed'}</span>
                </li>
              ))}
            </ul>
            <h3 style={{ margin: '1rem 0 0.5rem' }}>Reconciliation with the chain</h3>
            {reconciliation.length === 0 ? (
              <Empty>No on-chain accounts yet.</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Account</th>
                      <th scope="col">Address</th>
                      <th scope="col" className="num">
                        Ledger
                      </th>
                      <th scope="col" className="num">
                        Chain
                      </th>
                      <th scope="col">Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {reconciliation.map((row) => (
                      <tr key={row.account.id}>
                        <td>{row.account.name}</td>
                        <td className="mono mono-break">{row.account.address}</td>
                        <td className="num">
                          <Money
                            minor={row.ledgerBalance}
                            asset={row.account.currency}
                            decimals={row.account.decimals}
                          />
                        </td>
                        <td className="num">
                          <Money
                            minor={row.chainBalance}
                            asset={row.account.currency}
                            decimals={row.account.decimals}
                          />
                        </td>
                        <td>
                          <StatusBadge status={row.status} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        ) : null}
      </Card>
      <Card title="Accounts">
        <ProblemMessage problem={balances.error} />
        {balances.loading && !balances.data ? <Loading /> : null}
        {balances.data && balances.data.accounts.length === 0 ? (
          <Empty>No accounts yet: the first pay run opens them.</Empty>
        ) : null}
        {balances.data && balances.data.accounts.length > 0 ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col" className="num">
                    Debits
                  </th>
                  <th scope="col" className="num">
                    Credits
                  </th>
                  <th scope="col" className="num">
                    Balance
                  </th>
                </tr>
              </thead>
              <tbody>
                {balances.data.accounts.map((row) => (
                  <tr key={row.account.id}>
                    <td className="mono nowrap" title={row.account.code}>
                      {shortCode(row.account.code)}
                    </td>
                    <td>{row.account.name}</td>
                    <td>{row.account.type}</td>
                    <td className="num">
                      <Money minor={row.debits} asset={row.account.currency} decimals={row.account.decimals} />
                    </td>
                    <td className="num">
                      <Money minor={row.credits} asset={row.account.currency} decimals={row.account.decimals} />
                    </td>
                    <td className="num">
                      <strong>
                        <Money minor={row.normalBalance} asset={row.account.currency} decimals={row.account.decimals} />
                      </strong>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Card>
      {can(me.role, 'postEntries') && accountsById.size > 0 ? (
        <Card title="New journal entry">
          <JournalEntryForm
            companyId={company.id}
            accounts={[...accountsById.values()]}
            onPosted={() => {
              setJournalVersion((version) => version + 1);
              void Promise.all([balances.reload(), check.reload()]);
            }}
          />
        </Card>
      ) : null}
      <Journal
        companyId={company.id}
        accounts={[...accountsById.values()]}
        version={journalVersion}
        onReversed={
          can(me.role, 'postEntries')
            ? () => {
                setJournalVersion((version) => version + 1);
                void Promise.all([balances.reload(), check.reload()]);
              }
            : undefined
        }
      />
    </>
  );
}

function Journal({
  companyId,
  accounts,
  version,
  onReversed,
}: {
  companyId: string;
  accounts: { id: string; code: string; name: string; currency: string; decimals: number }[];
  /** Changes when an entry was posted here: the journal reads its first page again. */
  version: number;
  /** Given to those who may reverse entries (admins): called after a reversal was posted. */
  onReversed?: (() => void) | undefined;
}) {
  const [filters, setFilters] = useState({ accountId: '', from: '', to: '' });
  const [entries, setEntries] = useState<Entry[]>();
  const [cursor, setCursor] = useState<string>();
  const [problem, setProblem] = useState<ApiProblem>();
  // The entry whose reversal is being asked for, and why.
  const [reversing, setReversing] = useState<ReversalState>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const accountsById = new Map(accounts.map((account) => [account.id, account]));

  const load = async (after?: string) => {
    setProblem(undefined);
    try {
      const page = await api<{ entries: Entry[]; nextCursor?: string }>(
        'GET',
        `/v1/ledger/journal${query({ companyId, ...filters, limit: 50, cursor: after })}`,
      );
      setEntries((previous) => (after ? [...(previous ?? []), ...page.entries] : page.entries));
      setCursor(page.nextCursor);
      setFieldErrors({});
    } catch (caught) {
      if (caught instanceof ApiProblem) {
        const errors = caught.fieldErrors();
        if (Object.keys(errors).length) setFieldErrors(errors);
        else setProblem(caught);
      }
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the filters or the company change
  useEffect(() => {
    void load();
  }, [companyId, filters.accountId, filters.from, filters.to, version]);

  return (
    <Card title="Journal">
      <div className="toolbar">
        <div className="field">
          <label htmlFor="journal-account">Account</label>
          <select
            id="journal-account"
            value={filters.accountId}
            onChange={(event) => setFilters({ ...filters, accountId: event.target.value })}
          >
            <option value="">All accounts</option>
            <AccountOptions accounts={accounts} />
          </select>
        </div>
        <div className={`field${fieldErrors.from ? ' field-invalid' : ''}`}>
          <label htmlFor="journal-from">From</label>
          <input
            id="journal-from"
            type="date"
            value={filters.from}
            aria-invalid={Boolean(fieldErrors.from)}
            onChange={(event) => setFilters({ ...filters, from: event.target.value })}
          />
          {fieldErrors.from ? <p className="field-error">{fieldErrors.from}</p> : null}
        </div>
        <div className={`field${fieldErrors.to ? ' field-invalid' : ''}`}>
          <label htmlFor="journal-to">To</label>
          <input
            id="journal-to"
            type="date"
            value={filters.to}
            aria-invalid={Boolean(fieldErrors.to)}
            onChange={(event) => setFilters({ ...filters, to: event.target.value })}
          />
          {fieldErrors.to ? <p className="field-error">{fieldErrors.to}</p> : null}
        </div>
      </div>
      <ProblemMessage problem={problem} />
      {entries === undefined ? <Loading /> : null}
      {entries && entries.length === 0 ? <Empty>No entries.</Empty> : null}
      {entries && entries.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Description</th>
                <th scope="col">Account</th>
                <th scope="col" className="num">
                  Debit
                </th>
                <th scope="col" className="num">
                  Credit
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.flatMap((entry) =>
                entry.postings.map((posting, index) => {
                  const account = accountsById.get(posting.accountId);
                  const amount = BigInt(posting.amount);
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: postings have no id; an entry's are fixed once posted
                    <tr key={`${entry.id}-${posting.accountId}-${index}`}>
                      <td className="nowrap">{index === 0 ? entry.date : ''}</td>
                      <td>
                        {index === 0 ? entry.description : ''}
                        {index === 0 && onReversed ? (
                          <Reversal
                            entry={entry}
                            state={reversing?.entryId === entry.id ? reversing : undefined}
                            onChange={setReversing}
                            onReversed={() => {
                              setReversing(undefined);
                              onReversed();
                            }}
                          />
                        ) : null}
                      </td>
                      <td>{account ? `${shortCode(account.code)} ${account.name}` : posting.accountId}</td>
                      <td className="num">
                        {amount > 0n ? (
                          <Money minor={amount} asset={posting.currency} decimals={account?.decimals} />
                        ) : (
                          ''
                        )}
                      </td>
                      <td className="num">
                        {amount < 0n ? (
                          <Money minor={-amount} asset={posting.currency} decimals={account?.decimals} />
                        ) : (
                          ''
                        )}
                      </td>
                    </tr>
                  );
                }),
              )}
            </tbody>
          </table>
        </div>
      ) : null}
      {cursor ? (
        <div className="form-actions" style={{ marginTop: '0.75rem' }}>
          <button type="button" className="button" onClick={() => void load(cursor)}>
            Load older entries
          </button>
        </div>
      ) : null}
    </Card>
  );
}

type ReversalState = { entryId: string; reason: string; error?: string | undefined; busy?: boolean | undefined };

/**
 * Reverses an entry from the journal: asks why, then posts its mirror image under the key `reverse:<entry id>`, so
 * that pressing the button twice (or a retry) posts one reversal.
 */
function Reversal({
  entry,
  state,
  onChange,
  onReversed,
}: {
  entry: Entry;
  state: ReversalState | undefined;
  onChange: (state: ReversalState | undefined) => void;
  onReversed: () => void;
}) {
  if (!state)
    return (
      <div>
        <button type="button" className="link-button" onClick={() => onChange({ entryId: entry.id, reason: '' })}>
          Reverse…
        </button>
      </div>
    );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!state.reason.trim()) return onChange({ ...state, error: 'Say why the entry is reversed.' });
    onChange({ ...state, busy: true, error: undefined });
    try {
      await api('POST', `/v1/ledger/entries/${entry.id}/reversal`, {
        idempotencyKey: `reverse:${entry.id}`,
        reason: state.reason.trim(),
      });
      onReversed();
    } catch (caught) {
      onChange({ ...state, busy: false, error: caught instanceof ApiProblem ? caught.message : String(caught) });
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} aria-label={`Reverse ${entry.description}`} noValidate>
      <TextField
        label="Why it is reversed"
        name={`reason-${entry.id}`}
        value={state.reason}
        onChange={(reason) => onChange({ ...state, reason, error: undefined })}
        error={state.error}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={state.busy}>
          {state.busy ? 'Reversing…' : 'Post the reversal'}
        </button>
        <button type="button" className="button" onClick={() => onChange(undefined)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
