import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addr, eur, ruleContext, screenedTransfer } from './fixtures/ruleContext.js';
import { evaluateUnhostedWallet } from './unhostedWalletRule.js';

const [vault, wallet] = [addr(1), addr(2)];
const toSelfHosted = (value: bigint | null) =>
  screenedTransfer(vault, wallet, value, { direction: 'outgoing', counterparty: { hosted: false } });

describe('self-hosted wallet above EUR 1,000 without proof of ownership', () => {
  test('fires at EUR 1,000.01 and not at exactly EUR 1,000.00 ("exceeding")', () => {
    const above = evaluateUnhostedWallet(ruleContext({ transfer: toSelfHosted(eur(1_000.01)) }));
    assert.equal(above.fired, true);
    assert.match(above.source, /2023\/1113.*art\. 14\(5\)/);
    assert.match(above.explanation, /worth EUR 1,000\.01, above EUR 1,000\.00, and no proof/);
    assert.equal(evaluateUnhostedWallet(ruleContext({ transfer: toSelfHosted(eur(1_000)) })).fired, false);
  });

  test('a proof of ownership on record clears it', () => {
    const result = evaluateUnhostedWallet(
      ruleContext({
        transfer: toSelfHosted(eur(5_000)),
        ownershipProof: { method: 'signed-message', verifiedAt: new Date('2026-01-05T00:00:00Z') },
      }),
    );
    assert.equal(result.fired, false);
    assert.match(result.explanation, /ownership proven by signed-message on 2026-01-05/);
  });

  test('a hosted wallet is out of scope; an unknown value counts as above', () => {
    const hosted = screenedTransfer(vault, wallet, eur(50_000), { counterparty: { hosted: true, vasp: 'Kraken' } });
    assert.equal(evaluateUnhostedWallet(ruleContext({ transfer: hosted })).fired, false);
    assert.equal(evaluateUnhostedWallet(ruleContext({ transfer: toSelfHosted(null) })).fired, true);
  });

  test('receiving from a self-hosted wallet cites art. 16(2)', () => {
    const incoming = screenedTransfer(wallet, vault, eur(2_000), {
      direction: 'incoming',
      counterparty: { hosted: false },
    });
    const result = evaluateUnhostedWallet(ruleContext({ transfer: incoming }));
    assert.equal(result.fired, true);
    assert.equal(result.figures.address, wallet);
    assert.match(result.source, /art\. 16\(2\)/);
  });
});
