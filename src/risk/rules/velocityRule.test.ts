import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addr, eur, hoursAgo, pastTransfer, ruleContext, screenedTransfer } from './fixtures/ruleContext.js';
import { evaluateVelocity } from './velocityRule.js';

const [vault, employee, shop] = [addr(1), addr(2), addr(3)];
const payout = (value: bigint | null) => screenedTransfer(vault, employee, value, { direction: 'outgoing' });

describe('velocity', () => {
  test('fires above 20 transfers of the counterparty in 24 h and not at exactly 20', () => {
    const nineteen = Array.from({ length: 19 }, (_, i) => pastTransfer(employee, shop, eur(10), hoursAgo(i + 1)));
    const atLimit = evaluateVelocity(ruleContext({ transfer: payout(eur(10)), history: nineteen }));
    assert.equal(atLimit.figures.count, 20);
    assert.equal(atLimit.fired, false);
    const twenty = [...nineteen, pastTransfer(shop, employee, eur(10), hoursAgo(23.9))];
    const over = evaluateVelocity(ruleContext({ transfer: payout(eur(10)), history: twenty }));
    assert.equal(over.figures.count, 21);
    assert.equal(over.fired, true);
    assert.match(over.explanation, /0x0000…0002 made 21 transfers worth EUR 210\.00 in the last 24 h/);
  });

  test('fires above EUR 25,000 in 24 h and not at exactly EUR 25,000', () => {
    const history = [pastTransfer(employee, shop, eur(15_000), hoursAgo(3))];
    assert.equal(evaluateVelocity(ruleContext({ transfer: payout(eur(10_000)), history })).fired, false);
    const over = evaluateVelocity(ruleContext({ transfer: payout(eur(10_000.01)), history }));
    assert.equal(over.fired, true);
    assert.equal(over.figures.sumEurCents, 2_500_001);
  });

  test('transfers before the window do not count', () => {
    const history = [pastTransfer(employee, shop, eur(30_000), hoursAgo(24.5))];
    assert.equal(evaluateVelocity(ruleContext({ transfer: payout(eur(1)), history })).fired, false);
  });

  test("the company's own vault is not measured (a payroll run is busy by design)", () => {
    const history = Array.from({ length: 50 }, (_, i) =>
      pastTransfer(vault, addr(100 + i), eur(3_000), hoursAgo(1), { direction: 'outgoing' }),
    );
    const result = evaluateVelocity(ruleContext({ transfer: payout(eur(3_000)), history }));
    assert.equal(result.fired, false);
    assert.equal(result.figures.address, employee);
  });

  test('unknown values count for the number, not the sum', () => {
    const result = evaluateVelocity(ruleContext({ transfer: payout(null) }));
    assert.equal(result.figures.unknownValueCount, 1);
    assert.equal(result.figures.sumEurCents, 0);
  });
});
