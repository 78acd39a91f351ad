import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateFanIn } from './fanInRule.js';
import { addr, eur, hoursAgo, pastTransfer, ruleContext, screenedTransfer } from './fixtures/ruleContext.js';

const collector = addr(1);
const senders = (count: number) => Array.from({ length: count }, (_, i) => addr(100 + i));

describe('fan-in', () => {
  test('fires at the 10th new sender in 24 h, this transfer included, and not at the 9th', () => {
    const eight = senders(8).map((from) => pastTransfer(from, collector, eur(50), hoursAgo(10)));
    const nine = evaluateFanIn(
      ruleContext({ transfer: screenedTransfer(addr(900), collector, eur(50)), history: eight }),
    );
    assert.equal(nine.figures.newSenders, 9);
    assert.equal(nine.fired, false);
    const ten = evaluateFanIn(
      ruleContext({
        transfer: screenedTransfer(addr(900), collector, eur(50)),
        history: [...eight, pastTransfer(addr(901), collector, eur(50), hoursAgo(23))],
      }),
    );
    assert.equal(ten.fired, true);
    assert.match(ten.explanation, /received from 10 new senders/);
  });

  test('senders outside the window do not count', () => {
    const history = senders(15).map((from) => pastTransfer(from, collector, eur(50), hoursAgo(25)));
    assert.equal(
      evaluateFanIn(ruleContext({ transfer: screenedTransfer(addr(900), collector, eur(50)), history })).fired,
      false,
    );
  });

  test('a company receiving from its customers (incoming) is not measured as the collector', () => {
    const history = senders(20).map((from) =>
      pastTransfer(from, collector, eur(50), hoursAgo(1), { direction: 'incoming' }),
    );
    const result = evaluateFanIn(
      ruleContext({ transfer: screenedTransfer(addr(900), collector, eur(50), { direction: 'incoming' }), history }),
    );
    assert.equal(result.fired, false);
    assert.equal(result.figures.address, addr(900));
  });
});
