import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createCliTestRun } from './createCliTestRun.js';

// `tandem ledger …` as an accountant runs it on a fresh data folder (the embedded stack opened in-process by each
// command). On a Postgres server the run gets its own schema.
const run = await createCliTestRun('ledger');
const { dir, tandem } = run;
after(() => run.close());

test('accounts created, entries posted from a file (twice: nothing new), one reversed, the books add up', () => {
  const create = (code: string, name: string, type: string) => {
    const created = tandem(
      ...['ledger', 'accounts', 'create', '--company', 'acme', '--code', code, '--name', name],
      ...['--type', type, '--currency', 'EUR', '--decimals', '2', '--json'],
    );
    assert.equal(created.code, 0, created.stderr);
    return JSON.parse(created.stdout).id as string;
  };
  const bank = create('1000', 'Bank', 'asset');
  const rent = create('6100', 'Office rent', 'expense');
  const entry = (month: string, debit: string, credit: string) => ({
    companyId: 'acme',
    idempotencyKey: `rent:${month}`,
    date: `${month}-01`,
    description: `Office rent ${month}`,
    postings: [
      { accountId: rent, amount: debit },
      { accountId: bank, amount: credit },
    ],
  });
  const file = join(dir, 'entries.json');
  writeFileSync(file, JSON.stringify([entry('2026-10', '150000', '-150000'), entry('2026-11', '150000', '-150000')]));
  const posted = tandem('ledger', 'post', '--file', file);
  assert.equal(posted.code, 0, posted.stderr);
  assert.match(posted.stdout, /posted\s.*rent:2026-10/);
  const again = JSON.parse(tandem('ledger', 'post', '--file', file, '--json').stdout);
  assert.deepEqual(
    again.entries.map((e: { created: boolean }) => e.created),
    [false, false],
  );

  // A bad file writes nothing and says which entry and field is wrong.
  writeFileSync(
    file,
    JSON.stringify({ entries: [entry('2026-12', '150000', '-150000'), entry('2027-01', '1', '-2')] }),
  );
  const refused = tandem('ledger', 'post', '--file', file);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /entries\[1\]/);
  assert.match(refused.stderr, /do not balance/);

  const october = again.entries[0].entry.id as string;
  const reversed = tandem(
    ...['ledger', 'reverse', october, '--key', 'reverse:rent:2026-10', '--reason', 'Invoice cancelled'],
    ...['--date', '2026-11-15', '--json'],
  );
  assert.equal(reversed.code, 0, reversed.stderr);
  assert.equal(JSON.parse(reversed.stdout).entry.reversesEntryId, october);
  const shown = tandem('ledger', 'entry', october);
  assert.match(shown.stdout, /Office rent 2026-10/);

  const balances = JSON.parse(tandem('ledger', 'balances', '--company', 'acme', '--json').stdout);
  assert.deepEqual(
    balances.accounts.map((line: { account: { code: string }; balance: string }) => [line.account.code, line.balance]),
    [
      ['1000', '-150000'],
      ['6100', '150000'],
    ],
  );
  const listed = JSON.parse(tandem('ledger', 'accounts', 'list', '--company', 'acme', '--json').stdout);
  assert.deepEqual(
    listed.accounts.map((account: { code: string }) => account.code),
    ['1000', '6100'],
  );
  const check = tandem('ledger', 'check', '--company', 'acme');
  assert.equal(check.code, 0, check.stdout + check.stderr);
});
