import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/**
 * On a machine of two cores or fewer, young-generation collections (scavenges) are made by the main thread alone.
 * V8 scavenges with helper threads, one per core; when the server already keeps the cores busy (its main thread,
 * embedded PGlite on it, and here the clients on the same box) the main thread waits for helpers the OS has not
 * scheduled yet, and every pause doubles: under the screening bench on 2 cores a scavenge stopped the server for
 * ~10 ms with helpers and ~5 ms without, the same ~0.7 MB surviving. A pause stops every request in flight, so it
 * shows in the p99. Returns whether the helpers were turned off.
 * @example tuneGarbageCollector() // true on a 2-core machine
 */
export function tuneGarbageCollector(cores = availableParallelism()): boolean {
  if (cores > 2) return false;
  // V8 reads the flag at every scavenge, so setting it once the process runs is enough.
  setFlagsFromString('--no-parallel-scavenge');
  return true;
}
