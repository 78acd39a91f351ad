import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAuditLog } from '../compliance/createAuditLog.js';
import type { Database } from '../db/createDatabase.js';
import { createTestDatabase } from '../db/createTestDatabase.js';
import { type Companies, createCompanies } from './createCompanies.js';
import { createEmployees, type Employees } from './createEmployees.js';
import { acmeInput, employeeCsvHeader, validEmployeeCsv } from './testing/payrollFixtures.js';

const actor = 'test:admin';
let database: Database;
let companies: Companies;
let employees: Employees;
let companySeq = 0;

before(async () => {
  database = await createTestDatabase();
  const audit = createAuditLog({ db: database.db });
  companies = createCompanies({ db: database.db, audit });
  employees = createEmployees({ db: database.db, audit });
});
after(() => database.close());

/** Each test gets its own company, so tests of this file share one database without seeing each other. */
async function newCompany() {
  return companies.create({ ...acmeInput, id: `acme-${++companySeq}` }, { actor });
}
const countEmployees = async (companyId: string) => (await employees.list(companyId)).total;
const countAudit = async () =>
  Number(
    (
      await database.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('CSV import', () => {
  test('imports valid rows and keeps names in any script intact', async () => {
    const company = await newCompany();
    const report = await employees.importCsv(company.id, validEmployeeCsv, { actor });
    assert.deepEqual(report, {
      ok: true,
      dryRun: false,
      written: true,
      rows: 5,
      imported: 5,
      updated: 0,
      unchanged: 0,
      invalid: [],
    });
    const { employees: stored } = await employees.list(company.id);
    assert.deepEqual(
      stored.map((e) => e.fullName),
      ['Zoë Ångström', '李小龙', 'Σωκράτης', 'محمد', 'O\'Brien, Seán "Jack"'],
    );
    const bruce = await employees.get(company.id, 'E002');
    assert.equal(bruce.wallet, '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'); // stored checksummed
    assert.equal(bruce.grossMonthly, 420050n);
    assert.deepEqual(bruce.split, [
      { asset: 'EUR', percent: '60' },
      { asset: 'USDC', percent: '40' },
    ]);
    const mohammed = await employees.get(company.id, 'E004');
    assert.equal(mohammed.iban, 'NL91ABNA0417164300');
    assert.equal(mohammed.bic, null);
    const sokrates = await employees.get(company.id, 'E003');
    assert.equal(sokrates.iban, null); // all crypto: no bank account needed
    const history = await createAuditLog({ db: database.db }).list({ subject: `employee:${company.id}/E002` });
    assert.equal(history[0]?.action, 'employee.create');
  });

  test('one invalid row writes nothing and names its line, column and reason', async () => {
    const company = await newCompany();
    const auditBefore = await countAudit();
    const csv = validEmployeeCsv.replace('DE89370400440532013000', 'DE89370400440532013001');
    const report = await employees.importCsv(company.id, csv, { actor });
    assert.equal(report.ok, false);
    assert.equal(report.written, false);
    assert.equal(report.imported, 0);
    assert.deepEqual(report.invalid, [
      { line: 2, column: 'iban', employeeId: 'E001', reason: 'check digits do not match' },
    ]);
    assert.equal(await countEmployees(company.id), 0);
    assert.equal(await countAudit(), auditBefore);
  });

  const badCsv = [
    employeeCsvHeader,
    'E010,Good Person,good@example.com,DE,DE89370400440532013000,,,1000,EUR,EUR:100', // line 2: fine
    'E011,Wrong Checksum,wc@example.com,DE,,,0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD,1000,EUR,USDC:100', // 3
    'E012,Bad Email,not-an-email,UK,DE89370400440532013000,,,1000,EUR,EUR:100', // 4: email and country
    'E013,Too Precise,tp@example.com,DE,DE89370400440532013000,,,1000.123,EUR,EUR:100', // 5
    'E014,Half Split,hs@example.com,DE,DE89370400440532013000,,,1000,EUR,"EUR:60,USDC:30"', // 6
    'E015,No Wallet,nw@example.com,DE,DE89370400440532013000,,,1000,EUR,"EUR:60,USDC:40"', // 7
    'E016,No Bank,nb@example.com,DE,,,0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed,1000,EUR,"EUR:10,USDC:90"', // 8
    'E017,Dollar,d@example.com,US,,,0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed,1000,USD,USDC:100', // 9
    'E010,Twice,twice@example.com,DE,DE89370400440532013000,,,1000,EUR,EUR:100', // 10: duplicate of line 2
    '"E018","Two\nLines",tl@example.com,DE,DE89370400440532013000,XXXXDEFFXXX1,,1000,EUR,EUR:100', // 11–12
    'E019,Last Good,lg@example.com,EE,EE382200221020145685,,,2500.5,EUR,EUR:100', // 13
  ].join('\n');

  test('every bad row is reported with its line number; nothing is written', async () => {
    const company = await newCompany();
    const report = await employees.importCsv(company.id, badCsv, { actor });
    const lines = report.invalid.map((issue) => `line ${issue.line}, ${issue.column}: ${issue.reason}`);
    assert.deepEqual(lines, [
      'line 2, employee_id: duplicate employee_id E010 (also on line 10)',
      'line 3, wallet: EIP-55 checksum does not match',
      'line 4, email: "not-an-email" is not an email address',
      'line 4, country: "UK" is not an ISO 3166-1 alpha-2 country code',
      'line 5, gross_monthly: EUR has 2 decimals at most; "1000.123" has 3',
      'line 6, split: percentages add up to 90, not 100',
      'line 7, wallet: is required: the split has a crypto share',
      'line 8, iban: is required: the split pays EUR to a bank account',
      'line 9, currency: must be EUR: the company pays salaries in EUR',
      'line 10, employee_id: duplicate employee_id E010 (also on line 2)',
      'line 11, full_name: contains a line break or control character',
      'line 11, bic: a BIC has 8 or 11 characters, this one has 12',
    ]);
    assert.equal(report.written, false);
    assert.equal(await countEmployees(company.id), 0);
  });

  test('skipInvalid imports the good rows in one go and reports the rest', async () => {
    const company = await newCompany();
    const report = await employees.importCsv(company.id, badCsv, { actor, skipInvalid: true });
    assert.equal(report.ok, false);
    assert.equal(report.written, true);
    assert.equal(report.imported, 1); // only E019: E010 is on two lines, so neither is taken
    assert.equal(new Set(report.invalid.map((issue) => issue.line)).size, 10);
    assert.deepEqual(
      (await employees.list(company.id)).employees.map((e) => [e.employeeId, e.grossMonthly]),
      [['E019', 250050n]],
    );
  });

  test('a dry run reports what would happen and writes nothing', async () => {
    const company = await newCompany();
    const auditBefore = await countAudit();
    const report = await employees.importCsv(company.id, validEmployeeCsv, { actor, dryRun: true });
    assert.deepEqual(
      { ok: report.ok, dryRun: report.dryRun, written: report.written, imported: report.imported },
      { ok: true, dryRun: true, written: false, imported: 5 },
    );
    assert.equal(await countEmployees(company.id), 0);
    assert.equal(await countAudit(), auditBefore);
    const bad = await employees.importCsv(company.id, badCsv, { actor, dryRun: true, skipInvalid: true });
    assert.equal(bad.imported, 1);
    assert.equal(bad.written, false);
  });

  test('re-importing an existing employee_id updates that employee; identical rows are left alone', async () => {
    const company = await newCompany();
    await employees.importCsv(company.id, validEmployeeCsv, { actor });
    const changed = validEmployeeCsv
      .replace('5000.00,EUR,EUR:100', '5200.00,EUR,"EUR:90,USDC:10"')
      .replace(
        'E001,Zoë Ångström,zoe@example.com,DE,DE89370400440532013000,COBADEFFXXX,,',
        'E001,Zoë Ångström,zoe@example.com,DE,DE89370400440532013000,COBADEFFXXX,0x27b1fdb04752bbc536007a920d24acb045561c26,',
      );
    const report = await employees.importCsv(company.id, changed, { actor });
    assert.deepEqual(
      { imported: report.imported, updated: report.updated, unchanged: report.unchanged },
      { imported: 0, updated: 1, unchanged: 4 },
    );
    const zoe = await employees.get(company.id, 'E001');
    assert.equal(zoe.grossMonthly, 520000n);
    const [event] = await createAuditLog({ db: database.db }).list({ subject: `employee:${company.id}/E001` });
    assert.equal(event?.action, 'employee.update');
    assert.deepEqual((event!.data as { changes: Record<string, unknown> }).changes.grossMonthly, {
      from: '500000',
      to: '520000',
    });
  });

  test('header: exactly the ten columns, in any order, any case; else the file is refused', async () => {
    const company = await newCompany();
    const reordered = [
      'SPLIT, currency ,gross_monthly,wallet,bic,iban,country,email,full_name,employee_id',
      'EUR:100,EUR,1000,,,EE382200221020145685,EE,kalle@example.ee,Kalle Kask,E100',
    ].join('\n');
    assert.equal((await employees.importCsv(company.id, reordered, { actor })).imported, 1);

    const missing = await employees.importCsv(company.id, 'employee_id,full_name,email\nE1,A,a@b.cd', { actor });
    assert.equal(missing.ok, false);
    assert.deepEqual(
      missing.invalid.map((issue) => [issue.line, issue.column]),
      ['country', 'iban', 'bic', 'wallet', 'gross_monthly', 'currency', 'split'].map((column) => [1, column]),
    );
    const extra = await employees.importCsv(company.id, `${employeeCsvHeader},department\n`, { actor });
    assert.match(extra.invalid[0]?.reason ?? '', /unknown column "department"/);
    const twice = await employees.importCsv(company.id, `${employeeCsvHeader},email\n`, { actor });
    assert.deepEqual(twice.invalid[0], {
      line: 1,
      column: 'email',
      employeeId: null,
      reason: 'column appears more than once',
    });
  });

  test('a file that is not well-formed CSV is refused whole at its first broken line', async () => {
    const company = await newCompany();
    const unterminated = await employees.importCsv(company.id, `${employeeCsvHeader}\nE1,"Open quote,a@b.cd\n`, {
      actor,
    });
    assert.deepEqual(unterminated.invalid, [
      { line: 2, column: null, employeeId: null, reason: 'unterminated quoted field starting on line 2' },
    ]);
    const ragged = await employees.importCsv(company.id, `${employeeCsvHeader}\nE1,A\n`, { actor });
    assert.match(ragged.invalid[0]?.reason ?? '', /line 2 has 2 fields, the header has 10/);
    assert.equal(await countEmployees(company.id), 0);
    const empty = await employees.importCsv(company.id, '', { actor });
    assert.equal(empty.ok, false);
  });

  test('an unknown company is a NotFoundError', async () => {
    await assert.rejects(employees.importCsv('nobody', validEmployeeCsv, { actor }), { name: 'NotFoundError' });
  });
});

describe('one employee at a time', () => {
  test('create checks every field and names the first bad one', async () => {
    const company = await newCompany();
    const input = {
      employeeId: 'E1',
      fullName: 'Zoë Ångström',
      email: 'zoe@example.com',
      country: 'de',
      iban: 'DE89370400440532013000',
      grossMonthly: '4500.00',
      split: [
        { asset: 'EUR', percent: '70' },
        { asset: 'usdc', percent: '30' },
      ],
      wallet: '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed',
    };
    const created = await employees.create(company.id, input, { actor });
    assert.equal(created.country, 'DE');
    assert.equal(created.currency, 'EUR');
    assert.deepEqual(created.split[1], { asset: 'USDC', percent: '30' });
    await assert.rejects(employees.create(company.id, input, { actor }), {
      name: 'ConflictError',
      field: 'employeeId',
    });
    await assert.rejects(
      employees.create(company.id, { ...input, employeeId: 'E2', iban: 'DE00370400440532013000' }, { actor }),
      {
        name: 'ValidationError',
        field: 'iban',
        shortMessage: 'iban: check digits do not match',
      },
    );
    await assert.rejects(
      employees.create(company.id, { ...input, employeeId: 'E2', wallet: '', email: 'x' }, { actor }),
      (error: Error & { field?: string; details?: string }) =>
        error.field === 'email' && /wallet: is required/.test(error.details ?? ''),
    );
  });

  test('update merges the patch, re-checks the whole employee, and can deactivate', async () => {
    const company = await newCompany();
    await employees.importCsv(company.id, validEmployeeCsv, { actor });
    const updated = await employees.update(company.id, 'E001', { grossMonthly: '5100', active: false }, { actor });
    assert.equal(updated.grossMonthly, 510000n);
    assert.equal(updated.active, false);
    assert.equal(updated.fullName, 'Zoë Ångström');
    await assert.rejects(employees.update(company.id, 'E001', { split: 'EUR:50,USDC:50' }, { actor }), {
      field: 'wallet',
    });
    await assert.rejects(employees.update(company.id, 'E999', { grossMonthly: '1' }, { actor }), {
      name: 'NotFoundError',
    });
    assert.deepEqual(
      (await employees.listActive(company.id)).map((e) => e.employeeId),
      ['E002', 'E003', 'E004', 'E005'],
    );
  });

  test('list searches name, email and id, and pages by cursor', async () => {
    const company = await newCompany();
    await employees.importCsv(company.id, validEmployeeCsv, { actor });
    assert.deepEqual(
      (await employees.list(company.id, { search: 'ångström' })).employees.map((e) => e.employeeId),
      ['E001'],
    );
    assert.deepEqual(
      (await employees.list(company.id, { search: 'example.gr' })).employees.map((e) => e.employeeId),
      ['E003'],
    );
    assert.deepEqual((await employees.list(company.id, { search: 'e00' })).total, 5);
    assert.deepEqual(
      (await employees.list(company.id, { search: '李' })).employees.map((e) => e.employeeId),
      ['E002'],
    );
    assert.equal((await employees.list(company.id, { search: '100%' })).total, 0);
    const first = await employees.list(company.id, { limit: 2 });
    assert.deepEqual(
      first.employees.map((e) => e.employeeId),
      ['E001', 'E002'],
    );
    assert.equal(first.total, 5);
    const second = await employees.list(company.id, { limit: 2, after: first.nextCursor ?? undefined });
    assert.deepEqual(
      second.employees.map((e) => e.employeeId),
      ['E003', 'E004'],
    );
    const third = await employees.list(company.id, { limit: 2, after: second.nextCursor ?? undefined });
    assert.deepEqual(
      third.employees.map((e) => e.employeeId),
      ['E005'],
    );
    assert.equal(third.nextCursor, null);
  });
});
