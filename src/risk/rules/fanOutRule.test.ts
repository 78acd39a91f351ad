import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateFanOut } from './fanOutRule.js';
import { addr, eur, hoursAgo, pastTransfer, ruleContext, screenedTransfer } from './fixtures/ruleContext.js';

const mule = addr(1);
const recipients = (count: number, offset = 100) => Array.from({ length: count }, (_, i) => addr(offset + i));

describe('fan-out', () => {
  test('fires at the 10th new recipient in 24 h (this transfer included), not at the 9th', () => {
    const history = recipients(8).map((to) => pastTransfer(mule, to, eur(100), hoursAgo(2)));
    const nine = evaluateFanOut(ruleContext({ transfer: screenedTransfer(mule, addr(500), eur(100)), history }));
    assert.equal(nine.figures.newRecipients, 9);
    assert.equal(nine.fired, false);
    const ten = evaluateFanOut(
      ruleContext({
        transfer: screenedTransfer(mule, addr(500), eur(100)),
        history: [...history, pastTransfer(mule, addr(501), eur(100), hoursAgo(3))],
      }),
    );
    assert.equal(ten.figures.newRecipients, 10);
    assert.equal(ten.fired, true);
    assert.match(ten.explanation, /sent to 10 new recipients in the last 24 h/);
  });

  test('recipients paid before the window are not new', () => {
    const known = recipients(12);
    const history = [
      ...known.map((to) => pastTransfer(mule, to, eur(100), hoursAgo(48))),
      ...known.map((to) => pastTransfer(mule, to, eur(100), hoursAgo(1))),
    ];
    const result = evaluateFanOut(ruleContext({ transfer: screenedTransfer(mule, known[0]!, eur(100)), history }));
    assert.equal(result.figures.newRecipients, 0);
    assert.equal(result.fired, false);
  });

  test('a recipient paid several times in the window counts once', () => {
    const history = Array.from({ length: 12 }, () => pastTransfer(mule, addr(7), eur(1), hoursAgo(1)));
    assert.equal(
      evaluateFanOut(ruleContext({ transfer: screenedTransfer(mule, addr(7), eur(1)), history })).figures.newRecipients,
      1,
    );
  });

  test("an employee's wallet dispersing its salary is measured when the company pays it", () => {
    const vault = addr(2);
    const history = recipients(10).map((to) => pastTransfer(mule, to, eur(100), hoursAgo(5)));
    const result = evaluateFanOut(
      ruleContext({ transfer: screenedTransfer(vault, mule, eur(2_000), { direction: 'outgoing' }), history }),
    );
    assert.equal(result.fired, true);
    assert.equal(result.figures.address, mule);
  });
});
