#!/usr/bin/env node
// iotassure verify vs nmap 7.x on the same real fixtures, in ONE private network namespace on standard ports (nmap's
// NSE portrules key on port numbers, so ephemeral ports would silently skip its scripts). Needs root (unshare -n)
// and the Debian packages of test/fixtures (openssl, gnutls-bin, mosquitto, busybox-static, libcoap3-bin,
// minissdpd, nmap).
//
//   node --import tsx bench/verify-vs-nmap.mjs [--runs N] [--json FILE]
//
// Fixtures: mosquitto anonymous on 1883, openssl s_server weak (TLS 1.0–1.2, ALL:@SECLEVEL=0, RSA-1024/SHA-1) on
// 443 and strong (TLS 1.2/1.3, ECDHE AEAD) on 8443, gnutls-serv with 3DES/RC4 on 4433, busybox telnetd on 23,
// libcoap (CoAP 5683, DTLS 5684, PSK), minissdpd on 1900 with a UPnP description server on 5000.
// Each run starts the fixtures, runs iotassure (the checks with an nmap equivalent, then all TLS/CoAP/UPnP checks)
// and nmap, each timed as a process from the same shell, and writes the results to files (never a pipe).
// Then prints both times and a fact-by-fact agree/differ table.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { suiteByName } from '../src/verify/tls/suites.ts';
import { makeCertificates } from '../test/fixtures/certs.ts';
import { gnutlsCommand } from '../test/fixtures/gnutls.ts';
import { netnsUnavailable, runInNetns } from '../test/fixtures/netns.ts';
import { minissdpdScript } from '../test/fixtures/ssdp.ts';
import { which } from '../test/fixtures/system.ts';
import { opensslArgs } from '../test/fixtures/tls.ts';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 0) || 3;
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
// --from DIR: only compare the facts of an earlier run's work dir (no fixtures, no timing; BENCH_KEEP=1 keeps them)
const from = args.includes('--from') ? args[args.indexOf('--from') + 1] : undefined;

const NEEDED = ['openssl', 'gnutls-serv', 'mosquitto', 'busybox', 'coap-server-openssl', 'minissdpd', 'nmap'];
const missing = NEEDED.filter((b) => !which(b));
const unavailable = netnsUnavailable();
if (missing.length > 0 || unavailable) {
  console.error(`cannot run: ${missing.length ? `missing ${missing.join(', ')}` : ''} ${unavailable ?? ''}`.trim());
  process.exit(2);
}

const TCP = [23, 443, 1883, 4433, 8443];
const UDP = [1900, 5683];
const EQUIVALENT = ['TLS-01', 'TLS-02', 'TLS-04', 'CRED-03', 'MQTT-01', 'NET-01', 'COAP-01', 'UPNP-01', 'UPNP-02'];
const ALL = [...EQUIVALENT, 'TLS-03', 'TLS-05', 'TLS-06', 'COAP-02'];
const NMAP_SCRIPTS = 'ssl-enum-ciphers,ssl-cert,mqtt-subscribe,coap-resources,upnp-info,telnet-encryption,banner';

const dir = mkdtempSync(join(tmpdir(), 'iotassure-bench-nmap-'));
// each namespace run's work dir goes with it, unless BENCH_KEEP is set (then they are named, for --from)
const works = [];
process.on('exit', () => {
  rmSync(dir, { recursive: true, force: true });
  if (process.env.BENCH_KEEP) console.error(`work dirs kept: ${works.join(' ')}`);
  else for (const work of works) rmSync(work, { recursive: true, force: true });
});
const certs = await makeCertificates(join(dir));
writeFileSync(
  join(dir, 'login.sh'),
  "#!/bin/sh\nprintf 'login: '\nread u\nprintf 'Password: '\nread p\necho 'Login incorrect'\n",
  {
    mode: 0o755,
  },
);
writeFileSync(
  join(dir, 'mosquitto.conf'),
  'user root\nper_listener_settings false\nallow_anonymous true\npersistence false\nlistener 1883 127.0.0.1\n',
  { mode: 0o644 },
);

/** The device as a verification spec: every service declared, intrusive TLS enumeration allowed. */
function spec(limits) {
  return {
    limits,
    targets: [
      {
        id: 'bench',
        host: '127.0.0.1',
        allow: ['intrusive'],
        services: [
          { port: 23, protocol: 'telnet' },
          { port: 443, protocol: 'https' },
          { port: 8443, protocol: 'https' },
          { port: 4433, protocol: 'https' },
          { port: 1883, protocol: 'mqtt' },
          { port: 5683, protocol: 'coap', publicPaths: ['/'] },
          { port: 5684, protocol: 'coaps' },
          { port: 1900, protocol: 'ssdp' },
        ],
      },
    ],
  };
}
// nmap neither rate-limits nor caps per-host sockets; give ours the same freedom (the defaults are 10 new
// connections/s and 2 per host, which make TLS-02 take ~15 s by design). Both are measured.
const FAST = { timeoutMs: 2000, connectionsPerSecond: 1000, perHost: 8, concurrency: 32 };
writeFileSync(join(dir, 'spec-fast.json'), JSON.stringify(spec(FAST)));
writeFileSync(join(dir, 'spec-default.json'), JSON.stringify(spec({})));

const q = (s) => `'${s.replace(/'/g, "'\\''")}'`;
const nmapArgs = [
  '-n',
  '-Pn',
  '-sT',
  '-sU',
  '-p',
  `T:${TCP.join(',')},U:${UDP.join(',')}`,
  '--script',
  NMAP_SCRIPTS,
  '--script-args',
  'mqtt-subscribe.listen-time=1',
];

const setup = `
bg mosquitto -c ${dir}/mosquitto.conf
bg openssl ${opensslArgs('weak', certs, '127.0.0.1:443').map(q).join(' ')}
bg openssl ${opensslArgs('strong', certs, '127.0.0.1:8443').map(q).join(' ')}
bg ${gnutlsCommand(certs.weak, 4433)}
bg busybox telnetd -F -p 23 -b 127.0.0.1 -l ${dir}/login.sh
bg coap-server-openssl -A 127.0.0.1 -p 5683 -k bench-psk-secret
${minissdpdScript(5000, 'basic')}
for p in 23 443 1883 4433 8443; do wait_tcp $p; done
sleep 0.3
`;

const script = (first) => `${setup}ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
t=$(date +%s%N); scan ${dir}/spec-fast.json "$WORK/ours-eq.json" ${EQUIVALENT.join(',')}; OURS_EQ=$(ms $t)
t=$(date +%s%N); scan ${dir}/spec-fast.json "$WORK/ours-all.json" ${ALL.join(',')}; OURS_ALL=$(ms $t)
t=$(date +%s%N); nmap ${nmapArgs.map(q).join(' ')} -oX "$WORK/nmap.xml" 127.0.0.1 >/dev/null 2>>"$WORK/fixtures.log"; NMAP=$(ms $t)
${
  first
    ? `t=$(date +%s%N); nmap ${nmapArgs.map(q).join(' ')} -sV -oX "$WORK/nmap-sv.xml" 127.0.0.1 >/dev/null 2>>"$WORK/fixtures.log"; NMAP_SV=$(ms $t)
t=$(date +%s%N); scan ${dir}/spec-default.json "$WORK/ours-default.json" ${EQUIVALENT.join(',')}; OURS_DEFAULT=$(ms $t)`
    : 'NMAP_SV=null; OURS_DEFAULT=null'
}
echo "{\\"oursEq\\":$OURS_EQ,\\"oursAll\\":$OURS_ALL,\\"nmap\\":$NMAP,\\"nmapSv\\":$NMAP_SV,\\"oursDefault\\":$OURS_DEFAULT}" > "$OUT"
`;

// The first run also times nmap -sV (slow: ~2 min here) and iotassure with its default safety limits.
const results = [];
let first = from ? { work: from } : undefined;
if (from) results.push({});
for (let i = 0; i < (from ? 0 : runs); i++) {
  const run = await runInNetns(undefined, script(i === 0), { timeoutMs: i === 0 ? 420_000 : 120_000 });
  works.push(run.work);
  if (!run.output) {
    console.error(`run ${i + 1} produced no result (exit ${run.code}):\n${run.stderr}\n${run.log.slice(-3000)}`);
    process.exit(1);
  }
  const times = JSON.parse(run.output);
  const read = (name) => JSON.parse(readFileSync(join(run.work, name), 'utf8'));
  times.oursEqInProcess = read('ours-eq.json').ms;
  times.oursAllInProcess = read('ours-all.json').ms;
  results.push(times);
  first ??= run;
  process.stderr.write(`run ${i + 1}/${runs}: ${JSON.stringify(times)}\n`);
}

// ---------------------------------------------------------------------------------------------------------------
// Facts

const ours = JSON.parse(readFileSync(join(first.work, 'ours-all.json'), 'utf8'));
const nmapXml = readFileSync(join(first.work, 'nmap.xml'), 'utf8');
const nmapSvXml = readFileSync(join(first.work, 'nmap-sv.xml'), 'utf8');
const parser = new XMLParser({
  ignoreAttributes: false,
  htmlEntities: true,
  attributeNamePrefix: '',
  isArray: (name) => ['port', 'script', 'table', 'elem'].includes(name),
});

function nmapPorts(xml) {
  const doc = parser.parse(xml);
  const host = doc.nmaprun.host;
  const ports = {};
  for (const port of host?.ports?.port ?? []) ports[`${port.portid}/${port.protocol}`] = port;
  return ports;
}
const nmapFast = nmapPorts(nmapXml);
const nmapSv = nmapPorts(nmapSvXml);

const script_ = (port, id) => port?.script?.find((s) => s.id === id);
const elemValue = (e) => (typeof e === 'object' ? (e['#text'] ?? '') : String(e));

const NORMALISE_VERSION = { 'TLSv1.0': 'TLSv1' };
function nmapSuites(port) {
  const s = script_(port, 'ssl-enum-ciphers');
  if (!s) return undefined;
  const out = {};
  for (const table of s.table ?? []) {
    const version = NORMALISE_VERSION[table.key] ?? table.key;
    const ciphers = table.table?.find((t) => t.key === 'ciphers');
    const names = (ciphers?.table ?? [])
      .map((c) => elemValue(c.elem?.find((e) => e.key === 'name') ?? ''))
      .map((n) => suiteByName(n)?.name ?? n);
    out[version] = names.sort();
  }
  return out;
}

function ourSuites(port) {
  const o = ours.observations.find((x) => x.check === 'TLS-02' && x.service?.port === port);
  if (!o) return undefined;
  const out = {};
  for (const d of o.details ?? []) {
    const m = /^(SSLv3|TLSv1(?:\.\d)?): (.*)$/.exec(d);
    if (m) out[m[1]] = m[2] === 'none' ? [] : m[2].split(', ').sort();
  }
  return out;
}

const rows = [];
/** agree · differ · only-iotassure (nmap reported nothing for it) · only-nmap */
const row = (fact, a, b, note = '') => {
  const empty = (v) => v === '' || v === undefined || (Array.isArray(v) && v.length === 0);
  const status =
    JSON.stringify(a) === JSON.stringify(b) ? 'agree' : empty(b) ? 'only-iotassure' : empty(a) ? 'only-nmap' : 'differ';
  const r = { fact, iotassure: a, nmap: b, status, note };
  rows.push(r);
  return r;
};

const suiteRows = [];
for (const port of [443, 8443, 4433]) {
  const mine = ourSuites(port) ?? {};
  let theirs = nmapSuites(nmapFast[`${port}/tcp`]);
  let note = '';
  if (!theirs) {
    theirs = nmapSuites(nmapSv[`${port}/tcp`]);
    note = theirs ? 'nmap needed -sV: the port is not in its SSL portrule list' : 'nmap ran no ssl-enum-ciphers';
  }
  theirs ??= {};
  for (const version of [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].sort()) {
    const r = row(`${port}/tcp ${version} accepted suites`, mine[version] ?? [], theirs[version] ?? [], note);
    suiteRows.push({ r, port, version });
  }
}

// certificate key size and signature (TLS-04 vs ssl-cert)
for (const port of [443, 8443, 4433]) {
  const o = ours.observations.find((x) => x.check === 'TLS-04' && x.service?.port === port);
  const leaf = o?.details?.find((d) => d.startsWith('leaf: ')) ?? '';
  const mine = /RSA (\d+) bits; (\w+)/.exec(leaf);
  const cert = script_(nmapFast[`${port}/tcp`], 'ssl-cert') ?? script_(nmapSv[`${port}/tcp`], 'ssl-cert');
  const pubkey = cert?.table?.find((t) => t.key === 'pubkey');
  const bits = pubkey?.elem?.find((e) => e.key === 'bits');
  const sig = cert?.elem?.find((e) => e.key === 'sig_algo');
  row(
    `${port}/tcp certificate key bits, signature`,
    mine ? `${mine[1]} ${mine[2]}` : '',
    cert ? `${elemValue(bits ?? '')} ${elemValue(sig ?? '')}` : '',
  );
}

// MQTT: anonymous CONNECT accepted?
{
  const o = ours.observations.find((x) => x.check === 'CRED-03');
  const mine = /CONNACK rc=(\d+)/.exec(JSON.stringify(o?.exchanges ?? []))?.[1];
  const s = script_(nmapFast['1883/tcp'], 'mqtt-subscribe');
  const out = s?.output ?? '';
  const theirs = /Connection rejected/i.test(out)
    ? 'rejected'
    : /Topics and their most recent payloads/.test(out)
      ? 'rc=0'
      : '';
  row('1883/tcp anonymous CONNACK', mine ? `rc=${mine}` : '', theirs, 'nmap: a topic dump means rc=0');
}

// CoAP resources
let coapRow;
{
  const o = ours.observations.find((x) => x.check === 'COAP-01');
  const listed =
    o?.details
      ?.find((d) => d.startsWith('listed: '))
      ?.slice(8)
      .split(', ')
      .sort() ?? [];
  const s = script_(nmapFast['5683/udp'], 'coap-resources');
  const theirs = (s?.table ?? []).map((t) => t.key).sort();
  coapRow = row('5683/udp CoAP /.well-known/core resources', listed, theirs);
}

// telnet: the IAC negotiation bytes, and no encryption
{
  const o = ours.observations.find((x) => x.check === 'NET-01');
  const mine = /telnet: ([0-9a-f]+)/.exec(JSON.stringify(o?.exchanges ?? []))?.[1]?.slice(0, 24) ?? '';
  const s = script_(nmapFast['23/tcp'], 'banner');
  const theirs = (s?.output ?? '')
    .replace(/\\x([0-9A-Fa-f]{2})/g, (_m, h) => h.toLowerCase())
    .replace(/[^0-9a-f]/g, '')
    .slice(0, 24);
  row('23/tcp telnet negotiation bytes', mine, theirs);
  const enc = script_(nmapFast['23/tcp'], 'telnet-encryption');
  row(
    '23/tcp cleartext telnet (no ENCRYPT option)',
    o?.verdict === 'FAIL' ? 'yes' : '',
    /does not support encryption/.test(enc?.output ?? '') ? 'yes' : (enc?.output ?? ''),
  );
}

// SSDP answer and UPnP description
{
  const o = ours.observations.find((x) => x.check === 'UPNP-01');
  const seen = (o?.exchanges ?? []).map((e) => e.seen).join('\n');
  const mine = `${/SERVER=(.*?) LOCATION=/.exec(seen)?.[1] ?? ''} | ${/LOCATION=(\S+)/.exec(seen)?.[1] ?? ''}`;
  const out = script_(nmapFast['1900/udp'], 'upnp-info')?.output ?? '';
  const theirs = `${/Server: (.*)/.exec(out)?.[1]?.trim() ?? ''} | ${/Location: (\S+)/.exec(out)?.[1] ?? ''}`;
  row('1900/udp SSDP SERVER | LOCATION', mine, theirs);
  const o2 = ours.observations.find((x) => x.check === 'UPNP-02');
  const mine2 = /: (Test [^,]+)/.exec((o2?.details ?? []).join('\n'))?.[1] ?? '';
  row('1900/udp UPnP friendlyName (description fetched)', mine2, /Name: (.*)/.exec(out)?.[1]?.trim() ?? '');
}

// ---------------------------------------------------------------------------------------------------------------
// Oracle: where the two tools differ, ask the reference client (openssl s_client for suites, libcoap's coap-client
// for resources) against the same fixtures, restarted in a fresh namespace.

const stdToOpenssl = new Map(
  spawnSync('openssl', ['ciphers', '-V', '-stdname', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length > 4)
    .map((f) => [f[2], f[4]]),
);
const FLAG = { TLSv1: '-tls1', 'TLSv1.1': '-tls1_1', 'TLSv1.2': '-tls1_2', 'TLSv1.3': '-tls1_3' };
const probes = [];
for (const { r, port, version } of suiteRows) {
  if (r.status === 'agree') continue;
  for (const name of [
    ...r.iotassure.filter((x) => !r.nmap.includes(x)),
    ...r.nmap.filter((x) => !r.iotassure.includes(x)),
  ]) {
    const ossl = stdToOpenssl.get(name);
    if (!ossl || !FLAG[version]) continue;
    const cipher = version === 'TLSv1.3' ? `-ciphersuites ${ossl}` : `-cipher ${ossl}@SECLEVEL=0`;
    probes.push({
      r,
      name,
      cmd: `echo Q | timeout 3 openssl s_client -connect 127.0.0.1:${port} ${FLAG[version]} ${cipher} 2>&1 | grep -m1 'Cipher is' || echo none`,
    });
  }
}
let oracle = [];
if (probes.length > 0 || coapRow.status !== 'agree') {
  const lines = probes.map((p, i) => `echo "${i} $(${p.cmd})" >> "$OUT"`);
  lines.push(
    `echo "coap $(coap-client-notls -m get coap://127.0.0.1/.well-known/core 2>/dev/null | tr -d '\\n')" >> "$OUT"`,
  );
  const run = await runInNetns(undefined, `${setup}\n${lines.join('\n')}`, { timeoutMs: 120_000 });
  works.push(run.work);
  oracle = run.output.split('\n').filter(Boolean);
  for (const [i, p] of probes.entries()) {
    const line = oracle.find((l) => l.startsWith(`${i} `)) ?? '';
    const accepted = /Cipher is (?!\(NONE\))/.test(line);
    p.r.oracle ??= { accepted: [], refused: [] };
    p.r.oracle[accepted ? 'accepted' : 'refused'].push(p.name);
  }
  const coap = oracle.find((l) => l.startsWith('coap '))?.slice(5) ?? '';
  const links = [...coap.matchAll(/<([^>]*)>/g)].map((m) => m[1]).sort();
  if (coapRow.status !== 'agree') coapRow.oracle = { 'coap-client': links };
}
// which tool the reference client agrees with, for each difference
for (const r of rows.filter((x) => x.oracle)) {
  const right = (list) =>
    JSON.stringify([...list].sort()) === JSON.stringify([...(r.oracle['coap-client'] ?? [])].sort());
  if (r.oracle['coap-client']) r.oracleSides = right(r.iotassure) ? 'iotassure' : right(r.nmap) ? 'nmap' : 'neither';
  else {
    const onlyOurs = r.iotassure.filter((x) => !r.nmap.includes(x));
    const onlyNmap = r.nmap.filter((x) => !r.iotassure.includes(x));
    const oursOk =
      onlyOurs.every((x) => r.oracle.accepted.includes(x)) && onlyNmap.every((x) => r.oracle.refused.includes(x));
    const nmapOk =
      onlyNmap.every((x) => r.oracle.accepted.includes(x)) && onlyOurs.every((x) => r.oracle.refused.includes(x));
    r.oracleSides = oursOk ? 'iotassure' : nmapOk ? 'nmap' : 'neither';
  }
}

// ---------------------------------------------------------------------------------------------------------------

const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};
const summary = {
  runs,
  medianMs: {
    iotassureEquivalentChecks: median(results.map((r) => r.oursEq)),
    iotassureEquivalentChecksInProcess: median(results.map((r) => r.oursEqInProcess)),
    iotassureAllChecks: median(results.map((r) => r.oursAll)),
    iotassureAllChecksInProcess: median(results.map((r) => r.oursAllInProcess)),
    nmap: median(results.map((r) => r.nmap)),
    nmapWithSv: results[0].nmapSv,
    iotassureDefaultLimits: results[0].oursDefault,
  },
  facts: rows,
  counts: Object.fromEntries(
    ['agree', 'differ', 'only-iotassure', 'only-nmap'].map((k) => [k, rows.filter((r) => r.status === k).length]),
  ),
  oracle: Object.fromEntries(
    ['iotassure', 'nmap', 'neither'].map((k) => [k, rows.filter((r) => r.oracleSides === k).length]),
  ),
  verdicts: ours.observations.map((o) => `${o.check} ${o.target}: ${o.verdict}`),
};

const m = summary.medianMs;
console.log(
  `\niotassure verify vs nmap — ${runs} runs, median wall time (process start to exit), one netns, same fixtures`,
);
console.log(
  `  iotassure, checks with an nmap equivalent (${EQUIVALENT.length}):  ${m.iotassureEquivalentChecks} ms  (in-process ${m.iotassureEquivalentChecksInProcess} ms)`,
);
console.log(
  `  iotassure, + TLS-03/05/06, COAP-02 (${ALL.length}):           ${m.iotassureAllChecks} ms  (in-process ${m.iotassureAllChecksInProcess} ms)`,
);
console.log(
  `  nmap -sT -sU -p ${TCP.length}+${UDP.length} ports, ${NMAP_SCRIPTS.split(',').length} scripts:        ${m.nmap} ms`,
);
console.log(`  nmap, same with -sV (first run):                       ${m.nmapWithSv} ms`);
console.log(`  iotassure with default safety limits (10 conn/s, 2/host), first run: ${m.iotassureDefaultLimits} ms`);
console.log(
  `\nfacts: ${Object.entries(summary.counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ')}`,
);
console.log(
  `reference clients (openssl s_client, coap-client) side with: ${Object.entries(summary.oracle)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
const width = Math.max(...rows.map((r) => r.fact.length));
const show = (v) =>
  Array.isArray(v)
    ? `${v.length || 'none'}${v.length ? ` (${v.slice(0, 2).join(', ')}${v.length > 2 ? ', …' : ''})` : ''}`
    : v || '—';
for (const r of rows) {
  console.log(
    `  ${r.status.padEnd(14)} ${r.fact.padEnd(width)}  iotassure: ${show(r.iotassure)}  nmap: ${show(r.nmap)}${r.note ? `  [${r.note}]` : ''}`,
  );
  if (r.status !== 'agree' && Array.isArray(r.iotassure)) {
    const onlyOurs = r.iotassure.filter((x) => !r.nmap.includes(x));
    const onlyNmap = r.nmap.filter((x) => !r.iotassure.includes(x));
    if (onlyOurs.length) console.log(`${' '.repeat(17)}only iotassure: ${onlyOurs.join(', ')}`);
    if (onlyNmap.length) console.log(`${' '.repeat(17)}only nmap:      ${onlyNmap.join(', ')}`);
  }
  if (r.oracle?.accepted) {
    console.log(
      `${' '.repeat(17)}openssl s_client: accepted ${r.oracle.accepted.join(', ') || 'none'}; refused ${r.oracle.refused.join(', ') || 'none'}`,
    );
  }
  if (r.oracle?.['coap-client'])
    console.log(`${' '.repeat(17)}coap-client lists: ${r.oracle['coap-client'].join(', ')}`);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(summary, null, 2));
