/**
 * Workspace benchmark (not a test): an `iotassure serve` process with BENCH_SYSTEMS systems (the examples and
 * synthetic 1 000-element systems) and 50 users; API reads at a fixed 200 requests/s with autocannon (p50/p99);
 * then a 10 000-element model pushed and timed until its assessment is visible. SQLite by default; set
 * BENCH_DATABASE_URL=postgres://… to measure PostgreSQL. Run: npm run -s build && node --import tsx bench/server.ts
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { tempDir } from '../test/fixtures/system.js';
import { api, serve, sessionApi, token } from '../test/support/server-process.js';
import { syntheticModel } from './synthetic.js';

const SYSTEMS = Number(process.env.BENCH_SYSTEMS ?? 200);
const USERS = 50;
const database = process.env.BENCH_DATABASE_URL;
const server = await serve(database ? ['--database', database] : ['--data', tempDir('iotassure-bench-')]);
try {
  const admin = await sessionApi(server.url);
  const secret = await token(server.url);
  const call = api(server.url, secret);
  const examples = ['monitoring-camera', 'smart-home', 'industrial-sensors'].map((e) =>
    readFileSync(new URL(`../examples/${e}/system.yaml`, import.meta.url), 'utf8'),
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
