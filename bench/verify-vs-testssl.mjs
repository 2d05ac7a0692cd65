#!/usr/bin/env node
// iotassure's TLS facts beside testssl.sh's, on the same servers in ONE private network namespace, offline. Needs root
// (unshare -n), openssl, gnutls-serv, and a testssl.sh checkout of your own — it is not part of iotassure and is never
// copied into it: `--testssl PATH` (or $TESTSSL, or testssl.sh / testssl on the PATH).
//
//   node --import tsx bench/verify-vs-testssl.mjs --testssl ~/src/testssl.sh/testssl.sh [--json FILE] [--from DIR]
//
// Servers: openssl s_server weak (TLS 1.0–1.2, ALL:@SECLEVEL=0, self-signed RSA-1024/SHA-1) on 443, strong (TLS 1.2/1.3,
// ECDHE AEAD, RSA-2048 from the test CA) on 8443, TLS 1.3 only on 9443, the strong configuration with an expired
// certificate on 10443, and gnutls-serv with 3DES/RC4 and no RFC 5746 on 4433. iotassure runs TLS-01…05 (suite
// enumeration allowed); testssl.sh runs `-p -E -S -f -R -C -O` per port with `--nodns none`, its JSON to a file. A DNS
// tool must exist for testssl.sh to start, although with --nodns none it asks none: a stub `host` that answers
// nothing is put first on its PATH. The facts compared: versions offered, suites accepted per version (by code
// point), the certificate's key, signature, validity and trust, the DHE group size, secure renegotiation,
// compression, TLS_FALLBACK_SCSV and extended master secret.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { suiteById } from '../src/verify/tls/suites.ts';
import { makeCertificates } from '../test/fixtures/certs.ts';
import { gnutlsCommand } from '../test/fixtures/gnutls.ts';
import { netnsUnavailable, runInNetns } from '../test/fixtures/netns.ts';
import { which } from '../test/fixtures/system.ts';
import { opensslArgs } from '../test/fixtures/tls.ts';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const jsonOut = option('--json');
const from = option('--from');
const testssl = option('--testssl') ?? process.env.TESTSSL ?? which('testssl.sh') ?? which('testssl');

const missing = ['openssl', 'gnutls-serv'].filter((b) => !which(b));
if (!testssl || !existsSync(testssl)) missing.push('testssl.sh (give --testssl PATH)');
const unavailable = netnsUnavailable();
if (!from && (missing.length > 0 || unavailable)) {
  console.error(`cannot run: ${missing.length ? `missing ${missing.join(', ')}` : ''} ${unavailable ?? ''}`.trim());
  process.exit(2);
}

const SERVERS = [
  { port: 443, kind: 'weak' },
  { port: 8443, kind: 'strong' },
  { port: 9443, kind: 'tls13' },
  { port: 10443, kind: 'expired' },
  { port: 4433, kind: 'gnutls' },
];
const VERSIONS = [
  ['SSLv2', 'SSLv2', 'ssl2'],
  ['SSLv3', 'SSLv3', 'ssl3'],
  ['TLSv1', 'TLS1', 'tls1'],
  ['TLSv1.1', 'TLS1_1', 'tls1_1'],
  ['TLSv1.2', 'TLS1_2', 'tls1_2'],
  ['TLSv1.3', 'TLS1_3', 'tls1_3'],
];

let work = from;
if (!work) {
  const dir = mkdtempSync(join(tmpdir(), 'iotassure-bench-testssl-'));
  const certs = await makeCertificates(join(dir));
  const spec = {
    limits: { timeoutMs: 3000, connectionsPerSecond: 1000, perHost: 8, concurrency: 32, checkTimeoutMs: 600_000 },
    targets: [
      {
        id: 'bench',
        host: '127.0.0.1',
        allow: ['intrusive'],
        services: SERVERS.map(({ port }) => ({
          port,
          protocol: 'https',
          tls: { anchor: certs.ca.cert, versions: ['TLSv1.2', 'TLSv1.3'] },
        })),
      },
    ],
  };
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  mkdirSync(join(dir, 'bin'));
  writeFileSync(
    join(dir, 'bin', 'host'),
    '#!/bin/sh\n# a stub: testssl.sh only checks that a DNS tool exists\nexit 1\n',
  );
  chmodSync(join(dir, 'bin', 'host'), 0o755);
  const q = (s) => `'${s.replace(/'/g, "'\\''")}'`;
  const servers = SERVERS.map(({ port, kind }) =>
    kind === 'gnutls'
      ? `bg ${gnutlsCommand(certs.weak, port)}`
      : `bg openssl ${opensslArgs(kind, certs, `127.0.0.1:${port}`).map(q).join(' ')}`,
  );
  const testsslRuns = SERVERS.map(
    ({ port }) =>
      `(cd ${q(resolve(testssl, '..'))} && PATH=${q(join(dir, 'bin'))}:$PATH timeout 1200 bash ${q(testssl)} --nodns none --quiet --color 0 --warnings off --openssl /usr/bin/openssl --overwrite --add-ca ${q(certs.ca.cert)} --jsonfile "$WORK/testssl-${port}.json" -p -E -S -f -R -C -O 127.0.0.1:${port} > "$WORK/testssl-${port}.txt" 2>&1) &`,
  );
  const script = `${servers.join('\n')}
for p in ${SERVERS.map((s) => s.port).join(' ')}; do wait_tcp $p; done
sleep 0.3
t=$(date +%s%N); scan ${dir}/spec.json "$WORK/ours.json" TLS-01,TLS-02,TLS-03,TLS-04,TLS-05; OURS=$(( ($(date +%s%N) - t) / 1000000 ))
t=$(date +%s%N)
${testsslRuns.join('\n')}
wait_testssl() { for _ in $(seq 2400); do n=0; for p in ${SERVERS.map((s) => s.port).join(' ')}; do grep -q '"scanTime"' "$WORK/testssl-$p.json" 2>/dev/null && n=$((n+1)); done; [ $n = ${SERVERS.length} ] && return; sleep 0.5; done; }
wait_testssl
TESTSSL=$(( ($(date +%s%N) - t) / 1000000 ))
echo "{\\"ours\\":$OURS,\\"testssl\\":$TESTSSL}" > "$OUT"`;
  const run = await runInNetns(undefined, script, { timeoutMs: 1_500_000 });
  if (!run.output) {
    console.error(`no result (exit ${run.code}):\n${run.stderr}\n${run.log.slice(-3000)}`);
    process.exit(1);
  }
  writeFileSync(join(run.work, 'times.json'), run.output);
  work = run.work;
  console.error(`work dir: ${work}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Facts

const times = JSON.parse(readFileSync(join(work, 'times.json'), 'utf8'));
const ours = JSON.parse(readFileSync(join(work, 'ours.json'), 'utf8'));
const observation = (check, port) => ours.observations.find((o) => o.check === check && o.service?.port === port);
const detail = (o, re) => (o?.details ?? []).map((d) => re.exec(d)).find(Boolean);

/** Sizes of the DH groups testssl.sh names (RFC 2409, RFC 3526, RFC 7919), or the size it gives. */
const DH_GROUPS = [
  [/Oakley Group 1\b/, 768],
  [/Oakley Group 2\b/, 1024],
  [/Oakley Group 5\b/, 1536],
  [/Oakley Group 14\b/, 2048],
  [/Oakley Group 15\b/, 3072],
  [/Oakley Group 16\b/, 4096],
];
function dhGroupBits(finding) {
  const named = DH_GROUPS.find(([re]) => re.test(finding))?.[1];
  const ffdhe = /ffdhe(\d{4})/.exec(finding)?.[1];
  const bits = /(\d{3,4}) bits/.exec(finding)?.[1];
  return named ?? (ffdhe ? Number(ffdhe) : bits ? Number(bits) : undefined);
}

function testsslFacts(port) {
  const file = join(work, `testssl-${port}.json`);
  const entries = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  const byId = new Map(entries.map((e) => [e.id, e.finding]));
  return { byId, entries };
}

const rows = [];
const row = (fact, iotassure, other, note = '') => {
  const same = JSON.stringify(iotassure) === JSON.stringify(other);
  rows.push({ fact, iotassure, testssl: other, status: same ? 'agree' : 'differ', note });
};

for (const { port, kind } of SERVERS) {
  const { byId, entries } = testsslFacts(port);
  const where = `${port} (${kind})`;
  // versions
  const accepted = detail(observation('TLS-01', port), /^accepted: (.*)$/)?.[1]?.split(', ') ?? [];
  for (const [ours_, theirs] of VERSIONS) {
    const finding = byId.get(theirs) ?? '';
    row(`${where} ${ours_} offered`, accepted.includes(ours_), /^offered/.test(finding), finding);
  }
  // suites per version, by code point
  const tls02 = observation('TLS-02', port);
  for (const [ours_, , key] of VERSIONS) {
    if (ours_ === 'SSLv2') continue;
    const mine =
      detail(tls02, new RegExp(`^${ours_.replace('.', '\\.')}: (.*)$`))?.[1]
        ?.split(', ')
        .filter((n) => n !== 'none')
        .sort() ?? [];
    const theirs = entries
      .filter((e) => e.id.startsWith(`cipher-${key}_x`))
      .map((e) => {
        const code = Number.parseInt(e.id.slice(`cipher-${key}_x`.length), 16);
        return suiteById(code)?.name ?? `0x${code.toString(16).padStart(4, '0')}`;
      })
      .sort();
    if (mine.length === 0 && theirs.length === 0) continue;
    row(`${where} ${ours_} suites`, mine, theirs);
  }
  // certificate
  const leaf = detail(
    observation('TLS-04', port),
    /^leaf: .*?; (RSA|EC \S+) \(?(\d+) bits\)?; (\w+); valid (\S+) to (\S+)$/,
  );
  const keySize = /(RSA|EC) (\d+) bits/.exec(byId.get('cert_keySize') ?? '');
  row(`${where} certificate key bits`, leaf ? Number(leaf[2]) : null, keySize ? Number(keySize[2]) : null);
  const sig = (byId.get('cert_signatureAlgorithm') ?? '').replace(
    /^(SHA\d+) with RSA$/i,
    (_, h) => `${h.toLowerCase()}WithRSAEncryption`,
  );
  row(`${where} certificate signature`, leaf?.[3] ?? null, sig || null);
  row(
    `${where} certificate notAfter (date)`,
    leaf?.[5] ?? null,
    (byId.get('cert_notAfter') ?? '').slice(0, 10) || null,
  );
  const tls04 = observation('TLS-04', port);
  row(
    `${where} certificate expired`,
    /expired on/.test(tls04?.summary ?? ''),
    /^expired/.test(byId.get('cert_expirationStatus') ?? ''),
  );
  // testssl folds expiry into its chain result, so the fact is "the chain passes": the test CA reached, unexpired
  row(
    `${where} chain of trust passes (test CA, unexpired)`,
    (tls04?.details ?? []).some((d) => /ends at the declared anchor/.test(d)) &&
      !/expired on/.test(tls04?.summary ?? ''),
    /^passed/.test(byId.get('cert_chain_of_trust') ?? ''),
    byId.get('cert_chain_of_trust'),
  );
  // the DHE group of a TLS ≤ 1.2 handshake (TLS-03): testssl names it (an RFC group or ffdhe) or gives its size
  if (accepted.some((v) => v !== 'TLSv1.3')) {
    const dhe = detail(observation('TLS-03', port), /^DHE at \S+: DH (\d+) bits/);
    const theirsDh = dhGroupBits(byId.get('DH_groups') ?? '');
    if (dhe || theirsDh)
      row(`${where} DHE group bits`, dhe ? Number(dhe[1]) : null, theirsDh ?? null, byId.get('DH_groups'));
  }
  // hygiene (TLS-05)
  const tls05 = observation('TLS-05', port);
  const renego = detail(tls05, /^secure renegotiation: (yes|no)$/)?.[1];
  if (renego)
    row(
      `${where} secure renegotiation`,
      renego === 'yes',
      /^supported/.test(byId.get('secure_renego') ?? ''),
      byId.get('secure_renego'),
    );
  const compression = detail(tls05, /^compression: (\S+)$/)?.[1];
  if (compression) {
    const crime = byId.get('CRIME_TLS') ?? '';
    row(`${where} TLS compression`, compression !== 'none', !/^not vulnerable/i.test(crime), crime);
  }
  const ems = detail(tls05, /^extended master secret: (yes|no)$/)?.[1];
  if (ems)
    row(
      `${where} extended master secret`,
      ems === 'yes',
      /extended master secret\/#23/.test(byId.get('TLS_extensions') ?? ''),
    );
  const fallback = (tls05?.details ?? []).find((d) => d.startsWith('fallback protection'));
  const scsv = byId.get('fallback_SCSV') ?? '';
  if (fallback && !/not applicable/.test(fallback) && !/no protocol below/.test(scsv)) {
    row(`${where} TLS_FALLBACK_SCSV honoured`, /inappropriate_fallback/.test(fallback), /^supported/.test(scsv), scsv);
  }
}

// its banner carries colour codes whatever --color says; they are stripped before the version is read
const banner = testssl ? spawnSync('bash', [testssl, '--version'], { encoding: 'utf8' }).stdout : '';
const testsslVersion = /version\s+([\w.-]+)/.exec(
  banner
    .split('\x1b')
    .map((p) => p.replace(/^\[[0-9;]*m/, ''))
    .join(''),
)?.[1];
const counts = {
  agree: rows.filter((r) => r.status === 'agree').length,
  differ: rows.filter((r) => r.status === 'differ').length,
};
console.log(`\niotassure TLS-01…05 vs testssl.sh, ${SERVERS.length} servers in one netns`);
console.log(`  iotassure (5 checks, all ports, suites enumerated): ${times.ours} ms`);
console.log(`  testssl.sh -p -E -S -f -R -C -O, the ${SERVERS.length} ports in parallel: ${times.testssl} ms`);
console.log(
  `facts: ${counts.agree} agree, ${counts.differ} differ (testssl.sh ${testsslVersion ?? 'version unknown'})`,
);
const show = (v) =>
  Array.isArray(v) ? `${v.length} (${v.slice(0, 3).join(', ')}${v.length > 3 ? ', …' : ''})` : JSON.stringify(v);
for (const r of rows) {
  if (r.status === 'agree' && Array.isArray(r.iotassure)) console.log(`  agree   ${r.fact}: ${show(r.iotassure)}`);
  else
    console.log(
      `  ${r.status.padEnd(7)} ${r.fact}: iotassure ${show(r.iotassure)}, testssl ${show(r.testssl)}${r.status === 'differ' && r.note ? `  [${r.note}]` : ''}`,
    );
  if (r.status === 'differ' && Array.isArray(r.iotassure)) {
    console.log(`          only iotassure: ${r.iotassure.filter((x) => !r.testssl.includes(x)).join(', ') || '—'}`);
    console.log(`          only testssl:   ${r.testssl.filter((x) => !r.iotassure.includes(x)).join(', ') || '—'}`);
  }
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ times, counts, testsslVersion, rows }, null, 2));
