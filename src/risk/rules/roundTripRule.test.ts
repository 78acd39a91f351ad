import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addr, eur, hoursAgo, pastTransfer, ruleContext, screenedTransfer } from './fixtures/ruleContext.js';
import { evaluateRoundTrip } from './roundTripRule.js';

const [a, x, y, c] = [addr(1), addr(2), addr(3), addr(4)];

describe('round-tripping', () => {
  test('fires when C → A closes A → X → C within the window', () => {
    const history = [pastTransfer(a, x, eur(5_000), hoursAgo(20)), pastTransfer(x, c, eur(4_900), hoursAgo(10))];
    const result = evaluateRoundTrip(ruleContext({ transfer: screenedTransfer(c, a, eur(4_800)), history }));
    assert.equal(result.fired, true);
    assert.deepEqual(result.figures.path, [a, x, c, a]);
    assert.equal(result.figures.transfers, 3);
    assert.match(
      result.explanation,
      /Funds return to 0x0000…0001: 0x0000…0001 → 0x0000…0002 → 0x0000…0004 → 0x0000…0001/,
    );
  });

  test('a cycle of 4 transfers fires with maxHops 4 and not with the default 3', () => {
    const history = [
      pastTransfer(a, x, eur(5_000), hoursAgo(30)),
      pastTransfer(x, y, eur(5_000), hoursAgo(20)),
      pastTransfer(y, c, eur(5_000), hoursAgo(10)),
    ];
    const transfer = screenedTransfer(c, a, eur(5_000));
    const four = { roundTrip: { maxHops: 4 } };
    assert.equal(evaluateRoundTrip(ruleContext({ transfer, history, thresholds: four })).figures.transfers, 4);
    assert.equal(evaluateRoundTrip(ruleContext({ transfer, history })).fired, false);
  });

  test('the transfers must follow each other in time', () => {
    const history = [pastTransfer(x, c, eur(5_000), hoursAgo(20)), pastTransfer(a, x, eur(5_000), hoursAgo(10))];
    assert.equal(
      evaluateRoundTrip(ruleContext({ transfer: screenedTransfer(c, a, eur(5_000)), history })).fired,
      false,
    );
  });

  test('a chain that started before the window (168 h) does not fire', () => {
    const history = [pastTransfer(a, x, eur(5_000), hoursAgo(169)), pastTransfer(x, c, eur(5_000), hoursAgo(1))];
    assert.equal(
      evaluateRoundTrip(ruleContext({ transfer: screenedTransfer(c, a, eur(5_000)), history })).fired,
      false,
    );
  });

  test('a direct refund (A → C, C → A) is not a round trip', () => {
    const history = [pastTransfer(a, c, eur(5_000), hoursAgo(5))];
    assert.equal(
      evaluateRoundTrip(ruleContext({ transfer: screenedTransfer(c, a, eur(5_000)), history })).fired,
      false,
    );
  });

  test('what returns must be at least half of what left: EUR 2,500 of 5,000 fires, 2,499.99 does not', () => {
    const history = [pastTransfer(a, x, eur(5_000), hoursAgo(20)), pastTransfer(x, c, eur(5_000), hoursAgo(10))];
    assert.equal(evaluateRoundTrip(ruleContext({ transfer: screenedTransfer(c, a, eur(2_500)), history })).fired, true);
    assert.equal(
      evaluateRoundTrip(ruleContext({ transfer: screenedTransfer(c, a, eur(2_499.99)), history })).fired,
      false,
    );
  });
});
