import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  apkComparator,
  compareVersions,
  debianComparator,
  ecosystemComparator,
  goComparator,
  mavenComparator,
  normalizeGoToolchainVersion,
  pep440Comparator,
  rangeComparator,
  semverComparator,
  type VersionComparator,
} from '../../src/verify/sbom/versions.js';

const SIGN = { '<': -1, '=': 0, '>': 1 } as const;

/** Asserts every `a op b` line of a table. */
function table(cmp: VersionComparator, lines: string): void {
  for (const line of lines.trim().split('\n')) {
    const [a, op, b] = line.trim().split(/\s+/) as [string, keyof typeof SIGN, string];
    assert.equal(compareVersions(cmp, a, b), SIGN[op], `${cmp.scheme}: ${line.trim()}`);
    assert.equal(compareVersions(cmp, b, a), SIGN[op] === 0 ? 0 : -SIGN[op], `${cmp.scheme}: reversed ${line.trim()}`);
  }
}

/** A small deterministic PRNG (mulberry32) so the generated oracle pairs are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function have(command: string, args: string[]): boolean {
  const res = spawnSync(command, args, { encoding: 'utf8' });
  return res.status === 0;
}

describe('SemVer and Go', () => {
  it('orders Go pseudo-versions as pre-releases and ignores the leading v', () => {
    table(
      goComparator,
      `v0.0.0-20210405180319-a5a99cb37ef4 < 0.0.0-20220906165146-f3363e06e74c
       v0.3.5-0.20201125200606-c27b9fd57aec < 0.3.5
       v0.3.5-0.20201125200606-c27b9fd57aec > 0.3.4
       v1.2.0 = 1.2.0
       1.19.0-0 < 1.19.0
       1.19.0-0 > 1.18.99
       v3.3.10+incompatible = 3.3.10
       go1.21.3 > 1.21.2
       go1.21rc2 < 1.21.0
       go1.21 = 1.21.0`,
    );
    assert.equal(normalizeGoToolchainVersion('go1.22'), '1.22.0');
    assert.equal(normalizeGoToolchainVersion('go1.21rc2'), '1.21.0-rc.2');
    assert.equal(normalizeGoToolchainVersion('v1.2.3'), 'v1.2.3');
    assert.equal(goComparator.parse('not-a-version'), undefined);
  });

  it('npm and crates.io use SemVer precedence', () => {
    table(
      semverComparator,
      `1.0.0-alpha < 1.0.0-alpha.1
       1.0.0-alpha.1 < 1.0.0-alpha.beta
       1.0.0-beta.2 < 1.0.0-beta.11
       1.0.0-rc.1 < 1.0.0
       2.0.0 > 1.99.99`,
    );
    assert.equal(ecosystemComparator('npm'), semverComparator);
    assert.equal(ecosystemComparator('crates.io'), semverComparator);
    assert.equal(semverComparator.parse('1.2'), undefined);
  });

  it('picks the range comparator by range type and ecosystem', () => {
    assert.equal(rangeComparator('SEMVER', 'Hex'), semverComparator);
    assert.equal(rangeComparator('SEMVER', 'Go'), goComparator);
    assert.equal(rangeComparator('ECOSYSTEM', 'Debian:12'), debianComparator);
    assert.equal(rangeComparator('ECOSYSTEM', 'Alpine:v3.18'), apkComparator);
    assert.equal(rangeComparator('ECOSYSTEM', 'NuGet'), undefined);
    assert.equal(rangeComparator('GIT', 'Go'), undefined);
  });
});

describe('PEP 440 (PyPI)', () => {
  it('orders release, pre, post, dev and local segments', () => {
    table(
      pep440Comparator,
      `1.0.dev0 < 1.0a0
       1.0a0 < 1.0a1
       1.0a1 < 1.0b1
       1.0b1 < 1.0rc1
       1.0rc1 = 1.0c1
       1.0rc1 = 1.0-RC-1
       1.0.0rc1 < 1.0
       1.0 = 1.0.0
       1.0 < 1.0+local
       1.0+abc < 1.0+1
       1.0+1 < 1.0+2
       1.0+1.a < 1.0+1.b
       1.0+1 < 1.0+1.0
       1.0 < 1.0.post0
       1.0.post0 = 1.0-0
       1.0.post0 = 1.0r
       1.0.post1.dev0 < 1.0.post1
       1.0.post1 < 1.0.1
       1.0a1.post1 < 1.0a2
       1.0a1.dev1 < 1.0a1
       1.0a1 < 1.0a1.post0.dev0
       1!0.1 > 2.0
       0!2.0 = 2.0
       v1.2 = 1.2
       1.10 > 1.9
       2.0.0.1 > 2.0
       1.0.dev1 < 1.0.dev2
       1.0.dev9 < 1.0a0.dev0
       1.0.dev0 < 1.0.0.post0.dev0`,
    );
    for (const invalid of ['', 'abc', '1.0-foo', '1..0', '1.0+', '1.0+a_']) {
      assert.equal(pep440Comparator.parse(invalid), undefined, invalid);
    }
  });

  const python = have('python3', ['-c', 'import packaging.version']);
  it('agrees with packaging.version on generated pairs (oracle)', {
    skip: python ? false : 'python3 with the packaging module is not installed: oracle test skipped',
  }, () => {
    const r = rng(440);
    const gen = (): string => {
      let v = (r() < 0.1 ? `${pick(r, ['1', '2'])}!` : '') + pick(r, ['0', '1', '2', '10']);
      const segments = Math.floor(r() * 3);
      for (let i = 0; i < segments; i++) v += `.${pick(r, ['0', '1', '2', '9', '10'])}`;
      if (r() < 0.4)
        v += `${pick(r, ['a', 'b', 'rc', 'c', '.alpha', '-beta', 'pre', 'preview'])}${pick(r, ['', '0', '1', '2'])}`;
      if (r() < 0.3)
        v += pick(r, ['.post', '-', 'post', '.r', '-rev', '.post1', '.post2', '-1']) + pick(r, ['', '0', '3']);
      if (r() < 0.3) v += `${pick(r, ['.dev', 'dev', '-dev'])}${pick(r, ['', '0', '1', '5'])}`;
      if (r() < 0.15) v += `+${pick(r, ['1', 'abc', '1.2', 'ubuntu.1', 'a.1', '2'])}`;
      return v;
    };
    const pairs: [string, string][] = [];
    for (let i = 0; i < 3000; i++) pairs.push([gen(), gen()]);
    const script = `
import json, sys
from packaging.version import Version, InvalidVersion
out = []
for a, b in json.load(sys.stdin):
    try:
        va, vb = Version(a), Version(b)
    except InvalidVersion:
        out.append(None); continue
    out.append(-1 if va < vb else (1 if va > vb else 0))
print(json.dumps(out))`;
    const res = spawnSync('python3', ['-c', script], { input: JSON.stringify(pairs), encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    const expected = JSON.parse(res.stdout) as (number | null)[];
    let compared = 0;
    pairs.forEach(([a, b], i) => {
      const want = expected[i];
      const valid = pep440Comparator.parse(a) !== undefined && pep440Comparator.parse(b) !== undefined;
      assert.equal(valid, want !== null, `validity of ${a} / ${b}`);
      if (want === null || want === undefined) return;
      assert.equal(compareVersions(pep440Comparator, a, b), want, `${a} vs ${b}`);
      compared++;
    });
    assert.ok(compared > 2500, `compared ${compared} pairs`);
  });
});

describe('Maven ComparableVersion', () => {
  it('orders numbers, qualifiers and aliases', () => {
    table(
      mavenComparator,
      `1 < 1.1
       1.0 = 1
       1.0.0.0 = 1
       1-alpha-1 < 1-beta-1
       1-alpha1 = 1-alpha-1
       1-a1 = 1-alpha-1
       1-beta < 1-milestone
       1-m1 = 1-milestone-1
       1-rc < 1-snapshot
       1-cr1 = 1-rc1
       1-snapshot < 1
       1 = 1-ga
       1 = 1-final
       1 = 1.RELEASE
       1 < 1-sp
       1-sp < 1-abc
       1-abc < 1-abd
       1.0-SNAPSHOT < 1.0
       2.14.1 < 2.15.0
       2.15.0-rc1 < 2.15.0
       1.0.1 > 1.0-sp
       1-1 > 1
       1.1 > 1-1
       10 > 9
       1.0.10 > 1.0.9
       1.X < 1.0.0-1`,
    );
  });

  const jar = findMavenArtifactJar();
  it('agrees with maven-artifact ComparableVersion on generated versions (oracle)', {
    skip: jar ? false : 'java or maven-artifact.jar not found: oracle test skipped',
  }, () => {
    const r = rng(3);
    const gen = (): string => {
      let v = pick(r, ['1', '2', '1.0', '1.0.0', '1.2', '2.0.1', '1.10', '0.9']);
      const extra = Math.floor(r() * 3);
      for (let i = 0; i < extra; i++) {
        v += pick(r, ['.', '-', '']);
        v += pick(r, [
          '0',
          '1',
          '2',
          'alpha',
          'a1',
          'beta',
          'b2',
          'rc1',
          'cr1',
          'm1',
          'SNAPSHOT',
          'ga',
          'final',
          'sp',
          'foo',
          'release',
          'RC2',
          '10',
        ]);
      }
      return v.replace(/^[.-]+/, '');
    };
    const versions = Array.from({ length: 1500 }, gen);
    const res = spawnSync(
      'java',
      ['-cp', jar!, 'org.apache.maven.artifact.versioning.ComparableVersion', ...versions],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(res.status, 0, res.stderr);
    const lines = res.stdout.split('\n').filter((l) => /^ {3}\S+ (<|==|>) \S+$/.test(l));
    assert.equal(lines.length, versions.length - 1);
    for (const line of lines) {
      const [a, op, b] = line.trim().split(' ') as [string, string, string];
      const want = op === '==' ? 0 : op === '<' ? -1 : 1;
      assert.equal(compareVersions(mavenComparator, a, b), want, line.trim());
    }
  });
});

function findMavenArtifactJar(): string | undefined {
  if (!have('java', ['-version'])) return undefined;
  for (const dir of ['/usr/share/maven/lib', '/usr/share/java']) {
    if (!existsSync(dir)) continue;
    const name = readdirSync(dir).find((f) => /^maven3?-artifact.*\.jar$/.test(f));
    if (name) return realpathSync(`${dir}/${name}`);
  }
  return undefined;
}

describe('Debian (dpkg)', () => {
  it('orders epochs, the ~ rule, letters before other characters, and revisions', () => {
    table(
      debianComparator,
      `1.0~rc1 < 1.0
       1.0~~ < 1.0~
       1.0~ < 1.0
       1.0 < 1.0a
       1.0a < 1.0+
       1.0+ < 1.0.
       1:0.1 > 2.0
       0:1.0 = 1.0
       1.0-1 < 1.0-1+deb12u1
       1.0-1+deb12u1 < 1.0-2
       3.0.11-1~deb12u2 < 3.0.11-1
       1.0-0 = 1.0
       1.01 = 1.1
       2.30-1 > 2.4-1
       7.88.1-10+deb12u5 < 7.88.1-10+deb12u6
       1.2.3-1ubuntu1 > 1.2.3-1`,
    );
    for (const invalid of ['', 'a:1.0', '1:', '1.0-', '1 0']) assert.equal(debianComparator.parse(invalid), undefined);
  });

  const dpkg = have('dpkg', ['--version']);
  it('agrees with dpkg --compare-versions on generated pairs (oracle)', {
    skip: dpkg ? false : 'dpkg is not installed: oracle test skipped',
  }, () => {
    const r = rng(1642);
    const part = (): string => {
      let s = pick(r, ['0', '1', '2', '10', '01', '9', '3']);
      const n = Math.floor(r() * 4);
      for (let i = 0; i < n; i++)
        s += pick(r, ['.', '~', '+', 'a', 'b', 'z', 'A', '0', '1', '12', '~rc', '+dfsg', '.0', '~~', 'git']);
      return s;
    };
    const gen = (): string => {
      const epoch = r() < 0.15 ? `${pick(r, ['0', '1', '2'])}:` : '';
      const revision = r() < 0.6 ? `-${pick(r, ['1', '0', '2', '1+deb12u1', '1~bpo1', '1ubuntu1', '10', 'a'])}` : '';
      const upstream = part() + (revision && r() < 0.2 ? `-${part()}` : '');
      return epoch + upstream + revision;
    };
    const pairs: [string, string][] = [];
    for (let i = 0; i < 700; i++) pairs.push([gen(), gen()]);
    // mostly-equal pairs exercise the ~ and trailing-zero rules
    for (let i = 0; i < 300; i++) {
      const a = gen();
      pairs.push([a, a.replace(/0/g, pick(r, ['00', '0', ''])).replace('~', pick(r, ['~', '', '~~']))]);
    }
    const script = pairs
      .map(
        ([a, b]) =>
          `if dpkg --compare-versions '${a}' lt '${b}' 2>/dev/null; then echo -1; elif dpkg --compare-versions '${a}' eq '${b}' 2>/dev/null; then echo 0; else echo 1; fi`,
      )
      .join('\n');
    const res = spawnSync('bash', [], { input: script, encoding: 'utf8', maxBuffer: 1 << 24 });
    assert.equal(res.status, 0, res.stderr);
    const expected = res.stdout.trim().split('\n').map(Number);
    assert.equal(expected.length, pairs.length);
    let compared = 0;
    pairs.forEach(([a, b], i) => {
      if (debianComparator.parse(a) === undefined || debianComparator.parse(b) === undefined) return;
      assert.equal(compareVersions(debianComparator, a, b), expected[i], `${a} vs ${b}`);
      compared++;
    });
    assert.ok(compared > 900, `compared ${compared} pairs`);
  });
});

describe('Alpine (apk)', () => {
  it('orders digits, letters, suffixes and revisions like apk-tools', () => {
    // pairs from apk-tools' own test/version.data, plus a few hand-worked ones
    table(
      apkComparator,
      `2.34 > 0.1.0_alpha
       0.1.0_alpha2 > 0.1.0_alpha
       2.2.39-r1 > 1.0.4-r3
       1.1 > 1.1_alpha1
       1.2.1 > 1.2
       0.12.3 > 0.12
       3.1_p16 < 3.1_p17
       1.06-r6 < 006
       1.2.2-r1 > 1.2.2
       2.59 < 20050718-r1
       2.01.01_alpha10 > 0.94
       1.39 > 1.00_beta2
       4.2.52_p2-r1 < 4.2.52_p4-r2
       20060720 > 3.0.20060720
       2.5.1-r8 < 2.5.1a-r1
       1.3.5-r10 > 1.3.5-r8
       20040401 > 2.0.0_rc3-r1
       0.10.0 < 0.10.1_rc1
       0.15.1b-r2 > 0.15.1b
       2.10.1 > 02.08.01b
       1.2.07.8 < 1.2.12.04
       1.07-r1 < 1.07.5
       0.20070118 < 0.20070207_rc1
       0.9.8c-r1 < 0.9.8d
       1.7 < 1.7b
       1.8.5 < 1.8.5_p2
       2.9.11_pre20051101-r3 > 2.9.11_pre20051101
       1.6.8_p12-r1 > 1.6.8_p9-r2
       0.9.28-r2 < 0.9.28.1
       7.0.17 < 7.0.174
       1.3_pre1-r1 < 1.3.2
       1.0_p10-r0 > 1.0_p9-r0
       0.1.0_alpha_pre2 < 0.1.0_alpha
       1.0.0_pre20191002222144-r0 < 1.0.0_pre20210530193627-r0
       1.0_alpha < 1.0_beta
       1.0_beta < 1.0_pre
       1.0_pre < 1.0_rc
       1.0_rc1 < 1.0
       1.0 < 1.0_cvs
       1.0_cvs < 1.0_svn
       1.0_svn < 1.0_git
       1.0_git < 1.0_hg
       1.0_hg < 1.0_p
       1.0 < 1.0-r1
       1.0-r1 < 1.0a
       1.0-r9 < 1.0-r10
       1.01 < 1.1
       1.0 < 1.00
       3.0.8-r0 = 3.0.8-r0
       1.36.1-r2 < 1.36.1-r5
       3.1.4-r5 > 3.1.4-r1`,
    );
    for (const invalid of ['', '1.0bc', '1.0_foo', 'r1', '1.0-1', '1.', '1..2', 'a1']) {
      assert.equal(apkComparator.parse(invalid), undefined, invalid);
    }
    assert.notEqual(apkComparator.parse('1.2.3~abc123-r0'), undefined);
  });
});
