import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { runInProcessRound } from '../federated/runInProcessRound.js';
import { fraudParties } from '../fixtures/fraudParties.js';
import { dataCommitmentText } from '../protocol/nodeMessages.js';
import { ProtocolError } from '../protocol/ProtocolError.js';
import { defaultProtocolLimits } from '../protocol/protocolLimits.js';
import { signEnvelope } from '../protocol/signEnvelope.js';
import { encodeVector } from '../protocol/vectorCodec.js';

describe('hostile messages during a round', () => {
  it('refuses each with a clear reason and finishes the round with the honest parties', async () => {
    const { parties, validation } = fraudParties({ stride: 8, parties: 3 });
    const signers = parties.map(() => privateKeyToAccount(generatePrivateKey()));
    const outsider = privateKeyToAccount(generatePrivateKey());
    const refusals = new Map<string, string>();
    let attacked: Promise<void> | undefined;
    const { report } = await runInProcessRound({
      parties: parties.map((dataset, i) => ({ dataset, signer: signers[i] })),
      validation,
      limits: { ...defaultProtocolLimits, maxBodyBytes: 4 * 1024 * 1024 },
      settings: { params: { trees: 2, maxDepth: 3 }, contribution: { enabled: false } as never },
      prepare: (network, _nodes, coordinator) => {
        const victim = signers[0]!;
        let earlier: string | undefined;
        network.intercept((message) => {
          if (message.direction !== 'to-coordinator' || message.address !== victim.address.toLowerCase())
            return message.raw;
          const envelope = JSON.parse(message.raw) as {
            kind: string;
            roundId: string;
            payload: Record<string, unknown>;
          };
          if (envelope.kind === 'keyShares') earlier = message.raw;
          if (envelope.kind !== 'histogramShare' || attacked) return message.raw;
          // Before the victim's genuine first histogram share arrives, throw everything at the coordinator.
          const genuine = message.raw;
          const { roundId, payload } = envelope;
          const attempt = async (name: string, raw: string) => {
            try {
              await coordinator.receive(raw);
              refusals.set(name, 'accepted');
            } catch (error) {
              refusals.set(name, error instanceof ProtocolError ? error.reason : String(error));
            }
          };
          attacked = (async () => {
            const parsed = JSON.parse(genuine) as Record<string, unknown>;
            await attempt('malformed JSON', '{"kind":');
            await attempt(
              'oversized',
              await signEnvelope(victim, 'heartbeat', roundId, { status: 'x'.repeat(5 * 1024 * 1024) }),
            );
            await attempt('unsigned', JSON.stringify({ ...parsed, signature: undefined }));
            const vector = Buffer.from(payload.vector as string, 'base64');
            vector[0]! ^= 1;
            await attempt(
              'tampered vector',
              JSON.stringify({ ...parsed, payload: { ...payload, vector: vector.toString('base64') } }),
            );
            await attempt('replayed', earlier!);
            await attempt('unknown node', await signEnvelope(outsider, 'histogramShare', roundId, payload));
            await attempt('wrong round', await signEnvelope(victim, 'histogramShare', 'someone-else-1', payload));
            const short = encodeVector(new Uint32Array(Buffer.from(payload.vector as string, 'base64').length / 4 - 2));
            await attempt(
              'wrong dimensions',
              await signEnvelope(victim, 'histogramShare', roundId, { ...payload, vector: short }),
            );
            await attempt(
              'bad payload',
              await signEnvelope(victim, 'histogramShare', roundId, { ...payload, step: 'seven' }),
            );
            const forgedCommitment = {
              role: 'data',
              software: 'evil',
              dataCommitment: {
                sha256: 'ab'.repeat(32),
                rows: 10,
                signature: await victim.signMessage({ message: dataCommitmentText(roundId, 'ab'.repeat(32), 10) }),
              },
            };
            await attempt(
              'join with a stolen commitment',
              await signEnvelope(outsider, 'join', roundId, forgedCommitment),
            );
            await coordinator.receive(genuine);
          })();
          return undefined;
        });
      },
    });
    await attacked;
    assert.deepEqual(Object.fromEntries(refusals), {
      'malformed JSON': 'malformed',
      oversized: 'oversized',
      unsigned: 'unsigned',
      'tampered vector': 'bad-signature',
      replayed: 'replayed',
      'unknown node': 'unknown-node',
      'wrong round': 'wrong-round',
      'wrong dimensions': 'wrong-dimensions',
      'bad payload': 'malformed',
      'join with a stolen commitment': 'round-closed',
    });
    assert.equal(report.status, 'completed', report.reason ?? '');
    assert.equal(report.parties.filter((party) => party.status === 'trained').length, 3);
  });
});

describe('joining with someone else’s data commitment', () => {
  it('is refused as a bad signature, and a round without enough parties fails cleanly', async () => {
    const { createCoordinator } = await import('./createCoordinator.js');
    const announcements: string[] = [];
    const coordinator = createCoordinator({
      signer: privateKeyToAccount(generatePrivateKey()),
      deliver: () => {},
      announce: (raw) => announcements.push(raw),
      settings: { joinWindowMs: 300 },
    });
    const round = coordinator.runRound();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { roundId } = JSON.parse(announcements[0]!) as { roundId: string };
    const victim = privateKeyToAccount(generatePrivateKey());
    const thief = privateKeyToAccount(generatePrivateKey());
    const commitment = {
      sha256: 'cd'.repeat(32),
      rows: 100,
      signature: await victim.signMessage({ message: dataCommitmentText(roundId, 'cd'.repeat(32), 100) }),
    };
    await assert.rejects(
      coordinator.receive(
        await signEnvelope(thief, 'join', roundId, { role: 'data', software: 't', dataCommitment: commitment }),
      ),
      (error: ProtocolError) => error.reason === 'bad-signature',
    );
    await assert.rejects(
      coordinator.receive(await signEnvelope(thief, 'join', roundId, { role: 'data', software: 't' })),
      (error: ProtocolError) => error.reason === 'malformed' && /commit/.test(error.message),
    );
    await coordinator.receive(
      await signEnvelope(victim, 'join', roundId, { role: 'data', software: 't', dataCommitment: commitment }),
    );
    const report = await round;
    assert.equal(report.status, 'failed');
    assert.match(report.reason!, /only 1 data contributors joined; at least 3 are needed/);
  });
});

describe('more rows than fixed point can sum exactly', () => {
  it('fails the round before any aggregation, naming the bound', async () => {
    const { createCoordinator } = await import('./createCoordinator.js');
    const announcements: string[] = [];
    const coordinator = createCoordinator({
      signer: privateKeyToAccount(generatePrivateKey()),
      deliver: () => {},
      announce: (raw) => announcements.push(raw),
      settings: { joinWindowMs: 5_000, expectedParties: 3 },
    });
    const round = coordinator.runRound();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { roundId } = JSON.parse(announcements[0]!) as { roundId: string };
    for (let i = 0; i < 3; i++) {
      const party = privateKeyToAccount(generatePrivateKey());
      const rows = 2 ** 27;
      const sha256 = 'ef'.repeat(32);
      const signature = await party.signMessage({ message: dataCommitmentText(roundId, sha256, rows) });
      await coordinator.receive(
        await signEnvelope(party, 'join', roundId, {
          role: 'data',
          software: 't',
          dataCommitment: { sha256, rows, signature },
        }),
      );
    }
    const report = await round;
    assert.equal(report.status, 'failed');
    assert.match(report.reason!, /exceed what fixed-point secure aggregation sums exactly/);
  });
});
