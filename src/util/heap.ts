/**
 * Collecting a phase's leftovers before the next phase starts, for large models only. V8 lets garbage pile up while it
 * has room: at 100 000 elements the heap held about 1.9 GB after the assessment of which 0.7 GB was live, and each
 * report format added its own garbage on top (2.8 GB peak for `--format all`). Where a phase ends, what it made and
 * dropped is known to be garbage; a full collection there takes about half a second at that size (the formats after it
 * then run on a smaller heap, and the whole run took no longer), and nothing is done below COLLECT_ABOVE.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Heap in use below which nothing is collected (a 10 000-element assessment stays below it). */
export const COLLECT_ABOVE = 512 * 1024 * 1024;

let collect: (() => void) | undefined;

/** Runs a full garbage collection when the heap in use is above `above` bytes; returns whether it did. */
export function collectBetweenPhases(above = COLLECT_ABOVE): boolean {
  if (getHeapStatistics().used_heap_size < above) return false;
  collect ??= garbageCollector();
  collect();
  return true;
}

/**
 * V8's collector, without starting Node with --expose-gc: the flag is set only while one fresh context is made (which
 * then has `gc`), and cleared again, so that no context made later gets a `gc` of its own.
 */
function garbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as () => void;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
