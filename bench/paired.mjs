// Paired measurements for the comparisons (bench/sbom.mjs, bench/vs-pytm.mjs): on a machine whose load changes, a
// and b run one after the other, the order alternating, so a drift falls on both alike.

/** Runs a() and b() `runs` times each, alternating which goes first; returns both lists of results. */
export function pairedRuns(runs, a, b) {
  const as = [];
  const bs = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      as.push(a());
      bs.push(b());
    } else {
      bs.push(b());
      as.push(a());
    }
  }
  return [as, bs];
}

/** The median (the lower middle value for an even count). */
export const median = (values) => values.toSorted((x, y) => x - y)[Math.floor((values.length - 1) / 2)];
