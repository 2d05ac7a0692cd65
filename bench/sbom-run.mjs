#!/usr/bin/env node
// One timed run of verifySbom in a fresh process: node bench/sbom-run.mjs SBOM OSV_ZIP [workers]
// Uses the compiled dist/ when it is there (what users run), else the TypeScript sources through tsx.
// With BENCH_SBOM_DUMP=FILE it also writes the match report and the checks' results (times left out) to FILE, so
// two builds' results can be compared byte for byte.
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/verify/sbom/index.js', import.meta.url);
let mod;
if (existsSync(fileURLToPath(dist))) mod = await import(dist.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  mod = await import('../src/verify/sbom/index.ts');
}
const [sbom, osv, workers] = process.argv.slice(2);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const result = await mod.verifySbom({ sbom, osv }, workers === undefined ? {} : { workers: Number(workers) });
const totalMs = Math.round(performance.now() - t0);
const cpu = process.cpuUsage(cpu0);
const components = result.report.components;
console.log(
  JSON.stringify({
    code: existsSync(fileURLToPath(dist)) ? 'dist' : 'src (tsx)',
    totalMs,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    components: components.length,
    records: result.report.database.records,
    vulnerableComponents: components.filter((c) => c.status === 'VULNERABLE').length,
    matches: components.reduce((n, c) => n + c.matches.length, 0),
    notEvaluated: components.filter((c) => c.status === 'NOT_EVALUATED').length,
    entriesRead: result.pass?.entriesRead,
    threads: result.pass?.threads,
    verdicts: result.observations.map((o) => `${o.check} ${o.verdict}`),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
if (process.env.BENCH_SBOM_DUMP) {
  const observations = result.observations.map(({ collected: _c, durationMs: _d, ...o }) => o);
  writeFileSync(process.env.BENCH_SBOM_DUMP, JSON.stringify({ report: result.report, observations }, null, 1));
}
