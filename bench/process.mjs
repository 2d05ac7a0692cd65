// A whole process timed as a user meets it (bench/run.mjs, startup.mjs, formats.mjs): its wall time and, with GNU
// time installed, its CPU time (user + system) and peak resident memory.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
/** whether CPU time and peak memory are measured (GNU time is installed) */
export const measuresResources = TIME !== undefined;

/**
 * Runs `command args` to its end; throws with its standard error when it fails. Returns wall ms, and CPU ms and peak
 * RSS in MB when GNU time is there (else undefined).
 */
export function timedProcess(command, args, options = {}) {
  const started = performance.now();
  const result = TIME
    ? spawnSync(TIME, ['-f', 'bench-resources %U %S %M', command, ...args], { encoding: 'utf8', ...options })
    : spawnSync(command, args, { encoding: 'utf8', ...options });
  const wallMs = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`${[command, ...args].join(' ')} exited ${result.status}\n${result.stderr}`);
  }
  const used = /bench-resources ([\d.]+) ([\d.]+) (\d+)/.exec(result.stderr);
  return {
    wallMs,
    cpuMs: used ? (Number(used[1]) + Number(used[2])) * 1000 : undefined,
    peakRssMb: used ? Math.round(Number(used[3]) / 1024) : undefined,
    stdout: result.stdout,
  };
}
