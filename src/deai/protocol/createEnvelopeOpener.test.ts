import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createEnvelopeOpener } from './createEnvelopeOpener.js';
import { createNonceStore } from './createNonceStore.js';
import { nodeMessageSchemas } from './nodeMessages.js';
import { ProtocolError } from './ProtocolError.js';
import { parsePayload } from './parsePayload.js';
import { defaultProtocolLimits } from './protocolLimits.js';
import { signEnvelope } from './signEnvelope.js';
import { decodeVector, encodeVector } from './vectorCodec.js';

const alice = privateKeyToAccount(generatePrivateKey());
const mallory = privateKeyToAccount(generatePrivateKey());
const limits = { ...defaultProtocolLimits, maxBodyBytes: 4096 };
const opener = () => createEnvelopeOpener({ limits, nonces: createNonceStore(limits.maxClockSkewMs) });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProtocolError, String(error));
    return error.reason;
  }
  throw new Error('the message was accepted');
}

describe('opening a signed message', () => {
  it('accepts a signed message once, and refuses its replay', async () => {
    const open = opener();
    const raw = await signEnvelope(alice, 'heartbeat', 'r-1', { status: 'idle' });
    const envelope = await open.open(raw);
    assert.equal(envelope.from, alice.address);
    assert.equal(await refusal(open.open(raw)), 'replayed');
  });

  it('refuses unsigned, forged, stale, oversized and malformed messages, each with its reason', async () => {
    const open = opener();
    const raw = await signEnvelope(alice, 'heartbeat', 'r-1', { status: 'idle' });
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    assert.equal(await refusal(open.open(JSON.stringify({ ...parsed, signature: undefined }))), 'unsigned');
    assert.equal(
      await refusal(open.open(JSON.stringify({ ...parsed, payload: { status: 'training' } }))),
      'bad-signature',
    );
    // Mallory signs correctly but claims to be Alice.
    const claimed = JSON.parse(await signEnvelope(mallory, 'heartbeat', 'r-1', { status: 'idle' })) as Record<
      string,
      unknown
    >;
    assert.equal(await refusal(open.open(JSON.stringify({ ...claimed, from: alice.address }))), 'bad-signature');
    const old = await signEnvelope(alice, 'heartbeat', 'r-1', { status: 'idle' }, () => Date.now() - 3_600_000);
    assert.equal(await refusal(open.open(old)), 'stale');
    assert.equal(
      await refusal(open.open(await signEnvelope(alice, 'heartbeat', 'r-1', { pad: 'x'.repeat(5000) }))),
      'oversized',
    );
    assert.equal(await refusal(open.open('{not json')), 'malformed');
    assert.equal(await refusal(open.open(JSON.stringify({ ...parsed, nonce: 'short' }))), 'malformed');
    assert.equal(await refusal(open.open(JSON.stringify({ ...parsed, extra: 1 }))), 'malformed');
  });

  it('runs the receiver’s round and membership rules before checking the signature', async () => {
    const open = opener();
    const raw = await signEnvelope(alice, 'heartbeat', 'r-2', { status: 'idle' });
    const wrongRound = await refusal(
      open.open(raw, (envelope) => {
        if (envelope.roundId !== 'r-1') throw new ProtocolError('wrong-round', 'not this round');
      }),
    );
    assert.equal(wrongRound, 'wrong-round');
    // A refused message does not burn its nonce.
    assert.equal((await open.open(raw)).nonce, (JSON.parse(raw) as { nonce: string }).nonce);
  });

  it('checks payloads against their kind and vectors against the step’s dimensions', () => {
    assert.throws(
      () => parsePayload(nodeMessageSchemas, 'heartbeat', { status: 'asleep' }),
      (error: ProtocolError) => error.reason === 'malformed' && /payload\.status/.test(error.message),
    );
    const vector = encodeVector(new Uint32Array(2 * 10));
    assert.equal(decodeVector(vector, 10).length, 20);
    assert.throws(
      () => decodeVector(vector, 12),
      (error: ProtocolError) => error.reason === 'wrong-dimensions',
    );
    assert.throws(
      () => decodeVector(`${vector}!`, 10),
      (error: ProtocolError) => error.reason === 'malformed',
    );
  });
});
