import { type Hex, recoverMessageAddress } from 'viem';
import type { NonceStore } from './createNonceStore.js';
import { type Envelope, envelopeSchema, messageDigest, signedText } from './envelope.js';
import { ProtocolError } from './ProtocolError.js';
import type { ProtocolLimits } from './protocolLimits.js';

export type SignedEnvelope = Envelope & { signature: Hex };

// Recovering a signer is a pure function of (digest, signature), and the costliest step of opening a message; a
// broadcast reaching several nodes in one process (tests, benchmarks) is recovered once.
const recovered = new Map<string, string>();
async function recoverSigner(digest: string, signature: Hex): Promise<string> {
  const key = `${digest}${signature}`;
  const cached = recovered.get(key);
  if (cached) return cached;
  const signer = await recoverMessageAddress({ message: signedText(digest), signature });
  if (recovered.size >= 4096) recovered.delete(recovered.keys().next().value!);
  recovered.set(key, signer);
  return signer;
}

export type EnvelopeOpener = {
  /**
   * Checks a raw message in order — size, JSON, envelope shape, signature present, timestamp window, `admit` (the
   * receiver's round and membership rules, before any costly work), signature, nonce — and returns it, or throws a
   * ProtocolError naming what failed. A refused message leaves no trace (its nonce is only stored once valid).
   */
  open(raw: string, admit?: (envelope: Envelope) => void): Promise<SignedEnvelope>;
};

export type CreateEnvelopeOpenerParameters = {
  limits: ProtocolLimits;
  nonces: NonceStore;
  now?: (() => number) | undefined;
};

/** @example const opener = createEnvelopeOpener({ limits: defaultProtocolLimits, nonces: createNonceStore(300_000) }) */
export function createEnvelopeOpener(parameters: CreateEnvelopeOpenerParameters): EnvelopeOpener {
  const { limits, nonces } = parameters;
  const now = parameters.now ?? Date.now;
  return {
    async open(raw, admit) {
      const bytes = Buffer.byteLength(raw, 'utf8');
      if (bytes > limits.maxBodyBytes)
        throw new ProtocolError('oversized', `message of ${bytes} bytes exceeds the limit of ${limits.maxBodyBytes}`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch (cause) {
        throw new ProtocolError('malformed', 'message is not valid JSON', { cause });
      }
      const result = envelopeSchema.safeParse(parsed);
      if (!result.success) {
        const issue = result.error.issues[0];
        const field = issue?.path.join('.') || 'message';
        throw new ProtocolError('malformed', `malformed message envelope: ${field}: ${issue?.message ?? 'invalid'}`, {
          field,
        });
      }
      const envelope = result.data;
      if (!envelope.signature)
        throw new ProtocolError('unsigned', `unsigned ${envelope.kind} message from ${envelope.from}`, {
          field: 'signature',
        });
      const skew = Math.abs(now() - envelope.timestamp);
      if (skew > limits.maxClockSkewMs)
        throw new ProtocolError('stale', `message timestamp is ${Math.round(skew / 1000)} s away from this clock`, {
          field: 'timestamp',
          details: `at most ${limits.maxClockSkewMs / 1000} s are accepted`,
        });
      admit?.(envelope);
      let signer: string;
      try {
        signer = await recoverSigner(messageDigest(envelope), envelope.signature as Hex);
      } catch (cause) {
        throw new ProtocolError('bad-signature', `signature of ${envelope.kind} message cannot be recovered`, {
          cause,
          field: 'signature',
        });
      }
      if (signer.toLowerCase() !== envelope.from.toLowerCase())
        throw new ProtocolError(
          'bad-signature',
          `${envelope.kind} message claims ${envelope.from} but is signed by ${signer}`,
          {
            field: 'signature',
          },
        );
      if (!nonces.remember(envelope.from, envelope.nonce, envelope.timestamp))
        throw new ProtocolError('replayed', `replayed ${envelope.kind} message from ${envelope.from}`, {
          field: 'nonce',
          details: `nonce ${envelope.nonce} was already used`,
        });
      return envelope as SignedEnvelope;
    },
  };
}
