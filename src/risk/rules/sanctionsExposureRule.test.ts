import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addr, eur, hoursAgo, pastTransfer, ruleContext, screenedTransfer } from './fixtures/ruleContext.js';
import { evaluateSanctionsExposure } from './sanctionsExposureRule.js';

const [vault, employee, friend, lazarus, other] = [addr(1), addr(2), addr(3), addr(666), addr(5)];
const sanctioned = { [lazarus]: { entity: 'Lazarus Group', ticker: 'ETH', programs: ['DPRK3'] } };
const payout = screenedTransfer(vault, employee, eur(3_000), { direction: 'outgoing' });

describe('exposure to sanctioned addresses', () => {
  test('a direct counterparty of a sanctioned address: high (block)', () => {
    const history = [pastTransfer(lazarus, employee, eur(100), hoursAgo(100))];
    const result = evaluateSanctionsExposure(ruleContext({ transfer: payout, history, sanctioned }));
    assert.equal(result.fired, true);
    assert.equal(result.severity, 'high');
    assert.equal(result.figures.hops, 1);
    assert.match(result.explanation, /0x0000…0002 is 1 hop from 0x0{37}29a, listed for Lazarus Group \(DPRK3\)/);
  });

  test('two hops away: medium (review); three hops away: beyond the default k = 2', () => {
    const twoHops = [
      pastTransfer(employee, friend, eur(10), hoursAgo(5)),
      pastTransfer(friend, lazarus, eur(10), hoursAgo(4)),
    ];
    const result = evaluateSanctionsExposure(ruleContext({ transfer: payout, history: twoHops, sanctioned }));
    assert.equal(result.fired, true);
    assert.equal(result.severity, 'medium');
    assert.deepEqual(result.figures.path, [employee, friend, lazarus]);
    const threeHops = [
      pastTransfer(employee, friend, eur(10), hoursAgo(5)),
      pastTransfer(friend, other, eur(10), hoursAgo(4)),
      pastTransfer(lazarus, other, eur(10), hoursAgo(3)),
    ];
    assert.equal(
      evaluateSanctionsExposure(ruleContext({ transfer: payout, history: threeHops, sanctioned })).fired,
      false,
    );
    const k3 = evaluateSanctionsExposure(
      ruleContext({
        transfer: payout,
        history: threeHops,
        sanctioned,
        thresholds: { sanctionsExposure: { maxHops: 3 } },
      }),
    );
    assert.equal(k3.figures.hops, 3);
  });

  test("the walk does not pass through the company's own vault", () => {
    // Another employee of the same vault received from Lazarus: that makes them exposed, not every colleague.
    const history = [
      pastTransfer(vault, friend, eur(3_000), hoursAgo(10), { direction: 'outgoing' }),
      pastTransfer(lazarus, friend, eur(10), hoursAgo(5)),
      pastTransfer(vault, employee, eur(3_000), hoursAgo(700), { direction: 'outgoing' }),
    ];
    assert.equal(evaluateSanctionsExposure(ruleContext({ transfer: payout, history, sanctioned })).fired, false);
  });

  test('no sanctioned address nearby', () => {
    const history = [pastTransfer(employee, friend, eur(10), hoursAgo(5))];
    const result = evaluateSanctionsExposure(ruleContext({ transfer: payout, history, sanctioned }));
    assert.equal(result.fired, false);
    assert.equal(result.score, 0);
  });
});
