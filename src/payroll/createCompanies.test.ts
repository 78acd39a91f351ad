import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createAuditLog } from '../compliance/createAuditLog.js';
import type { Database } from '../db/createDatabase.js';
import { createTestDatabase } from '../db/createTestDatabase.js';
import { type Companies, createCompanies } from './createCompanies.js';
import { createEmployees } from './createEmployees.js';
import { acmeInput, validEmployeeCsv } from './testing/payrollFixtures.js';

const actor = 'test:admin';
let database: Database;
let companies: Companies;

before(async () => {
  database = await createTestDatabase();
  companies = createCompanies({ db: database.db, audit: createAuditLog({ db: database.db }) });
});
after(() => database.close());

test('a company is created normalised, with approvers N of M, and audited', async () => {
  const company = await companies.create(acmeInput, { actor });
  assert.equal(company.id, 'acme');
  assert.equal(company.iban, 'DE89370400440532013000');
  assert.equal(company.baseCurrency, 'EUR');
  assert.equal(company.vault, null);
  assert.equal(company.approvalThreshold, 2);
  assert.equal(company.approvers.length, 3);
  assert.deepEqual(company.cryptoAssets, ['USDC', 'EURC', 'ETH']);
  assert.deepEqual(await companies.get('acme'), company);
  const [event] = await createAuditLog({ db: database.db }).list({ subject: 'company:acme' });
  assert.equal(event?.action, 'company.create');
  assert.equal(event?.actor, actor);
  await assert.rejects(companies.create(acmeInput, { actor }), { name: 'ConflictError', field: 'id' });
});

test('defaults: a generated id, EUR, the example tax profile of the country, threshold 1', async () => {
  const company = await companies.create(
    { legalName: 'Tallinn Tech OÜ', country: 'ee', iban: 'EE382200221020145685', bic: 'HABAEE2X' },
    { actor },
  );
  assert.match(company.id, /^co_[0-9a-f]{10}$/);
  assert.equal(company.taxProfileId, 'EE-example-2025');
  assert.equal(company.approvalThreshold, 1);
  assert.equal(company.lei, null);
  await assert.rejects(
    companies.create(
      { legalName: 'Acme Inc', country: 'US', iban: 'EE382200221020145685', bic: 'HABAEE2X' },
      { actor },
    ),
    { name: 'ValidationError', field: 'taxProfileId' },
  );
});

test('bad input is refused with the field named, and the other problems in the details', async () => {
  const cases: [Partial<typeof acmeInput>, string, RegExp][] = [
    [{ iban: 'DE89370400440532013001' }, 'iban', /check digits do not match/],
    [{ bic: 'COBADE' }, 'bic', /8 or 11 characters/],
    [{ lei: '5493001KJTIIGC8Y1R13' }, 'lei', /check digits/],
    [{ country: 'XX' }, 'country', /not an ISO 3166-1/],
    [{ approvalThreshold: 4 }, 'approvalThreshold', /only 3 approvers/],
    [{ approvalThreshold: 0 }, 'approvalThreshold', /at least 1/],
    [{ id: 'Acme Corp' }, 'id', /lower-case/],
    [{ taxProfileId: 'DE-real-2025' }, 'taxProfileId', /No tax profile/],
    [{ cryptoAssets: ['USDC', 'EUR'] }, 'cryptoAssets', /base currency/],
    [
      { approvers: [{ name: 'Eve', email: 'eve@x.example', address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD' }] },
      'approvers.0.address',
      /EIP-55/,
    ],
    [
      {
        approvers: [
          { name: 'A', email: 'a@x.example', address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' },
          { name: 'B', email: 'b@x.example', address: '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed' },
        ],
        approvalThreshold: 1,
      },
      'approvers.1.address',
      /already an approver/,
    ],
  ];
  for (const [patch, field, message] of cases)
    await assert.rejects(
      companies.create({ ...acmeInput, id: 'bad', ...patch }, { actor }),
      (error: Error & { field?: string }) => {
        assert.equal(error.name, 'ValidationError');
        assert.equal(error.field, field);
        assert.match(error.message, message);
        return true;
      },
    );
  await assert.rejects(
    companies.create({ ...acmeInput, id: 'bad', iban: 'x', bic: 'y' }, { actor }),
    (error: Error & { field?: string; details?: string }) => error.field === 'iban' && /bic:/.test(error.details ?? ''),
  );
});

test('update changes what it is given, records the change, and refuses to drop an asset employees are paid in', async () => {
  const company = await companies.create({ ...acmeInput, id: 'acme-update' }, { actor });
  const vault = { chainId: 31337, address: '0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb' };
  const updated = await companies.update(company.id, { vault, approvalThreshold: 3 }, { actor });
  assert.deepEqual(updated.vault, { chainId: 31337, address: '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb' });
  assert.equal(updated.approvalThreshold, 3);
  assert.equal(updated.legalName, acmeInput.legalName);
  const [event] = await createAuditLog({ db: database.db }).list({ subject: `company:${company.id}` });
  assert.equal(event?.action, 'company.update');
  assert.deepEqual(Object.keys((event!.data as { changes: object }).changes).sort(), ['approvalThreshold', 'vault']);

  await createEmployees({ db: database.db, audit: createAuditLog({ db: database.db }) }).importCsv(
    company.id,
    validEmployeeCsv,
    { actor },
  );
  await assert.rejects(companies.update(company.id, { cryptoAssets: ['USDC', 'ETH'] }, { actor }), {
    name: 'ConflictError',
    field: 'cryptoAssets',
  });
  await assert.rejects(companies.update('nobody', { legalName: 'X' }, { actor }), { name: 'NotFoundError' });
});

test('the database itself refuses what the code would never write', async () => {
  await companies.create({ ...acmeInput, id: 'acme-db' }, { actor });
  await assert.rejects(
    sql`update companies set approval_threshold = 4 where id = 'acme-db'`.execute(database.db),
    /company_approval_threshold/,
  );
  await assert.rejects(
    sql`update companies set iban = 'not an iban' where id = 'acme-db'`.execute(database.db),
    /company_iban/,
  );
  await assert.rejects(
    sql`insert into employees (company_id, employee_id, full_name, email, country, gross_monthly, currency, split)
        values ('acme-db', 'E1', 'A', 'a@b.cd', 'DE', 0, 'EUR', '[{"asset":"EUR","percent":"100"}]')`.execute(
      database.db,
    ),
    /employee_gross_monthly/,
  );
  await assert.rejects(
    sql`insert into employees (company_id, employee_id, full_name, email, country, gross_monthly, currency, split)
        values ('nobody', 'E1', 'A', 'a@b.cd', 'DE', 1, 'EUR', '[]')`.execute(database.db),
    /employee_split|employee_company/,
  );
});

test('list pages through companies by id', async () => {
  const all = await companies.list();
  assert.deepEqual(
    all.map((c) => c.id),
    [...all.map((c) => c.id)].sort(),
  );
  assert.equal((await companies.list({ limit: 1, offset: 1 }))[0]?.id, all[1]?.id);
});
