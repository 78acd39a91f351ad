import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runComputeJob } from '../contribution/runComputeJob.js';
import { runInProcessRound } from '../federated/runInProcessRound.js';
import { fraudParties } from '../fixtures/fraudParties.js';

const settings = {
  params: { trees: 2, maxDepth: 2 },
  contribution: { enabled: true } as never,
  computeTimeoutMs: 20_000,
};

describe('verifiable compute jobs', () => {
  it('pays compute contributors whose results agree, and not one that cheats', async () => {
    const { parties, validation } = fraudParties({ stride: 10, parties: 3 });
    const cheat = (kind: string, input: unknown) => {
      const honest = runComputeJob(kind, input) as Record<string, unknown>;
      return { ...honest, cheated: true };
    };
    const { report, nodes } = await runInProcessRound({
      parties: [
        ...parties.map((dataset) => ({ dataset })),
        { compute: true as const },
        { compute: true as const, runComputeJob: cheat },
      ],
      validation,
      settings,
    });
    assert.equal(report.status, 'completed', report.reason ?? '');
    const honest = nodes[3]!.address.toLowerCase();
    const cheater = nodes[4]!.address.toLowerCase();
    assert.deepEqual(
      report.computeJobs.map((job) => job.kind),
      ['contributionSampling', 'validationScoring'],
    );
    for (const job of report.computeJobs) {
      assert.deepEqual(job.assigned.sort(), [honest, cheater].sort());
      assert.equal(job.agreed, false);
      assert.equal(job.decidedBy, 'coordinator');
      assert.deepEqual(job.paid, [honest]);
      assert.deepEqual(job.disagreed, [cheater]);
    }
    // The contribution values come from the coordinator's own run, not the cheater's.
    assert.equal(report.contributions.filter((entry) => entry.status === 'paid').length, 3);
  });

  it('accepts a result when two compute contributors return the same bytes', async () => {
    const { parties, validation } = fraudParties({ stride: 10, parties: 3 });
    const { report, nodes } = await runInProcessRound({
      parties: [...parties.map((dataset) => ({ dataset })), { compute: true as const }, { compute: true as const }],
      validation,
      settings,
    });
    assert.equal(report.status, 'completed', report.reason ?? '');
    const computeNodes = nodes
      .slice(3)
      .map((node) => node.address.toLowerCase())
      .sort();
    for (const job of report.computeJobs) {
      assert.equal(job.agreed, true);
      assert.equal(job.decidedBy, 'agreement');
      assert.deepEqual([...job.paid].sort(), computeNodes);
    }
    assert.equal(report.parties.filter((party) => party.role === 'compute').length, 2);
  });
});
