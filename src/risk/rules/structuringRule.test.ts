import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addr, eur, hoursAgo, pastTransfer, ruleContext, screenedTransfer } from './fixtures/ruleContext.js';
import { evaluateStructuring } from './structuringRule.js';

const [alice, bob, carol, dave] = [addr(1), addr(2), addr(3), addr(4)];

describe('structuring', () => {
  test('fires at the third transfer just below EUR 1,000 between the same pair within 72 h', () => {
    const history = [
      pastTransfer(alice, bob, eur(950), hoursAgo(70)),
      pastTransfer(alice, bob, eur(999.99), hoursAgo(1)),
    ];
    const result = evaluateStructuring(ruleContext({ transfer: screenedTransfer(alice, bob, eur(900)), history }));
    assert.equal(result.fired, true);
    assert.equal(result.severity, 'medium');
    assert.equal(result.score, 0.6);
    assert.equal(result.figures.count, 3);
    assert.match(
      result.explanation,
      /3 transfers from 0x0000…0001 to 0x0000…0002 .* just below EUR 1,000\.00 \(EUR 900\.00 to EUR 999\.99\)/,
    );
  });

  test('does not fire with two such transfers (one short of minTransfers)', () => {
    const history = [pastTransfer(alice, bob, eur(950), hoursAgo(5))];
    const result = evaluateStructuring(ruleContext({ transfer: screenedTransfer(alice, bob, eur(950)), history }));
    assert.equal(result.fired, false);
    assert.equal(result.figures.count, 2);
  });

  test('the band is [EUR 900.00, EUR 1,000.00): 899.99 and 1,000.00 do not count', () => {
    const history = [
      pastTransfer(alice, bob, eur(899.99), hoursAgo(2)),
      pastTransfer(alice, bob, eur(1000), hoursAgo(3)),
      pastTransfer(alice, bob, eur(900), hoursAgo(4)),
    ];
    const result = evaluateStructuring(ruleContext({ transfer: screenedTransfer(alice, bob, eur(999.99)), history }));
    assert.equal(result.figures.count, 2);
    assert.equal(result.fired, false);
    const atThreshold = evaluateStructuring(
      ruleContext({ transfer: screenedTransfer(alice, bob, eur(1000)), history }),
    );
    assert.equal(atThreshold.fired, false);
    assert.match(atThreshold.explanation, /not within 10% below any threshold/);
  });

  test('only counts transfers inside the window (72 h, inclusive)', () => {
    const history = [
      pastTransfer(alice, bob, eur(950), hoursAgo(72)),
      pastTransfer(alice, bob, eur(950), hoursAgo(72.01)),
      pastTransfer(alice, bob, eur(950), hoursAgo(1)),
    ];
    const result = evaluateStructuring(ruleContext({ transfer: screenedTransfer(alice, bob, eur(950)), history }));
    assert.equal(result.figures.count, 3);
    assert.equal(result.fired, true);
  });

  test('fires for several senders feeding one beneficiary just below EUR 10,000', () => {
    const history = [
      pastTransfer(bob, dave, eur(9500), hoursAgo(10)),
      pastTransfer(carol, dave, eur(9999), hoursAgo(20)),
    ];
    const result = evaluateStructuring(ruleContext({ transfer: screenedTransfer(alice, dave, eur(9000)), history }));
    assert.equal(result.fired, true);
    assert.equal(result.figures.beneficiaryCount, 3);
    assert.equal(result.figures.thresholdEurCents, 1_000_000);
    assert.match(result.explanation, /into 0x0000…0004 from 3 senders/);
  });

  test('a company vault paying many employees similar salaries is not structuring', () => {
    const vault = addr(100);
    const history = [addr(101), addr(102), addr(103)].map((employee) =>
      pastTransfer(vault, employee, eur(950), hoursAgo(1), { direction: 'outgoing' }),
    );
    const result = evaluateStructuring(
      ruleContext({ transfer: screenedTransfer(vault, addr(104), eur(950), { direction: 'outgoing' }), history }),
    );
    assert.equal(result.fired, false);
  });

  test('a transfer of unknown EUR value is not compared', () => {
    const result = evaluateStructuring(ruleContext({ transfer: screenedTransfer(alice, bob, null) }));
    assert.equal(result.fired, false);
    assert.match(result.explanation, /unknown/);
  });

  test('thresholds are configurable: margin 5% makes EUR 940 too low', () => {
    const history = [pastTransfer(alice, bob, eur(960), hoursAgo(1)), pastTransfer(alice, bob, eur(970), hoursAgo(2))];
    const transfer = screenedTransfer(alice, bob, eur(940));
    assert.equal(evaluateStructuring(ruleContext({ transfer, history })).fired, true);
    assert.equal(
      evaluateStructuring(ruleContext({ transfer, history, thresholds: { structuring: { marginPercent: 5 } } })).fired,
      false,
    );
  });
});
