import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { encodeFunctionData, erc20Abi, getAddress } from 'viem';
import { priceFeedAbi } from '../../chain/contracts/generated/PriceFeed.js';
import { sanctionsOracleAbi } from '../../chain/contracts/generated/SanctionsOracle.js';
import { ConflictError, ValidationError } from '../../errors/BaseError.js';
import { lazarusAddress } from '../../risk/fixtures/createTestRiskEngine.js';
import { pdfToText, skipPdfText } from '../documents/fixtures/pdfToText.js';
import { validatePain001 } from '../sepa/validatePain001.js';
import { approvalRequests } from './approvalTypedData.js';
import type { PayRunDetail } from './PayRun.js';
import { actor, createPayRunTestStack, type PayRunTestStack } from './testing/createPayRunTestStack.js';

let stack: PayRunTestStack;
before(async () => {
  stack = await createPayRunTestStack();
});
after(() => stack.close());

const ctx = { actor };
// The dev chain's feeds: EUR/USD 1.16, USDC/USD 1.00 (8 decimals). 1 EUR cent buys 0.0116 USDC = 11,600 units.
const usdcUnitsPerCent = 11_600n;
const eurcUnitsPerCent = 10_000n;

async function runToApproved(companyId: string, period: string) {
  const run = await stack.payRuns.create(companyId, { period }, ctx);
  await stack.payRuns.calculate(run.id, ctx);
  await stack.payRuns.screen(run.id, ctx);
  await stack.approveAll(run.id);
  return stack.payRuns.get(run.id);
}

const readChainBalance = async (_chainId: number, address: string, currency: string) =>
  stack.tokenBalance(currency === 'USDC' ? 'usdc' : 'eurc', address);

async function assertLedgerSound(companyId: string) {
  const check = await stack.ledger.checkLedger({ companyId });
  assert.equal(check.ok, true, JSON.stringify(check.problems));
  const reconciliation = await stack.ledger.reconcileOnChain({ companyId, readChainBalance });
  assert.equal(reconciliation.ok, true, JSON.stringify(toPlain(reconciliation.accounts)));
  return reconciliation;
}

function toPlain(value: unknown) {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

describe('a pay run of ten employees, end to end', () => {
  let run: PayRunDetail;
  before(async () => {
    await stack.createCompany('acme', 10);
    const created = await stack.payRuns.create(
      'acme',
      { period: '2026-11', requestedExecutionDate: '2026-11-27' },
      ctx,
    );
    await stack.payRuns.calculate(created.id, ctx);
    run = await stack.payRuns.get(created.id);
  });

  test('calculation: every line is gross − tax − contributions = net, split to the cent over its shares', () => {
    assert.equal(run.status, 'calculated');
    assert.equal(run.lines.length, 10);
    let net = 0n;
    for (const line of run.lines) {
      assert.equal(line.status, 'calculated');
      const deductions = (line.incomeTax ?? 0n) + line.socialContributions.reduce((s, c) => s + c.amount, 0n);
      assert.equal(line.gross - deductions, line.net);
      const shares = run.payouts.filter((p) => p.employeeId === line.employeeId);
      assert.equal(
        shares.reduce((s, p) => s + p.fiatAmount, 0n),
        line.net,
      );
      for (const share of shares) assert.equal(share.channel, share.asset === 'EUR' ? 'sepa' : 'chain');
      net += line.net ?? 0n;
    }
    assert.equal(run.netTotal, net);
    assert.equal(run.fiatTotal + run.cryptoFiatTotal, net);
  });

  test('screening prices every crypto payout at the feeds, exactly, and clears the recipients', async () => {
    const screened = await stack.payRuns.screen(run.id, ctx);
    assert.equal(screened.status, 'screened');
    run = await stack.payRuns.get(run.id);
    const onChain = run.payouts.filter((p) => p.channel === 'chain');
    assert.ok(onChain.length >= 8);
    for (const payout of onChain) {
      assert.equal(payout.status, 'cleared');
      assert.equal(payout.risk?.decision, 'allow');
      const perCent = payout.asset === 'USDC' ? usdcUnitsPerCent : eurcUnitsPerCent;
      assert.equal(payout.token?.amount, payout.fiatAmount * perCent);
      assert.equal(payout.quote?.rate, payout.asset === 'USDC' ? '1.16000000' : '1.00000000');
    }
    const usdc = onChain.find((p) => p.asset === 'USDC')!;
    assert.equal(usdc.quote?.source, 'chainlink:EUR/USD÷USDC/USD');
    assert.equal(usdc.quote?.feed, stack.contracts.eurUsdPriceFeed.address);
    assert.equal(usdc.quote?.roundId, '1');
    assert.ok(usdc.quote?.updatedAt instanceof Date);
    assert.equal(run.batches.length, 2, 'one batch per token');
    assert.deepEqual(
      run.approvalsNeeded.map((r) => [r.batchIndex, r.have, r.need]),
      [
        [null, 0, 2],
        [0, 0, 2],
        [1, 0, 2],
      ],
    );
    assert.ok(run.vault, 'the company vault was deployed for the digests');
    assert.equal((await stack.companies.get('acme')).vault?.address, run.vault.address);
  });

  test('approval: N of M EIP-712 signatures, checked against the run as it stands', async () => {
    const [first, second, third] = stack.approvers;
    const [request] = approvalRequests(run, run.batches, stack.chain.chainId);
    const forged = await third!.signTypedData({
      ...(request!.typedData as never as object),
      message: { ...(request!.typedData.message as object), netTotal: 1n },
    } as never);
    await assert.rejects(
      stack.payRuns.approve(run.id, { approver: third!.address, signature: forged }, ctx),
      (error: unknown) => error instanceof ValidationError && error.field === 'signature',
    );
    await assert.rejects(
      stack.payRuns.approve(
        run.id,
        { approver: stack.testChain.accounts[9]!.address, signature: `0x${'11'.repeat(65)}` },
        ctx,
      ),
      (error: unknown) => error instanceof ValidationError && error.field === 'approver',
    );
    await stack.approveAll(run.id, [first!]);
    assert.equal((await stack.payRuns.get(run.id)).status, 'screened', 'one of two is not enough');
    await stack.approveAll(run.id, [second!]);
    run = await stack.payRuns.get(run.id);
    assert.equal(run.status, 'approved');
  });

  test('execution pays each employee exactly the recorded amounts and the ledger reconciles with the vault', async () => {
    const before = new Map<string, bigint>();
    for (const payout of run.payouts.filter((p) => p.channel === 'chain'))
      before.set(
        `${payout.recipient}:${payout.asset}`,
        await stack.tokenBalance(payout.asset === 'USDC' ? 'usdc' : 'eurc', payout.recipient),
      );
    const finished = await stack.payRuns.execute(run.id, ctx, { wait: true });
    assert.equal(finished.status, 'paid');
    run = await stack.payRuns.get(run.id);
    assert.deepEqual(
      run.lines.map((l) => l.status),
      Array(10).fill('paid'),
    );
    for (const payout of run.payouts.filter((p) => p.channel === 'chain')) {
      const balance = await stack.tokenBalance(payout.asset === 'USDC' ? 'usdc' : 'eurc', payout.recipient);
      assert.equal(balance - before.get(`${payout.recipient}:${payout.asset}`)!, payout.token!.amount);
      assert.match(payout.txHash ?? '', /^0x[0-9a-f]{64}$/);
      assert.equal(typeof payout.logIndex, 'number');
      const entry = await stack.ledger.getEntry(payout.ledgerEntryId!);
      assert.equal(entry.metadata.txHash, payout.txHash);
      assert.equal(entry.metadata.logIndex, payout.logIndex);
      assert.equal(entry.metadata.rate, payout.quote!.rate);
    }
    // "The employee got exactly 1,234.56 EUR worth of USDC at the recorded rate", for whoever has a USDC share.
    const usdc = run.payouts.find((p) => p.asset === 'USDC')!;
    assert.equal(
      usdc.token!.amount * usdc.quote!.rateDenominator * 100n,
      usdc.fiatAmount * usdc.quote!.rateNumerator * 10n ** 6n,
    );

    const reconciliation = await assertLedgerSound('acme');
    const vaultAccounts = reconciliation.accounts.filter((a) => a.account.address === run.vault!.address.toLowerCase());
    assert.equal(vaultAccounts.length, 2, 'USDC and EURC treasury accounts mirror the vault');
    // Everything owed was paid: net pay payable is back to zero.
    const balances = await stack.ledger.balances({ companyId: 'acme' });
    const netPay = balances.accounts.find((a) => a.account.code === '2790')!;
    assert.equal(netPay.balance, 0n);
  });

  test('the SEPA file is valid against the XSD, one transfer per bank share with its EndToEndId', async () => {
    const sepa = await stack.payRuns.sepa(run.id);
    assert.deepEqual(await validatePain001(sepa.xml), { valid: true, errors: [] });
    const transfers = run.payouts.filter((p) => p.channel === 'sepa');
    assert.equal(sepa.xml.match(/<CdtTrfTxInf>/g)?.length, transfers.length);
    for (const transfer of transfers) assert.ok(sepa.xml.includes(`<EndToEndId>${transfer.endToEndId}</EndToEndId>`));
    const sum = transfers.reduce((s, p) => s + p.fiatAmount, 0n);
    assert.ok(sepa.xml.includes(`<CtrlSum>${sum / 100n}.${String(sum % 100n).padStart(2, '0')}</CtrlSum>`));
    assert.ok(sepa.xml.includes('<ReqdExctnDt>2026-11-27</ReqdExctnDt>'));
  });

  test('documents: journal CSV, payslips with rate and transaction, a yearly statement of crypto receipts', async (t) => {
    const csv = await stack.payRuns.journalCsv(run.id);
    const lines = csv.trim().split('\r\n');
    assert.equal(lines[0], 'date,entry_id,account_code,account_name,currency,debit,credit,description,reference');
    const crypto = run.payouts.filter((p) => p.channel === 'chain');
    assert.equal(
      lines.length - 1,
      5 + 2 + 2 * 2 + crypto.length * 4,
      'accrual (5 postings), SEPA (2), funding the vault in USDC and EURC (2 each), 4 per crypto payout',
    );
    assert.ok(csv.includes(`${crypto[0]!.txHash}:${crypto[0]!.logIndex}`));

    const views = await stack.payRuns.payslipViews(run.id);
    assert.equal(views.length, 10);
    const withCrypto = views.find((v) => v.cryptoPayouts.length > 0)!;
    assert.equal(withCrypto.cryptoPayouts[0]!.status, 'paid');
    assert.match(withCrypto.cryptoPayouts[0]!.txHash ?? '', /^0x/);
    const { pdf } = await stack.payRuns.payslip(run.id, withCrypto.employee.id);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    if (!skipPdfText) {
      const text = pdfToText(pdf);
      assert.ok(text.includes(withCrypto.employee.id));
      assert.ok(text.includes(crypto.find((p) => p.employeeId === withCrypto.employee.id)!.txHash!.slice(0, 10)));
    } else t.diagnostic(skipPdfText);

    const paidAt = crypto[0]!.paidAt!;
    const statement = await stack.payRuns.yearlyStatement('acme', withCrypto.employee.id, paidAt.getUTCFullYear());
    const own = crypto.filter((p) => p.employeeId === withCrypto.employee.id);
    assert.equal(
      statement.totals.reduce((s, total) => s + total.receipts, 0),
      own.length,
    );
    assert.equal(
      statement.totals.reduce((s, total) => s + total.fiatMinor, 0n),
      own.reduce((s, p) => s + p.fiatAmount, 0n),
    );
    assert.equal(statement.pdf.subarray(0, 5).toString(), '%PDF-');
  });

  test('a finished run takes no more steps', async () => {
    await assert.rejects(stack.payRuns.execute(run.id, ctx), (error: unknown) => {
      assert.ok(error instanceof ConflictError);
      assert.match(error.shortMessage, /is paid; execute needs approved/);
      return true;
    });
    await assert.rejects(stack.payRuns.resume(run.id, ctx), /is paid; resume needs executing/);
    await assert.rejects(stack.payRuns.cancel(run.id, { reason: 'late' }, ctx), ConflictError);
  });
});

describe('the state machine refuses what the state does not allow', () => {
  test('wrong state: a ConflictError naming the current and the wanted state; nothing changes', async () => {
    await stack.createCompany('guards', 3);
    const run = await stack.payRuns.create('guards', { period: '2026-10' }, ctx);
    for (const [step, call] of [
      ['screen', () => stack.payRuns.screen(run.id, ctx)],
      ['execute', () => stack.payRuns.execute(run.id, ctx)],
      ['reprice', () => stack.payRuns.reprice(run.id, ctx)],
      ['resume', () => stack.payRuns.resume(run.id, ctx)],
    ] as const)
      await assert.rejects(call(), (error: unknown) => {
        assert.ok(error instanceof ConflictError, step);
        assert.equal(error.code, 'pay-run-state');
        assert.match(error.shortMessage, new RegExp(`is draft; ${step} needs`));
        return true;
      });
    const unchanged = await stack.payRuns.get(run.id);
    assert.equal(unchanged.status, 'draft');
    assert.equal(unchanged.version, run.version);
    assert.equal(unchanged.error, null, 'a refused request is not an error of the run');

    await assert.rejects(
      stack.payRuns.create('guards', { period: '2026-10' }, ctx),
      /has a pay run for 2026-10 already/,
    );
    await assert.rejects(stack.payRuns.create('guards', { period: '2026-13' }, ctx), ValidationError);
    await stack.payRuns.calculate(run.id, ctx);
    await assert.rejects(stack.payRuns.calculate(run.id, ctx), /is calculated; calculate needs draft/);
    await stack.payRuns.cancel(run.id, { reason: 'wrong month' }, ctx);
    const again = await stack.payRuns.create('guards', { period: '2026-10' }, ctx);
    assert.equal(again.status, 'draft', 'a cancelled run frees its period');
    const events = await stack.audit.list({ subject: `payrun:${run.id}` });
    assert.deepEqual(events.map((e) => e.action).reverse(), ['payrun.create', 'payrun.calculate', 'payrun.cancel']);
  });

  test('an ETH share is refused at calculation with its reason; the other lines go on', async () => {
    await stack.createCompany('ether', 2);
    await stack.employees.update(
      'ether',
      'E0001',
      { split: 'EUR:50,ETH:50', wallet: stack.approvers[0]!.address },
      ctx,
    );
    const run = await stack.payRuns.create('ether', { period: '2026-09' }, ctx);
    await stack.payRuns.calculate(run.id, ctx);
    const detail = await stack.payRuns.get(run.id);
    const line = detail.lines.find((l) => l.employeeId === 'E0001')!;
    assert.equal(line.status, 'failed');
    assert.match(line.reason ?? '', /50 % in ETH, which the company vault cannot pay/);
    assert.equal(detail.payouts.filter((p) => p.employeeId === 'E0001').length, 0);
    assert.equal(detail.lines.find((l) => l.employeeId === 'E0002')!.status, 'calculated');
  });
});

describe('screening holds what the risk engine does not allow', () => {
  test('a sanctioned recipient is held with a case and never paid; a review line is released; the rest pays', async () => {
    await stack.createCompany('risky', 4, { splits: ['EUR:60,USDC:40', 'USDC:100'] });
    await stack.employees.update('risky', 'E0002', { wallet: lazarusAddress }, ctx);
    // A self-hosted wallet without proof of ownership, paid more than EUR 1,000: review (Transfer of Funds Regulation).
    await stack.employees.create(
      'risky',
      {
        employeeId: 'R0001',
        fullName: 'Rūta Review',
        email: 'ruta@example.com',
        country: 'LT',
        wallet: getAddress('0x1000000000000000000000000000000000000001'),
        grossMonthly: '6000.00',
        split: 'USDC:100',
      },
      ctx,
    );
    const run = await stack.payRuns.create('risky', { period: '2026-11' }, ctx);
    await stack.payRuns.calculate(run.id, ctx);
    await stack.payRuns.screen(run.id, ctx);
    let detail = await stack.payRuns.get(run.id);
    const blocked = detail.lines.find((l) => l.employeeId === 'E0002')!;
    assert.equal(blocked.status, 'held');
    assert.equal(blocked.hold, 'block');
    assert.ok(blocked.riskCaseId, 'a case was opened');
    assert.match(blocked.reason ?? '', /blocked by the risk engine/);
    const review = detail.lines.find((l) => l.employeeId === 'R0001')!;
    assert.equal(review.hold, 'review');
    assert.match(review.reason ?? '', /unhosted-wallet/);
    assert.equal((await stack.risk.cases.get(blocked.riskCaseId!)).decision.decision, 'block');

    await assert.rejects(
      stack.payRuns.releaseLine(run.id, { employeeId: 'E0002', comment: 'looks fine' }, ctx),
      /blocked by the risk engine and cannot be released/,
    );
    await stack.approveAll(run.id);
    assert.equal((await stack.payRuns.get(run.id)).status, 'approved');
    const batchDigests = (await stack.payRuns.get(run.id)).batches.map((b) => b.digest);
    await stack.payRuns.releaseLine(
      run.id,
      { employeeId: 'R0001', comment: 'passport and wallet checked by phone' },
      ctx,
    );
    detail = await stack.payRuns.get(run.id);
    assert.equal(detail.status, 'screened', 'what the approvers signed changed');
    assert.notDeepEqual(
      detail.batches.map((b) => b.digest),
      batchDigests,
    );
    await stack.approveAll(run.id);
    const finished = await stack.payRuns.execute(run.id, ctx, { wait: true });
    assert.equal(finished.status, 'partially_paid');
    detail = await stack.payRuns.get(run.id);
    assert.deepEqual(Object.fromEntries(detail.lines.map((l) => [l.employeeId, l.status])), {
      E0001: 'paid',
      E0002: 'held',
      E0003: 'paid',
      E0004: 'paid',
      R0001: 'paid',
    });
    assert.equal(await stack.tokenBalance('usdc', lazarusAddress), 0n);
    assert.equal(
      detail.payouts.filter((p) => p.employeeId === 'E0002').every((p) => p.status === 'held'),
      true,
    );
    assert.ok(
      !(await stack.payRuns.sepa(run.id)).xml.includes(
        detail.payouts.find((p) => p.employeeId === 'E0002' && p.channel === 'sepa')?.endToEndId ?? 'none',
      ),
    );
    await assertLedgerSound('risky');
    // The held salary stays owed.
    const netPay = (await stack.ledger.balances({ companyId: 'risky' })).accounts.find(
      (a) => a.account.code === '2790',
    )!;
    assert.equal(-netPay.balance, blocked.net);
  });
});

describe('faults: clear states, nothing lost', () => {
  test('a stale price stops screening: the run stays calculated, nothing is priced or paid', async () => {
    await stack.createCompany('stale', 3, { splits: ['EUR:50,USDC:50'] });
    const run = await stack.payRuns.create('stale', { period: '2026-11' }, ctx);
    await stack.payRuns.calculate(run.id, ctx);
    await stack.advanceTime(2 * 3600);
    stack.chain.devChain = false; // a real network: nobody refreshes the feeds for us
    try {
      await assert.rejects(stack.payRuns.screen(run.id, ctx), (error: unknown) => {
        assert.equal((error as { name: string }).name, 'StaleQuoteError');
        assert.match((error as Error).message, /EUR\/USD.*stale/);
        // Two hours were skipped; the feed was also answered whenever the stack started, minutes earlier on a busy
        // machine, so its age is about two hours. The message prints it as "119 min" or "2.1 h" by its size.
        const age = ageInHours((error as Error).message);
        assert.ok(age >= 1.9 && age < 3, (error as Error).message);
        return true;
      });
    } finally {
      stack.chain.devChain = true;
    }
    let detail = await stack.payRuns.get(run.id);
    assert.equal(detail.status, 'calculated');
    assert.equal(detail.error?.code, 'stale-quote');
    assert.ok(detail.payouts.every((p) => p.token === null && p.risk === null && p.status === 'pending'));

    // The oracle answers again: the run goes on.
    for (const feed of [stack.contracts.eurUsdPriceFeed, stack.contracts.usdcUsdPriceFeed]) {
      const [, answer] = await stack.testChain.publicClient.readContract({
        address: feed.address,
        abi: priceFeedAbi,
        functionName: 'latestRoundData',
      });
      await stack.sender.send({
        idempotencyKey: `test:feed:${feed.address}:${Date.now()}`,
        to: feed.address,
        data: encodeFunctionData({ abi: priceFeedAbi, functionName: 'updateAnswer', args: [answer] }),
        purpose: 'test',
      });
    }
    await stack.payRuns.screen(run.id, ctx);
    detail = await stack.payRuns.get(run.id);
    assert.equal(detail.status, 'screened');
    assert.equal(detail.error, null);
    assert.ok(detail.payouts.filter((p) => p.channel === 'chain').every((p) => Number(p.quote!.roundId) >= 2));
  });

  test('on the dev chain a stale dev feed is pushed again instead of stopping the run', async () => {
    await stack.createCompany('devfeed', 2, { splits: ['USDC:100'] });
    const run = await stack.payRuns.create('devfeed', { period: '2026-11' }, ctx);
    await stack.payRuns.calculate(run.id, ctx);
    await stack.advanceTime(3 * 3600);
    await stack.payRuns.screen(run.id, ctx);
    const detail = await stack.payRuns.get(run.id);
    const quote = detail.payouts[0]!.quote!;
    assert.ok(Date.now() / 1000 - quote.updatedAt!.getTime() / 1000 < 3600 + 3 * 3600);
    assert.equal(quote.rate, '1.16000000');
  });

  test('an approver revoking before execution: the run is screened again and cannot execute', async () => {
    await stack.createCompany('revoke', 3);
    const run = await runToApproved('revoke', '2026-11');
    assert.equal(run.status, 'approved');
    const [first] = stack.approvers;
    const revoked = await stack.payRuns.revoke(run.id, { approver: first!.address }, ctx);
    assert.equal(revoked.status, 'screened');
    await assert.rejects(stack.payRuns.execute(run.id, ctx), /is screened; execute needs approved/);
    await assert.rejects(stack.payRuns.revoke(run.id, { approver: first!.address }, ctx), /has no approval/);
    await stack.approveAll(run.id, [stack.approvers[2]!]);
    assert.equal((await stack.payRuns.get(run.id)).status, 'approved', 'another approver makes up the threshold');
    const paid = await stack.payRuns.execute(run.id, ctx, { wait: true });
    assert.equal(paid.status, 'paid');
    await assert.rejects(
      stack.payRuns.revoke(run.id, { approver: stack.approvers[1]!.address }, ctx),
      /is paid; revoke/,
    );
  });

  test('the chain rejecting a batch: its lines fail with the vault’s reason, no token moves, the ledger reconciles', async () => {
    await stack.createCompany('reject', 6, { splits: ['EUR:60,USDC:40', 'EURC:100'] });
    const run = await runToApproved('reject', '2026-11');
    // After screening and approval the on-chain sanctions oracle lists one USDC recipient: the vault refuses the batch.
    const flagged = run.payouts.find((p) => p.asset === 'USDC')!;
    await stack.sender.send({
      idempotencyKey: 'test:oracle:reject',
      to: stack.contracts.sanctionsOracle.address,
      data: encodeFunctionData({
        abi: sanctionsOracleAbi,
        functionName: 'addToSanctionsList',
        args: [[getAddress(flagged.recipient)]],
      }),
      purpose: 'test',
    });
    const vault = getAddress(run.vault!.address);
    const finished = await stack.payRuns.execute(run.id, ctx, { wait: true });
    assert.equal(finished.status, 'partially_paid');
    const detail = await stack.payRuns.get(run.id);
    const usdcBatch = detail.batches.find((b) => b.asset === 'USDC')!;
    assert.equal(usdcBatch.status, 'failed');
    assert.match(usdcBatch.error ?? '', /PayrollVault_RecipientSanctioned/);
    assert.equal(detail.batches.find((b) => b.asset === 'EURC')!.status, 'paid');
    for (const line of detail.lines) {
      const usdc = detail.payouts.find((p) => p.employeeId === line.employeeId && p.asset === 'USDC');
      if (usdc) {
        assert.equal(line.status, 'failed');
        assert.match(line.reason ?? '', /refused by the chain.*The bank share was paid by SEPA/);
        assert.equal(await stack.tokenBalance('usdc', usdc.recipient), 0n);
      } else assert.equal(line.status, 'paid');
    }
    assert.equal(
      await stack.testChain.publicClient.readContract({
        address: stack.contracts.usdc.address,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [vault],
      }),
      usdcBatch.total,
      'the vault still holds what the failed batch would have paid',
    );
    await assertLedgerSound('reject');
    const netPay = (await stack.ledger.balances({ companyId: 'reject' })).accounts.find(
      (a) => a.account.code === '2790',
    )!;
    const unpaid = detail.payouts.filter((p) => p.status === 'failed').reduce((s, p) => s + p.fiatAmount, 0n);
    assert.equal(-netPay.balance, unpaid, 'the unpaid crypto shares stay owed, to the cent');
  });
});

/** The age of the first feed named in a stale-quote message, in hours ("45 s", "119 min" or "2.1 h" ago). */
function ageInHours(message: string): number {
  const match = /(\d+(?:\.\d+)?) (s|min|h) ago/.exec(message);
  if (!match) return Number.NaN;
  const perHour = { s: 3600, min: 60, h: 1 }[match[2] as 's' | 'min' | 'h'];
  return Number(match[1]) / perHour;
}
