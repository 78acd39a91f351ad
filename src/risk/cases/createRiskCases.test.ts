import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAuditLog } from '../../compliance/createAuditLog.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors/BaseError.js';
import { createTestRiskEngine, lazarusAddress, type TestRiskEngine } from '../fixtures/createTestRiskEngine.js';

let engine: TestRiskEngine;
before(async () => {
  engine = await createTestRiskEngine();
});
after(() => engine.close());

let counter = 0x2000;
const freshAddress = () => `0x${(counter++).toString(16).padStart(40, 'b')}`;

/** A screening that goes to review (a first transfer of EUR 10,000+), opening a case. */
async function openCase(companyId: string) {
  const decision = await engine.risk.screening.screen(
    {
      companyId,
      chainId: 31337,
      asset: 'EURC',
      amount: 15_000_000_000n,
      decimals: 6,
      from: freshAddress(),
      to: freshAddress(),
      counterparty: { hosted: true },
    },
    { actor: 'key:payroll' },
  );
  assert.equal(decision.decision, 'review');
  return decision.caseId!;
}

describe('risk cases', () => {
  test('open → assigned → resolved, each change in the audit trail with its actor', async () => {
    const caseId = await openCase('lifecycle-co');
    const opened = await engine.risk.cases.list({ status: 'open', companyId: 'lifecycle-co' });
    assert.deepEqual(
      opened.map((c) => c.id),
      [caseId],
    );
    assert.equal(opened[0]!.decision.decision, 'review');

    const assigned = await engine.risk.cases.assign(caseId, { assignee: 'maria@acme.eu', actor: 'key:lead' });
    assert.equal(assigned.status, 'assigned');
    assert.equal(assigned.assignee, 'maria@acme.eu');
    assert.ok(assigned.assignedAt);
    assert.deepEqual(
      (await engine.risk.cases.list({ assignee: 'maria@acme.eu' })).map((c) => c.id),
      [caseId],
    );
    assert.deepEqual(await engine.risk.cases.list({ status: 'open', companyId: 'lifecycle-co' }), []);

    const resolved = await engine.risk.cases.resolve(caseId, {
      resolution: 'approve',
      comment: '  Known supplier; contract on file.  ',
      actor: 'key:maria',
    });
    assert.equal(resolved.status, 'resolved');
    assert.equal(resolved.resolution, 'approve');
    assert.equal(resolved.comment, 'Known supplier; contract on file.');
    assert.equal(resolved.resolvedBy, 'key:maria');

    const detail = await engine.risk.cases.get(caseId);
    assert.deepEqual(
      detail.events.map((event) => [event.action, event.actor]),
      [
        ['risk.case.open', 'key:payroll'],
        ['risk.case.assign', 'key:lead'],
        ['risk.case.resolve', 'key:maria'],
      ],
    );
    assert.deepEqual(detail.events[2]!.data, { resolution: 'approve', comment: 'Known supplier; contract on file.' });
    assert.equal(detail.decisionRecord.decisionId, detail.decisionId);
    assert.equal((await createAuditLog({ db: engine.database.db }).verify()).ok, true);
  });

  test('a resolved case cannot be resolved again or reassigned', async () => {
    const caseId = await openCase('closed-co');
    await engine.risk.cases.resolve(caseId, { resolution: 'reject', comment: 'Mule pattern', actor: 'key:a' });
    await assert.rejects(
      engine.risk.cases.resolve(caseId, { resolution: 'approve', comment: 'changed my mind', actor: 'key:a' }),
      ConflictError,
    );
    await assert.rejects(engine.risk.cases.assign(caseId, { assignee: 'someone', actor: 'key:a' }), ConflictError);
    const events = await createAuditLog({ db: engine.database.db }).list({ subject: `risk-case:${caseId}` });
    assert.equal(events.length, 2);
  });

  test('a resolution needs approve or reject and a comment; unknown cases are not found', async () => {
    const caseId = await openCase('input-co');
    await assert.rejects(
      engine.risk.cases.resolve(caseId, { resolution: 'approve', comment: '   ', actor: 'key:a' }),
      (error: unknown) => error instanceof ValidationError && error.field === 'comment',
    );
    await assert.rejects(
      engine.risk.cases.resolve(caseId, { resolution: 'maybe' as 'approve', comment: 'x', actor: 'key:a' }),
      (error: unknown) => error instanceof ValidationError && error.field === 'resolution',
    );
    await assert.rejects(
      engine.risk.cases.assign(caseId, { assignee: ' ', actor: 'key:a' }),
      (error: unknown) => error instanceof ValidationError && error.field === 'assignee',
    );
    await assert.rejects(engine.risk.cases.get('no-such-case'), NotFoundError);
    assert.equal((await engine.risk.cases.get(caseId)).status, 'open');
  });

  test('a block opens a case too', async () => {
    const decision = await engine.risk.screening.screen(
      {
        chainId: 31337,
        asset: 'USDC',
        amount: 1n,
        decimals: 6,
        from: lazarusAddress,
        to: freshAddress(),
        direction: 'incoming',
        counterparty: { hosted: false },
      },
      { actor: 'key:payroll' },
    );
    assert.equal(decision.decision, 'block');
    const found = await engine.risk.cases.get(decision.caseId!);
    assert.equal(found.decision.decision, 'block');
    assert.equal(found.status, 'open');
  });
});
