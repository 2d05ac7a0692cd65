/**
 * Workspace benchmark (not a test): an `iotassure serve` process with BENCH_SYSTEMS systems (the examples and
 * synthetic 1 000-element systems) and 50 users; API reads at a fixed 200 requests/s with autocannon (p50/p99); the
 * portfolio page in Chromium, from navigation until every system's row is shown; then a 10 000-element model pushed
 * and timed until its assessment is visible. Also the server process's CPU time per request of each read route (Linux:
 * from /proc, sequential requests), which the machine's other load does not change much. SQLite by default; BENCH_DATABASE=postgres starts a throwaway
 * PostgreSQL (Debian's package, as the tests do), BENCH_DATABASE_URL=postgres://… uses one of yours.
 * Run: npm run -s build && node --import tsx bench/server.ts
 */
import { readFileSync, rmSync } from 'node:fs';
import autocannon from 'autocannon';
import { chromium } from 'playwright-core';
import { throwawayPostgres } from '../test/fixtures/postgres.js';
import { tempDir, which } from '../test/fixtures/system.js';
import { ADMIN } from '../test/support/server.js';
import { api, serve, sessionApi, token } from '../test/support/server-process.js';
import { syntheticModel } from './synthetic.js';

const SYSTEMS = Number(process.env.BENCH_SYSTEMS ?? 200);
const USERS = 50;
const database = process.env.BENCH_DATABASE_URL ?? (await postgresUrl());
// The SQLite store of 200 systems is about half a gigabyte: removed with the process.
const data = database ? undefined : tempDir('iotassure-bench-');
if (data) process.on('exit', () => rmSync(data, { recursive: true, force: true }));
const server = await serve(data ? ['--data', data] : ['--database', database!]);
try {
  const admin = await sessionApi(server.url);
  const secret = await token(server.url);
  const call = api(server.url, secret);
  const examples = ['monitoring-camera', 'smart-home', 'industrial-sensors'].map((e) =>
    // The workspace reads no rules files (they would be files on the server): the example's own rules stay out.
    readFileSync(new URL(`../examples/${e}/system.yaml`, import.meta.url), 'utf8').replace(/^rules:.*$/m, ''),
  );
  const synthetic = syntheticModel(1000);
  const started = performance.now();
  for (let i = 0; i < SYSTEMS; i++) {
    const res = await call('POST', `/api/systems/s${i}/revisions`, { yaml: i % 4 === 3 ? synthetic : examples[i % 3] });
    if (res.status !== 201) throw new Error(res.text);
  }
  for (let i = 0; i < USERS; i++) {
    await admin('POST', '/api/users', { email: `u${i}@example.org`, password: 'a long bench password' });
  }
  // Reads are measured on a settled workspace: every system assessed.
  for (;;) {
    const list = await call('GET', '/api/systems');
    if (list.json.systems.every((s: { assessmentState: string }) => s.assessmentState !== 'pending')) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`setup: ${SYSTEMS} systems and ${USERS} users in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const paths = [
    '/api/systems',
    '/api/systems/s1',
    '/api/systems/s2/revisions',
    '/api/systems/s3/model',
    '/api/health',
  ];
  await cpuPerRoute(server.fixture.pid, server.url, secret, paths);
  const result = await autocannon({
    url: server.url,
    connections: 20,
    overallRate: 200,
    duration: Number(process.env.BENCH_SECONDS ?? 20),
    headers: { authorization: `Bearer ${secret}` },
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  console.log(
    `API reads at 200 req/s (${database ? 'PostgreSQL' : 'SQLite'}): ${result.requests.total} requests, ` +
      `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms, non-2xx ${result.non2xx}`,
  );
  await portfolioInBrowser(server.url);
  const t0 = performance.now();
  const pushed = await call('POST', '/api/systems/big/revisions', { yaml: syntheticModel(10_000) });
  for (;;) {
    const r = await call('GET', `/api/systems/big/revisions/${pushed.json.revision}`);
    if (r.json.assessmentState !== 'pending') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = ((performance.now() - t0) / 1000).toFixed(2);
  console.log(`push of a 10 000-element model until its assessment is visible: ${seconds} s`);
} finally {
  await server.fixture.stop();
}

/** The process's user + system CPU time so far, in ms (Linux /proc; fields 14 and 15 are in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The server's CPU per request of each route: 200 requests one after the other (after 20 to warm up), and the
 * server process's CPU time across them. The load generator's CPU is not counted, nor the machine's other load.
 */
async function cpuPerRoute(pid: number, url: string, secret: string, paths: string[]): Promise<void> {
  const headers = { authorization: `Bearer ${secret}` };
  const parts: string[] = [];
  for (const path of paths) {
    const get = async () => {
      const res = await fetch(`${url}${path}`, { headers });
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      return (await res.arrayBuffer()).byteLength;
    };
    for (let i = 0; i < 20; i++) await get();
    const before = cpuMs(pid);
    let bytes = 0;
    for (let i = 0; i < 200; i++) bytes = await get();
    parts.push(`${path} ${((cpuMs(pid) - before) / 200).toFixed(2)} ms (${(bytes / 1024).toFixed(0)} KB)`);
  }
  console.log(`server CPU per request: ${parts.join('; ')}`);
}

/** A database of a throwaway PostgreSQL when BENCH_DATABASE=postgres. */
async function postgresUrl(): Promise<string | undefined> {
  if (process.env.BENCH_DATABASE !== 'postgres') return undefined;
  const started = throwawayPostgres();
  if (!started) throw new Error('BENCH_DATABASE=postgres needs PostgreSQL (Debian: apt-get install postgresql)');
  return (await started).createDatabase();
}

/** Signs in, then times the portfolio page from navigation until the row of every system is shown (median of 5). */
async function portfolioInBrowser(url: string): Promise<void> {
  const executablePath = which('chromium');
  if (!executablePath) {
    console.log('portfolio in Chromium: skipped (Debian: apt-get install chromium)');
    return;
  }
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      await page.goto(url);
      await page
        .locator('table.portfolio tbody tr')
        .nth(SYSTEMS - 1)
        .waitFor();
      times.push(performance.now() - started);
    }
    const median = times.sort((a, b) => a - b)[2]!;
    console.log(`portfolio in Chromium, ${SYSTEMS} systems shown: median ${median.toFixed(0)} ms of 5 loads`);
  } finally {
    await browser.close();
  }
}
