import { type FormEvent, useState } from 'react';
import { parseDecimalAmount } from '../../../src/money/parseDecimalAmount.js';
import { ApiProblem, api } from '../api/client.js';
import { Field, TextField } from '../components/Field.js';
import { ProblemMessage } from '../components/ProblemMessage.js';
import { formatMoney } from '../money/formatMoney.js';
import { AccountOptions } from './Ledger.js';

type Account = { id: string; code: string; name: string; currency: string; decimals: number };
type Line = { accountId: string; debit: string; credit: string };

const emptyLine = (): Line => ({ accountId: '', debit: '', credit: '' });
const today = () => new Date().toISOString().slice(0, 10);

/**
 * A manual journal entry: lines of debits and credits that must balance per currency, checked here as they are typed
 * and again by the server (the database refuses an unbalanced entry whatever sends it). The form's idempotency key
 * is made when it opens, so a double click or a retry after a lost answer posts the entry once.
 */
export function JournalEntryForm({
  companyId,
  accounts,
  onPosted,
}: {
  companyId: string;
  accounts: readonly Account[];
  onPosted: () => void;
}) {
  const [date, setDate] = useState(today);
  const [description, setDescription] = useState('');
  const [lines, setLines] = useState<Line[]>(() => [emptyLine(), emptyLine()]);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem>();
  const [posting, setPosting] = useState(false);
  const [posted, setPosted] = useState<string>();
  const accountsById = new Map(accounts.map((account) => [account.id, account]));

  // An edited line drops the findings about the lines: the balance line below says at once where they stand.
  const setLine = (index: number, change: Partial<Line>) => {
    setLines((previous) => previous.map((line, at) => (at === index ? { ...line, ...change } : line)));
    setErrors((previous) =>
      Object.fromEntries(Object.entries(previous).filter(([field]) => !field.startsWith('postings'))),
    );
  };

  /** Each line's signed minor units (debit positive), or the findings that keep the entry from being posted. */
  const read = () => {
    const found: Record<string, string> = {};
    const postings: { accountId: string; amount: bigint; account: Account }[] = [];
    lines.forEach((line, index) => {
      const field = `postings.${index}`;
      const account = accountsById.get(line.accountId);
      if (!account) {
        if (line.debit || line.credit) found[`${field}.accountId`] = 'Choose an account.';
        return;
      }
      if (Boolean(line.debit) === Boolean(line.credit)) {
        found[`${field}.amount`] = 'Enter a debit or a credit.';
        return;
      }
      try {
        const minor = parseDecimalAmount(line.debit || line.credit, { decimals: account.decimals });
        if (minor === 0n) found[`${field}.amount`] = 'The amount must not be 0.';
        else postings.push({ accountId: account.id, amount: line.debit ? minor : -minor, account });
      } catch (error) {
        found[`${field}.amount`] = (error as Error).message;
      }
    });
    const totals = new Map<string, { sum: bigint; decimals: number }>();
    for (const { account, amount } of postings) {
      const total = totals.get(account.currency) ?? { sum: 0n, decimals: account.decimals };
      total.sum += amount;
      totals.set(account.currency, total);
    }
    return { found, postings, totals };
  };
  const { found: lineErrors, postings, totals } = read();
  const unbalanced = [...totals].filter(([, total]) => total.sum !== 0n);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = { ...lineErrors };
    if (!description.trim()) found.description = 'Say what the entry is for.';
    if (postings.length < 2) found.postings = 'An entry needs at least two lines.';
    else if (unbalanced.length > 0) found.postings = 'Debits and credits must balance in each currency.';
    setErrors(found);
    setProblem(undefined);
    setPosted(undefined);
    if (Object.keys(found).length > 0) return;
    setPosting(true);
    try {
      const answer = await api<{ entries: { created: boolean; entry: { sequence: string } }[] }>(
        'POST',
        '/v1/ledger/entries',
        {
          entries: [
            {
              companyId,
              idempotencyKey: `manual:${key}`,
              date,
              description,
              postings: postings.map(({ accountId, amount }) => ({ accountId, amount: amount.toString() })),
            },
          ],
        },
      );
      setPosted(`Entry ${answer.entries[0]?.entry.sequence} posted.`);
      setDescription('');
      setLines([emptyLine(), emptyLine()]);
      setKey(crypto.randomUUID());
      onPosted();
    } catch (caught) {
      if (!(caught instanceof ApiProblem)) throw caught;
      // The server names fields of its batch (`entries[0].postings`, `entries.0.description`): shown on this form's.
      const named: Record<string, string> = {};
      for (const [field, message] of Object.entries(caught.fieldErrors()))
        named[field.replace(/^entries(\[0\]|\.0)\./, '').replace(/\[(\d+)\]/g, '.$1')] = message;
      setErrors(named);
      if (Object.keys(named).length === 0) setProblem(caught);
    } finally {
      setPosting(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label="New journal entry">
      <div className="toolbar">
        <TextField label="Date" name="date" type="date" value={date} onChange={setDate} error={errors.date} />
        <TextField
          label="Description"
          name="description"
          value={description}
          onChange={setDescription}
          error={errors.description}
          placeholder="Office rent November"
        />
      </div>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
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
            {lines.map((line, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity until posted; they are edited in place
              <tr key={index}>
                <td>
                  <Field label={`Line ${index + 1} account`} error={errors[`postings.${index}.accountId`]}>
                    {(props) => (
                      <select
                        {...props}
                        value={line.accountId}
                        onChange={(event) => setLine(index, { accountId: event.target.value })}
                      >
                        <option value="">Choose…</option>
                        <AccountOptions accounts={accounts} />
                      </select>
                    )}
                  </Field>
                </td>
                <td className="num">
                  <TextField
                    label={`Line ${index + 1} debit`}
                    name={`debit-${index}`}
                    inputMode="decimal"
                    value={line.debit}
                    onChange={(debit) => setLine(index, { debit })}
                    error={errors[`postings.${index}.amount`]}
                  />
                </td>
                <td className="num">
                  <TextField
                    label={`Line ${index + 1} credit`}
                    name={`credit-${index}`}
                    inputMode="decimal"
                    value={line.credit}
                    onChange={(credit) => setLine(index, { credit })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className={errors.postings ? 'field-error' : 'field-hint'} role="status">
        {errors.postings ??
          (unbalanced.length > 0
            ? `Out of balance: ${unbalanced
                .map(([currency, total]) => formatMoney(total.sum, currency, total.decimals))
                .join(', ')} (debits minus credits).`
            : postings.length >= 2
              ? 'Balanced.'
              : '')}
      </p>
      <ProblemMessage problem={problem} />
      {posted ? <p role="status">{posted}</p> : null}
      <div className="form-actions">
        <button type="button" className="button" onClick={() => setLines((previous) => [...previous, emptyLine()])}>
          Add a line
        </button>
        <button type="submit" className="button button-primary" disabled={posting}>
          {posting ? 'Posting…' : 'Post entry'}
        </button>
      </div>
    </form>
  );
}
