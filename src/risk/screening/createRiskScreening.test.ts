import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { privateKeyToAccount } from 'viem/accounts';
import { createAuditLog, movedAuditHead } from '../../compliance/createAuditLog.js';
import {
  createTestRiskEngine,
  lazarusAddress,
  type TestRiskEngine,
  testPrices,
  trainTestModel,
} from '../fixtures/createTestRiskEngine.js';
import { createModelRegistry } from '../registry/createModelRegistry.js';
import { fixedEurValuation } from './createEurValuation.js';
import { createRiskScreening } from './createRiskScreening.js';

// One database for the file (starting PGlite costs seconds); each test uses its own addresses.
let engine: TestRiskEngine;
let modelHash: string;
before(async () => {
  engine = await createTestRiskEngine();
  const trained = trainTestModel(engine.dataDir);
  modelHash = trained.hash;
  await engine.risk.models.use({ source: trained.path, actor: 'test' });
});
after(() => engine.close());

let counter = 0x1000;
const freshAddress = () => `0x${(counter++).toString(16).padStart(40, 'a')}`;
const usdc = (amount: number) => BigInt(Math.round(amount * 1e6));
const actor = 'key:test';

/** Transfers already in the history (as the indexer would have put them). */
async function seedHistory(rows: { from: string; to: string; usdc: number; hoursAgo: number; asset?: string }[]) {
  await engine.database.db
    .insertInto('risk_transfers')
    .values(
      rows.map((row) => ({
        company_id: null,
        chain_id: 31337,
        asset: row.asset ?? 'USDC',
        amount: row.asset === 'ETH' ? BigInt(row.usdc) * 10n ** 18n : usdc(row.usdc),
        decimals: row.asset === 'ETH' ? 18 : 6,
        fiat_value_eur_cents: BigInt(Math.round((row.usdc / 1.16) * 100)),
        from_address: row.from,
        to_address: row.to,
        direction: 'external' as const,
        source: 'indexed' as const,
        tx_hash: null,
        log_index: null,
        block_number: null,
        reference: null,
        at: new Date(Date.now() - row.hoursAgo * 3_600_000),
      })),
    )
    .execute();
}

/** A screening on the engine's database and parts, without its history index, with its own batch limits. */
function screeningOfItsOwn(limits: { maxBatch?: number; maxQueue?: number }) {
  return createRiskScreening({
    db: engine.database.db,
    sanctionsList: engine.sanctionsList,
    thresholds: engine.risk.thresholds,
    models: engine.risk.models,
    audit: createAuditLog({ db: engine.database.db }),
    proofs: engine.risk.proofs,
    valuation: fixedEurValuation(testPrices),
    ...limits,
  });
}

describe('screening', () => {
  test('a sanctioned recipient is blocked, with a case and an audit event', async () => {
    const decision = await engine.risk.screening.screen(
      {
        companyId: 'acme',
        chainId: 31337,
        asset: 'USDC',
        amount: usdc(250),
        decimals: 6,
        from: freshAddress(),
        to: lazarusAddress.toLowerCase(),
        counterparty: { hosted: false },
      },
      { actor },
    );
    assert.equal(decision.decision, 'block');
    assert.equal(decision.score, 1);
    assert.equal(decision.sanctions.hit, true);
    assert.equal(decision.sanctions.to.entity, 'Lazarus Group');
    assert.deepEqual(decision.sanctions.to.programs, ['DPRK3']);
    assert.match(decision.summary, /^block: the recipient 0x098b.* is on the sanctions list \(Lazarus Group; DPRK3\)/);
    assert.ok(decision.caseId);
    const stored = await engine.risk.decision(decision.decisionId);
    assert.equal(stored.caseId, decision.caseId);
    assert.equal(stored.decision, 'block');
    const events = await createAuditLog({ db: engine.database.db }).list({ subject: `risk-case:${decision.caseId}` });
    assert.equal(events.length, 1);
    assert.equal(events[0]!.action, 'risk.case.open');
    assert.equal(events[0]!.actor, actor);
    assert.deepEqual((events[0]!.data as { decisionId: string }).decisionId, decision.decisionId);
  });

  test('cases opened while other writers append to the audit trail keep it one unbroken chain', async () => {
    const audit = createAuditLog({ db: engine.database.db });
    const blockedTransfer = () => ({
      chainId: 31337,
      asset: 'USDC',
      amount: usdc(90),
      decimals: 6,
      from: freshAddress(),
      to: lazarusAddress.toLowerCase(),
      counterparty: { hosted: true },
    });
    const caseIds: string[] = [];
    for (let round = 0; round < 3; round++) {
      // Another writer (another log, as another process would be) appends between this screening's batches, so the
      // chain no longer ends where the screening last left it.
      await audit.append({ actor: 'test', action: 'test.other-writer', subject: `other:${round}` });
      const decisions = await Promise.all([
        engine.risk.screening.screen(blockedTransfer(), { actor }),
        engine.risk.screening.screen(blockedTransfer(), { actor }),
      ]);
      for (const decision of decisions) caseIds.push(decision.caseId!);
    }
    assert.equal(new Set(caseIds).size, 6);
    for (const caseId of caseIds) {
      const events = await audit.list({ subject: `risk-case:${caseId}` });
      assert.deepEqual(
        events.map((event) => event.action),
        ['risk.case.open'],
      );
    }
    assert.deepEqual(await audit.verify(), { ok: true, events: (await audit.list({ limit: 100_000 })).length });
  });

  test('a store linked after an audit head that is no longer the end writes nothing and says where the end is', async () => {
    const { db } = engine.database;
    const audit = createAuditLog({ db });
    const head = await audit.append({ actor: 'test', action: 'test.head', subject: 'head' });
    const stale = { seq: head.seq - 1n, hash: '0'.repeat(64) };
    const decisionsBefore = await db.selectFrom('risk_decisions').select(db.fn.countAll().as('n')).executeTakeFirst();
    const error = await sql`select audit_expect_head(${stale.seq.toString()}::bigint, ${stale.hash})`.execute(db).then(
      () => undefined,
      (refused: unknown) => refused,
    );
    assert.deepEqual(movedAuditHead(error), {
      seq: (await audit.list({ limit: 1 }))[0]!.seq,
      hash: (await audit.list({ limit: 1 }))[0]!.hash,
    });
    const decisionsAfter = await db.selectFrom('risk_decisions').select(db.fn.countAll().as('n')).executeTakeFirst();
    assert.equal(String(decisionsAfter?.n), String(decisionsBefore?.n));
  });

  test('exposure to a sanctioned address: one hop away blocks, two hops away goes to review', async () => {
    const [sender, middle, far, payer] = [freshAddress(), freshAddress(), freshAddress(), freshAddress()];
    // A blocked attempt is history too: `sender` tried to pay Lazarus.
    const attempt = await engine.risk.screening.screen(
      {
        chainId: 31337,
        asset: 'USDC',
        amount: usdc(50),
        decimals: 6,
        from: sender,
        to: lazarusAddress,
        counterparty: { hosted: true },
      },
      { actor },
    );
    assert.equal(attempt.decision, 'block');
    const direct = await engine.risk.screening.screen(
      {
        chainId: 31337,
        asset: 'USDC',
        amount: usdc(20),
        decimals: 6,
        from: payer,
        to: sender,
        counterparty: { hosted: true },
      },
      { actor },
    );
    assert.equal(direct.decision, 'block');
    const exposure = direct.rulesFired.find((rule) => rule.rule === 'sanctions-exposure');
    assert.equal(exposure?.figures.hops, 1);
    assert.equal(exposure?.severity, 'high');

    await seedHistory([{ from: sender, to: middle, usdc: 30, hoursAgo: 5 }]);
    const twoHops = await engine.risk.screening.screen(
      {
        chainId: 31337,
        asset: 'USDC',
        amount: usdc(20),
        decimals: 6,
        from: far,
        to: middle,
        counterparty: { hosted: true },
      },
      { actor },
    );
    assert.equal(twoHops.decision, 'review', twoHops.summary);
    assert.deepEqual(twoHops.rulesFired.find((rule) => rule.rule === 'sanctions-exposure')?.figures.path, [
      middle,
      sender,
      lazarusAddress.toLowerCase(),
    ]);
  });

  test('round-tripping is found in the stored history', async () => {
    const [origin, middle, closer] = [freshAddress(), freshAddress(), freshAddress()];
    await seedHistory([
      { from: origin, to: middle, usdc: 3_000, hoursAgo: 30 },
      { from: middle, to: closer, usdc: 2_900, hoursAgo: 20 },
    ]);
    const decision = await engine.risk.screening.screen(
      {
        chainId: 31337,
        asset: 'USDC',
        amount: usdc(2_800),
        decimals: 6,
        from: closer,
        to: origin,
        counterparty: { hosted: true },
      },
      { actor },
    );
    assert.equal(decision.decision, 'review');
    assert.deepEqual(decision.rulesFired.find((rule) => rule.rule === 'round-trip')?.figures.path, [
      origin,
      middle,
      closer,
      origin,
    ]);
  });

  test('a new counterparty receiving EUR 10,000 or more goes to review, with a case', async () => {
    const decision = await engine.risk.screening.screen(
      {
        companyId: 'acme',
        chainId: 31337,
        asset: 'USDC',
        amount: usdc(12_000),
        decimals: 6,
        from: freshAddress(),
        to: freshAddress(),
        counterparty: { hosted: true, vasp: 'Bitstamp' },
      },
      { actor },
    );
    assert.equal(decision.decision, 'review');
    assert.deepEqual(
      decision.rulesFired.map((rule) => rule.rule),
      ['new-counterparty'],
    );
    assert.equal(decision.transfer.fiatValueEurCents, '1034483'); // 12,000 USDC at 1.16 USD per EUR
    assert.match(decision.rulesFired[0]!.explanation, /worth EUR 10,344\.83; the rule fires at EUR 10,000\.00/);
    assert.ok(decision.caseId);
    assert.match(decision.modelNote ?? '', /Not scored: the history holds 0 transfers/);
    assert.equal(decision.modelHash, modelHash);
  });

  test('a clean transfer is allowed, and stored', async () => {
    const [sender, counterparty, peer] = [freshAddress(), freshAddress(), freshAddress()];
    await seedHistory([
      { from: peer, to: counterparty, usdc: 120, hoursAgo: 400 },
      { from: sender, to: counterparty, usdc: 100, hoursAgo: 100 },
    ]);
    const decision = await engine.risk.screening.screen(
      {
        chainId: 31337,
        asset: 'USDC',
        amount: usdc(150),
        decimals: 6,
        from: sender,
        to: counterparty,
        counterparty: { hosted: true },
        reference: 'invoice 42',
      },
      { actor },
    );
    assert.equal(decision.decision, 'allow', decision.summary);
    assert.equal(decision.caseId, null);
    assert.deepEqual(decision.rulesFired, []);
    assert.equal(decision.rulesChecked.length, 8);
    assert.equal(decision.score, 0);
    // Token transfers alone give too few of the model's features for it to score.
    assert.match(
      decision.modelNote ?? '',
      /Not scored: Tandem's history of 0x\w+ gives 19 of the model's 47 features; it needs 24/,
    );
    const stored = await engine.risk.decision(decision.decisionId);
    assert.equal(stored.decision, 'allow');
    assert.equal(stored.transfer.reference, 'invoice 42');
    assert.equal(stored.transfer.source, 'submitted');
    assert.equal(stored.transfer.amount, '150000000');
    assert.equal(stored.thresholds.decision.reviewScore, 0.5);
    assert.match(stored.thresholdsSha256, /^[0-9a-f]{64}$/);
  });

  test('the model scores a counterparty whose history gives enough features; score, hash and reasons are stored', async () => {
    const [sender, counterparty, peer1, peer2] = [freshAddress(), freshAddress(), freshAddress(), freshAddress()];
    await seedHistory([
      { from: peer1, to: counterparty, usdc: 120, hoursAgo: 400 },
      { from: counterparty, to: peer2, usdc: 80, hoursAgo: 300 },
      { from: peer2, to: counterparty, usdc: 45.5, hoursAgo: 200 },
      { from: sender, to: counterparty, usdc: 100, hoursAgo: 100 },
    ]);
    // Ether transfers give the model's normal-transaction columns.
    await seedHistory([
      { from: peer1, to: counterparty, usdc: 2, hoursAgo: 350, asset: 'ETH' },
      { from: counterparty, to: peer2, usdc: 1, hoursAgo: 250, asset: 'ETH' },
    ]);
    const decision = await engine.risk.screening.screen(
      {
        chainId: 31337,
        asset: 'USDC',
        amount: usdc(150),
        decimals: 6,
        from: sender,
        to: counterparty,
        counterparty: { hosted: true },
      },
      { actor },
    );
    assert.equal(decision.modelHash, modelHash);
    assert.ok(decision.modelScore !== null && decision.modelScore >= 0 && decision.modelScore <= 1);
    assert.equal(decision.score, decision.modelScore);
    // The model alone sends to review at most (modelMayBlock is off by default).
    assert.equal(decision.decision, decision.modelScore >= 0.5 ? 'review' : 'allow');
    assert.ok(decision.topReasons.length > 0 && decision.topReasons.length <= 5);
    assert.match(decision.modelNote ?? '', /from 6 transfers/);
    const stored = await engine.risk.decision(decision.decisionId);
    assert.equal(stored.modelHash, modelHash);
    assert.equal(stored.modelScore, decision.modelScore);
    assert.deepEqual(stored.topReasons, decision.topReasons);
    assert.equal(stored.features?.['ERC20 uniq rec addr'], 3);
    assert.equal(stored.features?.['Total ERC20 tnxs'], 4);
    assert.equal(stored.features?.['Sent tnx'], 1);
    assert.equal(stored.features?.['total ether received'], 2);
  });

  test('an established account — salary in USDC, ether in and out with several peers — is allowed by the model', async () => {
    const employer = freshAddress();
    const employee = freshAddress();
    const peers = Array.from({ length: 6 }, () => freshAddress());
    // Twelve weeks inside the 90-day lookback: weekly pay, spending to four peers, ether from and to a few others.
    const history: Parameters<typeof seedHistory>[0] = [];
    for (let week = 1; week <= 12; week++) {
      const hoursAgo = week * 168;
      history.push({ from: employer, to: employee, usdc: 700 + week, hoursAgo });
      history.push({ from: employee, to: peers[week % 4]!, usdc: 90 + 5 * week, hoursAgo: hoursAgo - 30 });
      history.push({
        from: peers[4 + (week % 2)]!,
        to: employee,
        usdc: 1 + (week % 3),
        hoursAgo: hoursAgo - 50,
        asset: 'ETH',
      });
      history.push({ from: employee, to: peers[week % 6]!, usdc: 1, hoursAgo: hoursAgo - 70, asset: 'ETH' });
    }
    await seedHistory(history);
    const decision = await engine.risk.screening.screen(
      {
        chainId: 31337,
        asset: 'USDC',
        amount: usdc(3_000),
        decimals: 6,
        from: employer,
        to: employee,
        counterparty: { hosted: true },
      },
      { actor },
    );
    assert.equal(decision.modelHash, modelHash);
    // Its token names ("USD Coin") are rare in the public data; rare must not read as fraud. They did while the
    // export's "no token" placeholders (blank for fraud, `0`/`None` for the rest) were kept apart.
    assert.ok(
      decision.modelScore !== null && decision.modelScore < 0.5,
      `model score ${decision.modelScore}: ${JSON.stringify(decision.topReasons)}`,
    );
    assert.equal(decision.decision, 'allow', decision.summary);
    const tokenNameReasons = decision.topReasons.filter(
      (reason) => /token type/.test(reason.feature) && reason.contribution > 0.5,
    );
    assert.deepEqual(tokenNameReasons, [], 'a token name alone is no sign of fraud');
  });

  test('without a model in force the decision says so and rules and sanctions still decide', async () => {
    const { db } = engine.database;
    const audit = createAuditLog({ db });
    const screening = createRiskScreening({
      db,
      sanctionsList: engine.sanctionsList,
      thresholds: engine.risk.thresholds,
      models: createModelRegistry({ db, audit, dataDir: engine.dataDir }),
      audit,
      proofs: engine.risk.proofs,
      valuation: fixedEurValuation(testPrices),
    });
    const decision = await screening.screen(
      {
        chainId: 31337,
        asset: 'USDC',
        amount: usdc(20_000),
        decimals: 6,
        from: freshAddress(),
        to: freshAddress(),
        counterparty: { hosted: true },
      },
      { actor },
    );
    assert.equal(decision.modelHash, null);
    assert.equal(decision.modelScore, null);
    assert.equal(decision.modelNote, 'No fraud model is in force; sanctions and rules decide.');
    assert.equal(decision.decision, 'review');
  });

  test('a self-hosted wallet above EUR 1,000 needs proof of ownership; a signed message clears it', async () => {
    const wallet = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
    const sender = freshAddress();
    await seedHistory([{ from: sender, to: wallet.address.toLowerCase(), usdc: 10, hoursAgo: 500 }]);
    const screen = () =>
      engine.risk.screening.screen(
        {
          companyId: 'acme',
          chainId: 31337,
          asset: 'USDC',
          amount: usdc(1_500),
          decimals: 6,
          from: sender,
          to: wallet.address,
          counterparty: { hosted: false, name: 'Jo Doe' },
        },
        { actor },
      );
    const before = await screen();
    assert.equal(before.decision, 'review');
    assert.deepEqual(
      before.rulesFired.map((rule) => rule.rule),
      ['unhosted-wallet'],
    );
    const message = `Tandem: I, Jo Doe, control ${wallet.address} (acme)`;
    await engine.risk.proofs.record({
      companyId: 'acme',
      address: wallet.address,
      method: 'signed-message',
      evidence: { message, signature: await wallet.signMessage({ message }) },
      actor,
    });
    const afterProof = await screen();
    assert.equal(afterProof.decision, 'allow', afterProof.summary);
    const rule = afterProof.rulesChecked.find((r) => r.rule === 'unhosted-wallet');
    assert.match(rule?.explanation ?? '', /ownership proven by signed-message/);
    await assert.rejects(
      engine.risk.proofs.record({
        companyId: 'acme',
        address: freshAddress(),
        method: 'signed-message',
        evidence: { message, signature: await wallet.signMessage({ message }) },
        actor,
      }),
      /The signature was not made by/,
    );
  });

  test("a company's thresholds apply to its transfers only", async () => {
    const transfer = () => ({
      chainId: 31337,
      asset: 'USDC',
      amount: usdc(6_000),
      decimals: 6,
      from: freshAddress(),
      to: freshAddress(),
      counterparty: { hosted: true },
    });
    await engine.risk.thresholds.set({
      companyId: 'strict-co',
      overrides: { newCounterparty: { minAmountEurCents: 500_000 } },
      actor,
    });
    const strict = await engine.risk.screening.screen({ ...transfer(), companyId: 'strict-co' }, { actor });
    assert.equal(strict.decision, 'review');
    const other = await engine.risk.screening.screen({ ...transfer(), companyId: 'acme' }, { actor });
    assert.equal(other.decision, 'allow');
    await assert.rejects(
      engine.risk.thresholds.set({ companyId: 'strict-co', overrides: { velocity: { maxCount: -1 } }, actor }),
      (error: Error & { field?: string }) => error.field === 'thresholds.velocity.maxCount',
    );
  });

  test('screenings that arrive together are decided as if one after the other', async () => {
    const [sender, beneficiary] = [freshAddress(), freshAddress()];
    const decisions = await Promise.all(
      [0, 1, 2, 3].map(() =>
        engine.risk.screening.screen(
          {
            chainId: 31337,
            asset: 'EURC',
            amount: 950_000_000n,
            decimals: 6,
            from: sender,
            to: beneficiary,
            counterparty: { hosted: true },
          },
          { actor },
        ),
      ),
    );
    // EUR 950 is just below EUR 1,000: the third and fourth of them make a structuring pattern.
    assert.deepEqual(
      decisions.map((d) => d.rulesFired.find((rule) => rule.rule === 'structuring')?.figures.count ?? null),
      [null, null, 3, 4],
    );
    const ids = decisions.map((d) => BigInt(d.transferId));
    assert.equal(new Set(ids).size, 4);
    assert.deepEqual(
      [...ids].sort((a, b) => (a < b ? -1 : 1)),
      ids,
    );
  });

  test('a batch decided while the one before it is being stored sees its transfers; a failed store refuses both', async () => {
    const { db } = engine.database;
    // One screening per batch, so each is decided while the one before it is still being stored. (On embedded PGlite
    // the one connection mostly stores the first before the second reads; the Postgres pass overlaps them for real.)
    const screening = screeningOfItsOwn({ maxBatch: 1 });
    const transfer = (from: string, to: string, amount: bigint) =>
      screening.screen(
        { chainId: 31337, asset: 'EURC', amount, decimals: 6, from, to, counterparty: { hosted: true } },
        { actor },
      );
    const [sender, beneficiary] = [freshAddress(), freshAddress()];
    const decisions = await Promise.all([0, 1, 2, 3].map(() => transfer(sender, beneficiary, 950_000_000n)));
    assert.deepEqual(
      decisions.map((d) => d.rulesFired.find((rule) => rule.rule === 'structuring')?.figures.count ?? null),
      [null, null, 3, 4],
    );
    assert.equal(new Set(decisions.map((d) => d.transferId)).size, 4);

    // The database refuses the first transfer: the second, decided with it in its history, is refused too.
    await sql`create function refuse_777() returns trigger language plpgsql as $$
      begin if new.amount = 777 then raise exception 'refused for the test'; end if; return new; end $$`.execute(db);
    await sql`create trigger refuse_777 before insert on risk_transfers for each row execute function refuse_777()`.execute(
      db,
    );
    try {
      const [from, to] = [freshAddress(), freshAddress()];
      const [first, second] = await Promise.allSettled([transfer(from, to, 777n), transfer(from, to, 1_000n)]);
      assert.equal(first.status, 'rejected');
      assert.match(String((first as PromiseRejectedResult).reason), /refused for the test/);
      assert.equal(second.status, 'rejected');
      assert.equal(((second as PromiseRejectedResult).reason as { code: string }).code, 'risk-screening-retry');
      // Nothing of either was stored; screened again, the second goes through on its own.
      const stored = await sql<{ count: number }>`select count(*)::int as count from risk_transfers
        where from_address = ${from}`.execute(db);
      assert.equal(stored.rows[0]?.count, 0);
      assert.equal((await transfer(from, to, 1_000n)).decision, 'allow');
    } finally {
      await sql`drop trigger refuse_777 on risk_transfers`.execute(db);
      await sql`drop function refuse_777`.execute(db);
    }
  });

  test('past maxQueue waiting screenings, more are refused at once as retryable', async () => {
    const screening = screeningOfItsOwn({ maxQueue: 1 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        screening.screen(
          {
            chainId: 31337,
            asset: 'USDC',
            amount: usdc(10),
            decimals: 6,
            from: freshAddress(),
            to: freshAddress(),
            counterparty: { hosted: true },
          },
          { actor },
        ),
      ),
    );
    const refused = outcomes.filter((o) => o.status === 'rejected');
    // Six arrive in one turn of the event loop; a batch starts on the next, so one waits and five are refused.
    assert.ok(refused.length >= 1 && refused.length <= 5, `${refused.length} refused`);
    assert.ok(outcomes.some((o) => o.status === 'fulfilled'));
    for (const outcome of refused) {
      const error = (outcome as PromiseRejectedResult).reason as { code: string; retryable: boolean };
      assert.equal(error.code, 'risk-screening-busy');
      assert.equal(error.retryable, true);
    }
  });

  test('decisions are immutable', async () => {
    const decision = await engine.risk.screening.screen(
      {
        chainId: 31337,
        asset: 'EURC',
        amount: 5_000_000n,
        decimals: 6,
        from: freshAddress(),
        to: freshAddress(),
        counterparty: { hosted: true },
      },
      { actor },
    );
    assert.equal(decision.transfer.fiatValueEurCents, '500');
    await assert.rejects(
      sql`update risk_decisions set decision = 'allow' where id = ${decision.decisionId}`.execute(engine.database.db),
      /immutable/,
    );
    await assert.rejects(
      sql`delete from risk_decisions where id = ${decision.decisionId}`.execute(engine.database.db),
      /immutable/,
    );
  });

  test('bad input is refused naming the field', async () => {
    await assert.rejects(
      engine.risk.screening.screen(
        {
          chainId: 31337,
          asset: 'USDC',
          amount: -1n,
          decimals: 6,
          from: freshAddress(),
          to: freshAddress(),
          counterparty: { hosted: true },
        },
        { actor },
      ),
      (error: Error & { field?: string }) => error.field === 'amount',
    );
  });
});
