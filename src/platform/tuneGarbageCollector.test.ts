import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

// A process that keeps a few hundred thousand young objects alive across scavenges, so helper threads have work,
// and prints V8's per-collection trace (--trace-gc-nvp): each scavenge's `background.scavenge.parallel` is the
// time helper threads spent on it.
function helperTimes(cores: number): number[] {
  const script = `
    import { setFlagsFromString } from 'node:v8';
    import { tuneGarbageCollector } from ${JSON.stringify(new URL('./tuneGarbageCollector.ts', import.meta.url).href)};
    tuneGarbageCollector(${cores});
    setFlagsFromString('--trace-gc-nvp');
    const kept = [];
    for (let round = 0; round < 200; round++) {
      const batch = [];
      for (let i = 0; i < 20000; i++) batch.push({ i, text: 'x' + i, pair: [i, i + 1] });
      kept.push(batch);
      if (kept.length > 8) kept.shift();
    }`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);
  const times = [...child.stdout.matchAll(/background\.scavenge\.parallel=([0-9.]+)/g)].map((m) => Number(m[1]));
  assert.ok(times.length > 5, `expected scavenges in the trace, got ${times.length}`);
  return times;
}

test('on two cores scavenges are made by the main thread alone; on more, helper threads still take part', () => {
  assert.deepEqual(
    helperTimes(2).filter((ms) => ms > 0),
    [],
  );
  assert.ok(
    helperTimes(8).some((ms) => ms > 0),
    'with helpers on, some scavenge should have used them',
  );
});
