import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addr, eur, hoursAgo, pastTransfer, ruleContext, screenedTransfer } from './fixtures/ruleContext.js';
import { evaluateNewCounterparty } from './newCounterpartyRule.js';

const [alice, bob] = [addr(1), addr(2)];

describe('new counterparty receiving a large amount', () => {
  test('fires on a first transfer of EUR 10,000.00 and not of EUR 9,999.99', () => {
    const large = evaluateNewCounterparty(ruleContext({ transfer: screenedTransfer(alice, bob, eur(10_000)) }));
    assert.equal(large.fired, true);
    assert.match(large.explanation, /First transfer between 0x0000…0001 and 0x0000…0002, worth EUR 10,000\.00/);
    assert.equal(
      evaluateNewCounterparty(ruleContext({ transfer: screenedTransfer(alice, bob, eur(9_999.99)) })).fired,
      false,
    );
  });

  test('a pair that met before, either way, is not new', () => {
    for (const history of [
      [pastTransfer(alice, bob, eur(1), hoursAgo(2000))],
      [pastTransfer(bob, alice, eur(1), hoursAgo(1))],
    ]) {
      const result = evaluateNewCounterparty(
        ruleContext({ transfer: screenedTransfer(alice, bob, eur(50_000)), history }),
      );
      assert.equal(result.fired, false);
      assert.equal(result.figures.firstTransfer, false);
    }
  });

  test('a first transfer of unknown value does not fire', () => {
    assert.equal(evaluateNewCounterparty(ruleContext({ transfer: screenedTransfer(alice, bob, null) })).fired, false);
  });

  test('the amount is configurable per company', () => {
    const result = evaluateNewCounterparty(
      ruleContext({
        transfer: screenedTransfer(alice, bob, eur(2_000)),
        thresholds: { newCounterparty: { minAmountEurCents: 150_000 } },
      }),
    );
    assert.equal(result.fired, true);
  });
});
