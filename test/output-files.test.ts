/**
 * What iotassure writes: each file replaced atomically (kill -9 mid-write leaves the previous one whole), a file set
 * all or nothing, never through a symbolic link unless --force, with fixed modes whatever the umask, the audit log
 * append-only and private, and every file system error an exit 2 naming the file — for verify, without losing the
 * results of the network run.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { syntheticModel } from '../bench/synthetic.js';
import { MODES, writeFileAtomic } from '../src/output/write.js';
import { InputError } from '../src/util/diagnostics.js';
import { auditFile } from '../src/verify/net/audit.js';
import { tempDir, which } from './fixtures/system.js';
import { bin, cli } from './support/cli.js';
import { CAMERA } from './support/reports.js';

const T = { timeout: 120_000 };
const mode = (path: string) => statSync(path).mode & 0o777;
const temporaries = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

function assertUserError(result: { code: number; stderr: string }, pattern: RegExp): void {
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /internal error|\n\s+at /, 'no stack trace');
}

/** Runs `fn` with the given umask, restoring the old one after. */
async function withUmask<R>(mask: number, fn: () => Promise<R> | R): Promise<R> {
  const old = process.umask(mask);
  try {
    return await fn();
  } finally {
    process.umask(old);
  }
}

describe('output files: symbolic links, modes and file sets', () => {
  it('refuses to write a report through a symbolic link; --force replaces the file it points to', T, async () => {
    const out = tempDir('iotassure-out-');
    const victim = join(tempDir('iotassure-victim-'), 'victim.txt');
    writeFileSync(victim, 'keep me\n');
    symlinkSync(victim, join(out, 'report.md'));
    assertUserError(
      await cli('assess', CAMERA, '--format', 'md', '--out', out),
      /report\.md: error: is a symbolic link/,
    );
    assert.equal(readFileSync(victim, 'utf8'), 'keep me\n');
    assert.deepEqual(temporaries(out), []);

    const forced = await cli('assess', CAMERA, '--format', 'md', '--out', out, '--force');
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(readFileSync(victim, 'utf8'), /^# Vistacam/);
    assert.ok(lstatSync(join(out, 'report.md')).isSymbolicLink(), 'the link stays a link');
  });

  it('reports are 0644 and evidence 0600 even under umask 000; a stricter umask still narrows them', T, async () => {
    const out = tempDir('iotassure-out-');
    await withUmask(0, async () => {
      assert.equal((await cli('assess', CAMERA, '--format', 'json,md', '--out', out)).code, 0);
      writeFileAtomic(join(out, 'evidence.json'), '{}\n', { mode: MODES.private });
    });
    assert.equal(mode(join(out, 'assessment.json')), 0o644);
    assert.equal(mode(join(out, 'report.md')), 0o644);
    assert.equal(mode(join(out, 'evidence.json')), 0o600);
    await withUmask(0o077, () => cli('assess', CAMERA, '--format', 'md', '--out', out));
    assert.equal(mode(join(out, 'report.md')), 0o600);
  });

  it('--format all leaves the previous report set whole when one file cannot be written', T, async () => {
    const out = tempDir('iotassure-out-');
    writeFileSync(join(out, 'assessment.json'), 'previous\n');
    mkdirSync(join(out, 'report.html')); // the HTML cannot replace a folder
    const result = await cli('assess', CAMERA, '--format', 'all', '--out', out);
    assertUserError(result, /report\.html: error: exists and is not a regular file; nothing was written/);
    assert.equal(readFileSync(join(out, 'assessment.json'), 'utf8'), 'previous\n');
    assert.deepEqual(readdirSync(out).sort(), ['assessment.json', 'report.html'], 'no new file, no temporary file');
  });

  it('a kill -9 during a large write leaves the previous report intact', T, async () => {
    const dir = tempDir('iotassure-kill-');
    const model = join(dir, 'fleet.yaml');
    writeFileSync(model, syntheticModel(1000));
    const out = join(dir, 'out');
    assert.equal(bin(['assess', CAMERA, '--format', 'json', '--out', out, '-q']).code, 0);
    const previous = readFileSync(join(out, 'assessment.json'), 'utf8');

    const child = spawn(process.execPath, [
      new URL('../bin/iotassure.js', import.meta.url).pathname,
      'assess',
      model,
      '--format',
      'json',
      '--out',
      out,
      '-q',
    ]);
    // the moment the temporary file appears, the new report is being written: kill it there
    const watcher = watch(out, (_, name) => {
      if (name?.startsWith('.assessment.json.') && name.endsWith('.tmp')) child.kill('SIGKILL');
    });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, s) => resolve(s)));
    watcher.close();
    assert.equal(signal, 'SIGKILL', 'killed during the write, not after it');
    assert.equal(temporaries(out).length, 1, 'the half-written report is a temporary file');
    assert.equal(readFileSync(join(out, 'assessment.json'), 'utf8'), previous, 'the previous report is intact');
    JSON.parse(readFileSync(join(out, 'assessment.json'), 'utf8'));
  });
});

describe('output files: text in pieces', () => {
  it('writes pieces as their UTF-8, across the points where it writes, and a piece larger than them whole', () => {
    const dir = tempDir('iotassure-pieces-');
    // three-byte and four-byte characters (a surrogate pair) on every side of each 1 MiB the writer holds
    const pieces = [
      ...Array.from({ length: 3000 }, (_, i) => `${i} ${'é€'.repeat(i % 300)}😀\n`),
      'x'.repeat(3 << 20),
      ...Array.from({ length: 3000 }, (_, i) => `Ж${'a'.repeat(i % 700)}\n`),
      '',
    ];
    const file = join(dir, 'pieces.txt');
    writeFileAtomic(file, pieces, { mode: MODES.report });
    const written = readFileSync(file);
    assert.ok(written.length > 6 << 20, `${written.length} bytes`);
    assert.ok(written.equals(Buffer.from(pieces.join(''), 'utf8')));
  });
});

describe('output files: errors on --out are exit 2', () => {
  it('--out that is a file, or that cannot be created, is an input error naming it', T, async (t) => {
    const dir = tempDir('iotassure-out-');
    writeFileSync(join(dir, 'file'), '');
    assertUserError(
      await cli('assess', CAMERA, '--format', 'md', '--out', join(dir, 'file')),
      /file: error: cannot create the folder: .*file is not a folder/,
    );
    assertUserError(
      await cli('assess', CAMERA, '--format', 'md', '--out', join(dir, 'file', 'sub')),
      /file\/sub: error: cannot write: a part of the path is not a folder/,
    );
    // Node 20's recursive mkdir never returns for a path under /proc; ours gives up with the error
    if (!existsSync('/proc/self')) return t.skip('no /proc here');
    assertUserError(await cli('assess', CAMERA, '--format', 'md', '--out', '/proc/iotassure/x'), /cannot write/);
  });

  it('init refuses a link without --force and writes the starter atomically with it', async () => {
    const dir = tempDir('iotassure-init-');
    const victim = join(dir, 'victim.yaml');
    writeFileSync(victim, 'keep: me\n');
    symlinkSync(victim, join(dir, 'system.yaml'));
    const refused = await cli('init', '--out', join(dir, 'system.yaml'));
    assert.equal(refused.code, 2);
    assert.equal(readFileSync(victim, 'utf8'), 'keep: me\n');
    assert.equal((await cli('init', '--out', join(dir, 'system.yaml'), '--force')).code, 0);
    assert.match(readFileSync(victim, 'utf8'), /^iotassure: 1$/m);
  });
});

describe('output files: the verify audit log and evidence', () => {
  it('the audit log is never written through a link, and is set to 0600 when it already exists', () => {
    const dir = tempDir('iotassure-audit-');
    const victim = join(dir, 'victim.log');
    writeFileSync(victim, '');
    symlinkSync(victim, join(dir, 'audit.log'));
    assert.throws(
      () => auditFile(join(dir, 'audit.log')),
      (e: unknown) => e instanceof InputError && /audit\.log: error: cannot write: a symbolic link/.test(e.message),
    );
    assert.equal(readFileSync(victim, 'utf8'), '');

    const existing = join(dir, 'old', 'audit.log');
    mkdirSync(join(dir, 'old'));
    writeFileSync(existing, '{"event":"start"}\n');
    chmodSync(existing, 0o666);
    const audit = auditFile(existing);
    assert.equal(mode(existing), 0o600);
    audit({ event: 'end' });
    assert.deepEqual(
      readFileSync(existing, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).event),
      ['start', 'end'],
      'appended, never truncated',
    );
  });

  it('verify refuses a linked audit log or evidence file before anything is sent', T, async () => {
    const dir = tempDir('iotassure-verify-out-');
    const targets = join(dir, 'targets.yaml');
    writeFileSync(targets, 'targets:\n  - host: 127.0.0.1\n    services: [{ port: 9, protocol: http }]\n');
    const out = join(dir, 'out');
    mkdirSync(out);
    symlinkSync(join(dir, 'elsewhere.json'), join(out, 'evidence.json'));
    const result = await cli('verify', targets, '--out', out, '--only', 'HTTP-01');
    assertUserError(result, /evidence\.json: error: is a symbolic link/);
    assert.doesNotMatch(result.stdout, /HTTP-01/, 'no check ran');
    assert.ok(!existsSync(join(dir, 'elsewhere.json')));
  });

  it('evidence that cannot be written after the run is saved elsewhere, not lost', T, async (t) => {
    // a 4 KiB file system: the audit log takes its one page, so evidence.json meets "no space left" after the run
    if (process.getuid?.() !== 0 || !which('unshare')) return t.skip('needs root and unshare to mount a tiny tmpfs');
    const dir = tempDir('iotassure-enospc-');
    writeFileSync(
      join(dir, 'sbom.json'),
      JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [] }),
    );
    mkdirSync(join(dir, 'osv'));
    writeFileSync(
      join(dir, 'targets.yaml'),
      'targets:\n  - host: 127.0.0.1\n    services: []\nsbom: sbom.json\nosv: osv\n',
    );
    const out = join(dir, 'out');
    mkdirSync(out);
    const cliPath = new URL('../bin/iotassure.js', import.meta.url).pathname;
    const script = `mount -t tmpfs -o size=4k none "$1" && exec "$2" "$3" verify "$4" --out "$1" --only SBOM-01`;
    const run = spawnSync(
      'unshare',
      ['-m', '--', 'sh', '-c', script, 'sh', out, process.execPath, cliPath, join(dir, 'targets.yaml')],
      { encoding: 'utf8', env: { ...process.env, IOTASSURE_TEST_SCOPE: 'loopback' } },
    );
    if (/mount: .*(permission|denied|not permitted)/i.test(run.stderr)) return t.skip(run.stderr.trim());
    assertUserError(
      { code: run.status ?? -1, stderr: run.stderr },
      /evidence\.json: error: cannot write: no space left/,
    );
    const saved = /The results were saved to (\S+evidence\.json) instead/.exec(run.stderr)?.[1];
    assert.ok(saved, run.stderr);
    const evidence = JSON.parse(readFileSync(saved, 'utf8'));
    assert.deepEqual(
      evidence.observations.map((o: { check: string }) => o.check),
      ['SBOM-01'],
    );
    assert.equal(mode(saved), 0o600);
  });
});
