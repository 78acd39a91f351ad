import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createDevAccounts, type DevAccount } from '../../src/chain/embedded/devAccounts.js';
import { acmeInput, employeeCsvHeader } from '../../src/payroll/testing/payrollFixtures.js';
import { ofacXml } from '../../src/risk/sanctions/fixtures/ofacXml.js';
import { chromiumSkipReason, openScreen, signIn, startWebApp, type WebApp } from './startWebApp.js';

const skip = chromiumSkipReason();
const password = 'correct horse battery staple';
const sanctionedWallet = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96';
// The company's approvers are dev accounts 1–3 (2 of 3 sign), so the tests hold their keys, as their wallets would.
const approverAccounts = createDevAccounts(4).slice(1, 4) as DevAccount[];
let app: WebApp;

before(async () => {
  if (skip) return;
  app = await startWebApp();
  await app.api('POST', '/v1/companies', {
    ...acmeInput,
    id: 'acme',
    approvers: approverAccounts.map((account, index) => ({
      name: ['Grace Hopper', 'Alan Turing', 'Ada Lovelace'][index],
      email: `approver${index + 1}@acme.example`,
      address: account.address,
    })),
    approvalThreshold: 2,
  });
  for (const [email, name, role] of [
    ['admin@acme.example', 'Ada Admin', 'admin'],
    ['viewer@acme.example', 'Vic Viewer', 'viewer'],
    ['compliance@acme.example', 'Cora Compliance', 'compliance'],
    ['approver1@acme.example', 'Grace Hopper', 'approver'],
    ['approver2@acme.example', 'Alan Turing', 'approver'],
  ] as const)
    await app.api('POST', '/v1/users', { email, name, role, password });
  // A small list in OFAC's advanced XML shape, with one sanctioned EVM address.
  const folder = mkdtempSync(join(tmpdir(), 'tandem-web-ofac-'));
  const listPath = join(folder, 'sdn_advanced.xml');
  writeFileSync(
    listPath,
    ofacXml({
      publishedOn: '2025-11-19',
      parties: [
        {
          profileId: 9001,
          name: 'LAZARUS GROUP',
          addresses: [{ ticker: 'ETH', address: sanctionedWallet }],
          programs: ['DPRK3'],
        },
      ],
    }),
  );
  await app.api('POST', '/v1/sanctions/load', { path: listPath });
});
after(async () => {
  await app?.close();
});

test('sign in: a wrong password is reported next to the field, the right one opens the overview', {
  skip,
}, async () => {
  const page = await app.newPage();
  await page.goto('/');
  await app.screenshot(page, '01-sign-in');
  await page.getByLabel('Email').fill('admin@acme.example');
  await page.getByLabel('Password').fill('not the password at all');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const error = page.locator('.field-error');
  await error.waitFor();
  assert.match((await error.textContent()) ?? '', /email or the password is not right/);
  assert.equal(await page.getByLabel('Password').getAttribute('aria-invalid'), 'true');

  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  await page.getByText('Healthy').waitFor();
  await app.screenshot(page, '02-overview');

  // A reload keeps the session (HttpOnly cookie), and an app route survives it (SPA fallback).
  await page.goto('/employees');
  await page.getByRole('heading', { name: 'Employees' }).waitFor();
  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name === 'tandem_session');
  assert.equal(session?.httpOnly, true);
  assert.equal(session?.sameSite, 'Strict');
  await page.context().close();
});

test('employee import: the bad row is reported with its line before anything is written; fixed, it imports', {
  skip,
}, async () => {
  const page = await app.newPage();
  await signIn(page, 'admin@acme.example', password);
  await openScreen(page, 'Employees');
  await page.getByRole('link', { name: 'Import CSV' }).click();

  const rows = [
    employeeCsvHeader,
    'E001,Zoë Ångström,zoe@example.com,DE,DE89370400440532013000,COBADEFFXXX,,5000.00,EUR,EUR:100',
    'E002,李小龙,bruce@example.com,FR,FR1420041010050500013M02606,BNPAFRPPXXX,0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed,4200.50,EUR,"EUR:60,USDC:40"',
    // Line 4: the IBAN's check digits are wrong (DE00 instead of DE89).
    'E003,Grace Hopper,grace@example.com,DE,DE00370400440532013000,,,3900,EUR,EUR:100',
  ];
  await page.getByLabel('CSV text').fill(rows.join('\n'));
  await page.getByRole('button', { name: 'Check file' }).click();
  const invalid = page.getByRole('table', { name: 'Invalid rows' });
  await invalid.waitFor();
  const cells = await invalid.locator('tbody tr').first().locator('td').allTextContents();
  assert.equal(cells[0], '4', 'the report names line 4');
  assert.equal(cells[1], 'E003');
  assert.equal(cells[2], 'iban');
  assert.match(cells[3] ?? '', /check digit/i);
  assert.equal(await invalid.locator('tbody tr').count(), 1, 'only the bad row is reported');
  await page.getByText('1 of 3 rows are invalid, so nothing was written').waitFor();
  await app.screenshot(page, '03-import-invalid-row');
  const before = await app.api<{ total: number }>('GET', '/v1/companies/acme/employees');
  assert.equal(before.total, 0, 'the dry run wrote nothing');

  rows[3] = rows[3]!.replace('DE00370400440532013000', 'DE89370400440532013000');
  await page.getByLabel('CSV text').fill(rows.join('\n'));
  await page.getByRole('button', { name: 'Check file' }).click();
  await page.getByText('All 3 rows are valid').waitFor();
  await page.getByRole('button', { name: 'Import 3 employees' }).click();
  await page.getByText('Imported: 3 new, 0 updated, 0 unchanged.').waitFor();
  await app.screenshot(page, '04-import-done');

  await page.getByRole('link', { name: 'See the employees' }).click();
  await page.getByRole('cell', { name: '李小龙' }).waitFor();
  assert.equal(await page.locator('tbody tr').count(), 3);
  assert.match((await page.locator('tbody tr').nth(1).textContent()) ?? '', /4,200\.50 EUR/);
  await app.screenshot(page, '05-employees');

  // The edit form shows the server's findings next to the field they concern.
  await page.getByRole('link', { name: 'E002' }).click();
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Wallet').fill('0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAEd');
  await page.getByRole('button', { name: 'Save changes' }).click();
  const walletError = page.locator('.field-invalid', { has: page.getByLabel('Wallet') }).locator('.field-error');
  await walletError.waitFor();
  assert.match((await walletError.textContent()) ?? '', /checksum/i);
  await app.screenshot(page, '06-employee-edit-error');
  await page.context().close();
});

/**
 * A browser wallet for a page, as an extension injects one (EIP-1193): it answers the approver's account and signs
 * EIP-712 typed data with the approver's key. Headless Chromium runs no wallet extension; this one signs for real.
 */
async function injectWallet(page: Page, account: DevAccount) {
  await page.exposeFunction('__testWalletSign', async (payload: string) => {
    const typed = JSON.parse(payload) as {
      domain: Record<string, unknown>;
      types: Record<string, { name: string; type: string }[]>;
      primaryType: string;
      message: Record<string, unknown>;
    };
    const { EIP712Domain: _domainType, ...types } = typed.types;
    return account.signTypedData({ ...typed, types } as never);
  });
  await page.addInitScript((address: string) => {
    const sign = (globalThis as unknown as { __testWalletSign(payload: string): Promise<string> }).__testWalletSign;
    (globalThis as unknown as { ethereum: unknown }).ethereum = {
      async request({ method, params }: { method: string; params?: unknown[] }) {
        if (method === 'eth_requestAccounts' || method === 'eth_accounts') return [address];
        if (method === 'eth_signTypedData_v4') return sign(String(params?.[1]));
        throw new Error(`The test wallet does not do ${method}`);
      },
    };
  }, account.address);
}

let blockedCaseId: string | undefined;
let payRunId: string | undefined;

test('a pay run: create, calculate, screen, approve with two wallets, execute, lines paid, SEPA file', {
  skip,
}, async () => {
  // One more employee, paid in USDC to a sanctioned wallet: screening must hold that line and open a case.
  await app.api('POST', '/v1/companies/acme/employees', {
    employeeId: 'E009',
    fullName: 'Mallory Sanctioned',
    email: 'mallory@example.com',
    country: 'DE',
    iban: 'DE89370400440532013000',
    wallet: sanctionedWallet,
    grossMonthly: '3000.00',
    split: 'EUR:50,USDC:50',
  });
  const admin = await app.newPage();
  await signIn(admin, 'admin@acme.example', password);
  await openScreen(admin, 'Pay runs');
  await admin.getByLabel('Period').fill('2026-13');
  await admin.getByRole('button', { name: 'Create pay run' }).click();
  const periodError = admin.locator('.field-invalid .field-error');
  await periodError.waitFor();
  assert.match((await periodError.textContent()) ?? '', /YYYY-MM/, "the API's schema checks the period in the browser");
  await admin.getByLabel('Period').fill('2026-11');
  await admin.getByRole('button', { name: 'Create pay run' }).click();
  await admin.getByRole('heading', { name: 'Pay run 2026-11' }).waitFor();
  const runId = admin.url().split('/pay-runs/')[1]!;
  payRunId = runId;

  await admin.getByRole('button', { name: 'Calculate' }).click();
  await admin.getByRole('button', { name: 'Price and screen' }).click();
  await admin.getByRole('heading', { name: 'Approvals' }).waitFor({ timeout: 60_000 });
  const mallory = admin.getByRole('row', { name: /Mallory Sanctioned/ });
  await mallory.getByText('held: block').waitFor();
  assert.match((await mallory.textContent()) ?? '', /block/);
  const caseLink = mallory.getByRole('link', { name: /^Case / });
  blockedCaseId = (await caseLink.getAttribute('href'))?.split('/').pop();
  assert.ok(blockedCaseId, 'the blocked line links to its risk case');
  // 1,054.62 EUR of USDC to a self-hosted wallet without proof of ownership: held for review (travel rule).
  const bruce = admin.getByRole('row', { name: /李小龙/ });
  await bruce.getByText('held: review').waitFor();
  assert.match((await bruce.textContent()) ?? '', /USDC 40%: 1,223\.3592 USDC \(= 1,054\.62 EUR\)/);
  assert.match((await bruce.textContent()) ?? '', /unhosted-wallet/);
  await app.screenshot(admin, '07-pay-run-screened');

  for (const [index, email] of ['approver1@acme.example', 'approver2@acme.example'].entries()) {
    const approver = await app.newPage();
    await injectWallet(approver, approverAccounts[index]!);
    await signIn(approver, email, password);
    await approver.goto(`/pay-runs/${runId}`);
    if (index === 0) {
      await approver.getByRole('button', { name: 'Release E002' }).click();
      await approver.getByLabel('Why release it?').fill('Employee proved ownership of the wallet by a signed message.');
      await approver.getByRole('button', { name: 'Release payout' }).click();
      await approver.getByText(/^Released by /).waitFor();
    }
    await approver.getByRole('button', { name: 'Approve with your wallet' }).click();
    await approver
      .getByText(/^Signed as /)
      .waitFor({ timeout: 30_000 })
      .catch(async (error) => {
        await app.screenshot(approver, `failed-approval-${index + 1}`);
        throw error;
      });
    if (index === 1) await app.screenshot(approver, '08-pay-run-approved');
    await approver.context().close();
  }

  await admin.reload();
  await admin.getByRole('button', { name: 'Execute payments' }).click();
  await admin.getByRole('progressbar', { name: 'Payouts settled' }).waitFor();
  await admin.getByRole('heading', { name: 'Documents' }).waitFor({ timeout: 120_000 });
  const detail = await app.api<{ status: string; lines: { employeeId: string; status: string }[] }>(
    'GET',
    `/v1/pay-runs/${runId}`,
  );
  assert.equal(detail.status, 'partially_paid', 'the blocked line is not paid; everyone else is');
  assert.deepEqual(
    detail.lines.map((line) => `${line.employeeId}:${line.status}`),
    ['E001:paid', 'E002:paid', 'E003:paid', 'E009:held'],
    'the released line is paid with the run; the blocked one is not',
  );
  assert.equal(
    await admin
      .getByRole('row', { name: /Zoë Ångström/ })
      .getByText('paid', { exact: true })
      .count(),
    1,
  );
  await admin
    .getByRole('button', { name: /^0x[0-9a-f]{8}…/ })
    .first()
    .click();
  await admin.getByText('Gas used').waitFor();
  await app.screenshot(admin, '09-pay-run-paid');

  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('link', { name: 'SEPA file (pain.001)' }).click(),
  ]);
  const sepa = await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8');
  assert.match(sepa, /urn:iso:std:iso:20022:tech:xsd:pain\.001\.001\.03/);
  assert.match(sepa, /Zoë Ångström|Zoe Angstrom/);
  assert.doesNotMatch(sepa, /Mallory/, 'the held line is not in the SEPA file');
  const [payslip] = await Promise.all([
    admin.waitForEvent('download'),
    admin
      .getByRole('row', { name: /Zoë Ångström/ })
      .getByRole('link', { name: 'Payslip (PDF)' })
      .click(),
  ]);
  assert.match(payslip.suggestedFilename(), /\.pdf$/);
  await admin.context().close();
});

test('the blocked recipient appears as a case, and a compliance officer resolves it', { skip }, async () => {
  assert.ok(blockedCaseId, 'the pay-run test found the case');
  const page = await app.newPage();
  await signIn(page, 'compliance@acme.example', password);
  await openScreen(page, 'Risk');
  await page.getByRole('link', { name: blockedCaseId.slice(0, 8) }).click();
  await page.getByText('LAZARUS GROUP').first().waitFor();
  await app.screenshot(page, '10-risk-case');

  await page.getByRole('button', { name: 'Resolve case' }).click();
  const commentError = page.locator('.field-invalid .field-error');
  await commentError.waitFor();
  assert.match((await commentError.textContent()) ?? '', /comment/);
  await page.getByLabel('Comment').fill('Wallet is on the OFAC SDN list (Lazarus Group); payout stays blocked.');
  await page.getByRole('button', { name: 'Resolve case' }).click();
  await page.getByRole('heading', { name: 'Resolution' }).waitFor();
  const detail = await app.api<{ status: string; resolution: string }>('GET', `/v1/risk/cases/${blockedCaseId}`);
  assert.deepEqual([detail.status, detail.resolution], ['resolved', 'reject']);

  await openScreen(page, 'Risk');
  await page.getByLabel('Address').fill(sanctionedWallet);
  await page.getByRole('button', { name: 'Check' }).click();
  await page.getByText('Sanctioned.').waitFor();
  await app.screenshot(page, '11-risk');
  await page.context().close();
});

test('a viewer sees no write actions, and the API refuses them anyway (403)', { skip }, async () => {
  const page = await app.newPage();
  await signIn(page, 'viewer@acme.example', password);
  await openScreen(page, 'Employees');
  await page.getByRole('cell', { name: 'E001' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Import CSV' }).count(), 0);
  const refused = await page.evaluate(async () => {
    const response = await fetch('/v1/companies/acme/employees/E001', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fullName: 'Changed by a viewer' }),
    });
    return { status: response.status, type: response.headers.get('content-type') };
  });
  assert.deepEqual(refused, { status: 403, type: 'application/problem+json' });
  if (payRunId) {
    await page.goto(`/pay-runs/${payRunId}`);
    await page.getByRole('heading', { name: 'Lines' }).waitFor();
    assert.equal(await page.getByRole('button', { name: /Approve|Execute|Release/ }).count(), 0);
    const approve = await page.evaluate(async (id) => {
      const response = await fetch(`/v1/pay-runs/${id}/approve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          approver: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
          signature: `0x${'11'.repeat(65)}`,
        }),
      });
      return response.status;
    }, payRunId);
    assert.equal(approve, 403, 'a viewer cannot approve a pay run');
  }
  await openScreen(page, 'Risk');
  await page.getByText('Not for your role.').first().waitFor();
  await app.screenshot(page, '12-viewer-risk');
  await page.context().close();
});

test('the ledger, the network and the users screens, and a phone-width overview', { skip }, async () => {
  const page = await app.newPage();
  await signIn(page, 'admin@acme.example', password);
  // After the pay run: the vault's USDC valued at the rate the run recorded, and the last run's net.
  await page.getByRole('rowheader', { name: 'Total value' }).waitFor();
  await page.locator('.stat').nth(1).getByText('2026-11 · net paid').waitFor();
  await app.screenshot(page, '02-overview-after-pay-run');
  await openScreen(page, 'Ledger');
  await page.getByRole('heading', { name: 'Journal', exact: true }).waitFor();
  await app.screenshot(page, '13-ledger');
  // A manual entry: refused here while it does not balance, then posted and in the journal.
  const entry = page.getByRole('form', { name: 'New journal entry' });
  const chooseAccount = async (line: number, name: string) => {
    const select = entry.getByLabel(`Line ${line} account`);
    const label = await select.locator('option', { hasText: name }).first().textContent();
    await select.selectOption({ label: label! });
  };
  await entry.getByLabel('Description').fill('Office plants, November');
  await chooseAccount(1, 'Salaries (gross)');
  await entry.getByLabel('Line 1 debit').fill('12.50');
  await chooseAccount(2, 'Bank');
  await entry.getByLabel('Line 2 credit').fill('12.05');
  await entry.getByText('Out of balance: 0.45 EUR').waitFor();
  await entry.getByRole('button', { name: 'Post entry' }).click();
  await entry.getByText('Debits and credits must balance in each currency.').waitFor();
  await entry.getByLabel('Line 2 credit').fill('12.50');
  await entry.getByText('Balanced.').waitFor();
  await entry.getByRole('button', { name: 'Post entry' }).click();
  await entry.getByText(/^Entry \d+ posted\.$/).waitFor();
  const plants = page.getByRole('cell', { name: 'Office plants, November' });
  await plants.waitFor();
  await app.screenshot(page, '13b-ledger-manual-entry');
  // Taken back: the reversal asks why, and its mirror entry joins the journal.
  await plants.getByRole('button', { name: 'Reverse…' }).click();
  await page.getByRole('button', { name: 'Post the reversal' }).click();
  await page.getByText('Say why the entry is reversed.').waitFor();
  await page.getByLabel('Why it is reversed').fill('Plants returned');
  await page.getByRole('button', { name: 'Post the reversal' }).click();
  await page.getByRole('cell', { name: 'Reversal: Plants returned' }).waitFor();
  await openScreen(page, 'Network');
  await page.getByRole('heading', { name: 'Network' }).waitFor();
  await page.waitForLoadState('networkidle');
  await app.screenshot(page, '14-network');
  await openScreen(page, 'Users');
  await page.getByRole('cell', { name: 'compliance@acme.example', exact: true }).waitFor();
  await app.screenshot(page, '15-users');
  await page.context().close();

  const phone = await app.newPage({ width: 390, height: 844 });
  await signIn(phone, 'admin@acme.example', password);
  await phone.getByRole('heading', { name: 'Overview' }).waitFor();
  await app.screenshot(phone, '16-phone-overview');
  await phone.getByRole('button', { name: 'Menu' }).click();
  await openScreen(phone, 'Employees');
  await phone.getByRole('cell', { name: 'E001' }).waitFor();
  await app.screenshot(phone, '17-phone-employees');
  await phone.context().close();
});
