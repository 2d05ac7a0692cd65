/**
 * Version orderings of the OSV ecosystems iotassure can evaluate. Each comparator parses a version string once into
 * a comparable form (undefined when the string is not a version of that scheme) and compares parsed forms, so the
 * matcher can parse every version of a database and an SBOM once and cache it.
 *
 * - SEMVER / Go / npm / crates.io: SemVer 2.0 precedence through `semver`; a leading "v" is stripped (Go), and Go
 *   pseudo-versions (v0.0.0-20210405180319-a5a99cb37ef4) are ordinary SemVer pre-releases.
 * - PyPI: PEP 440 (epoch, release, pre/post/dev, local), ordered like `packaging.version.Version`.
 * - Maven: `ComparableVersion` of maven-artifact 3.8.7 (items and sub-lists, qualifiers alpha < beta < milestone <
 *   rc < snapshot < release < sp < others), checked against the real class in the tests when Java is present.
 * - Debian (and Ubuntu): dpkg's epoch:upstream-revision with the `~` rule and letters before non-letters.
 * - Alpine: apk-tools' version tokens (digits, one letter, _alpha/_beta/_pre/_rc/_cvs/_svn/_git/_hg/_p suffixes, -rN).
 *
 * Ecosystems without a comparator here are NOT_EVALUATED by the matcher, never treated as clean.
 */
import { SemVer } from 'semver';

export interface VersionComparator<P = unknown> {
  /** the scheme's name, shown in reports */
  readonly scheme: string;
  /** the comparable form of `version`, or undefined when it is not a valid version of this scheme */
  parse(version: string): P | undefined;
  /** negative, zero or positive like Array.prototype.sort */
  compareParsed(a: P, b: P): number;
}

/** Compares two version strings with `cmp`; throws when either is not a version of the scheme. */
export function compareVersions<P>(cmp: VersionComparator<P>, a: string, b: string): number {
  const pa = cmp.parse(a);
  const pb = cmp.parse(b);
  if (pa === undefined) throw new Error(`"${a}" is not a valid ${cmp.scheme} version`);
  if (pb === undefined) throw new Error(`"${b}" is not a valid ${cmp.scheme} version`);
  return Math.sign(cmp.compareParsed(pa, pb));
}

// ---------------------------------------------------------------------------------------------------------------
// SemVer (SEMVER ranges, Go, npm, crates.io)
// ---------------------------------------------------------------------------------------------------------------

export const semverComparator: VersionComparator<SemVer> = {
  scheme: 'SemVer',
  parse(version) {
    let v = version.trim();
    if (v.startsWith('v') || v.startsWith('V')) v = v.slice(1);
    if (v.length > 256) return undefined;
    try {
      return new SemVer(v);
    } catch {
      return undefined;
    }
  },
  compareParsed: (a, b) => a.compare(b),
};

/**
 * Go module versions: SemVer with the leading "v". The Go toolchain and standard library use "go1.21.3", "go1.22",
 * "go1.21rc2" in SBOMs, while OSV writes 1.21.3, 1.22.0 and 1.21.0-rc.2; those are translated first.
 */
export const goComparator: VersionComparator<SemVer> = {
  scheme: 'Go',
  parse(version) {
    return semverComparator.parse(normalizeGoToolchainVersion(version));
  },
  compareParsed: (a, b) => a.compare(b),
};

export function normalizeGoToolchainVersion(version: string): string {
  const m = /^(?:go|v)?(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?$/.exec(version.trim());
  if (!m || !version.trim().startsWith('go')) return version;
  const core = `${m[1]}.${m[2]}.${m[3] ?? '0'}`;
  return m[4] ? `${core}-${m[4]}.${m[5]}` : core;
}

// ---------------------------------------------------------------------------------------------------------------
// PEP 440 (PyPI)
// ---------------------------------------------------------------------------------------------------------------

/** packaging.version.VERSION_PATTERN, anchored, case-insensitive, surrounding whitespace allowed */
const PEP440 =
  /^\s*v?(?:(?:(\d+)!)?(\d+(?:\.\d+)*)([-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(\d+)?)?((?:-(\d+))|(?:[-_.]?(post|rev|r)[-_.]?(\d+)?))?([-_.]?(dev)[-_.]?(\d+)?)?)(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i;

export interface Pep440Version {
  epoch: number;
  /** release segment without trailing zeros (1.0.0 and 1 are equal) */
  release: number[];
  /** [phase 0=a 1=b 2=rc, number], or absent */
  pre?: [number, number];
  post?: number;
  dev?: number;
  /** local segments: numbers compare as numbers and sort after strings */
  local?: (number | string)[];
}

export function parsePep440(version: string): Pep440Version | undefined {
  if (version.length > 256) return undefined;
  const m = PEP440.exec(version);
  if (!m) return undefined;
  const release = m[2]!.split('.').map(Number);
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  const out: Pep440Version = { epoch: m[1] ? Number(m[1]) : 0, release };
  if (m[4]) {
    const l = m[4].toLowerCase();
    const phase = l === 'a' || l === 'alpha' ? 0 : l === 'b' || l === 'beta' ? 1 : 2;
    out.pre = [phase, m[5] ? Number(m[5]) : 0];
  }
  if (m[6]) out.post = m[7] !== undefined ? Number(m[7]) : m[9] ? Number(m[9]) : 0;
  if (m[11]) out.dev = m[12] ? Number(m[12]) : 0;
  if (m[13]) out.local = m[13].split(/[-_.]/).map((s) => (/^\d+$/.test(s) ? Number(s) : s.toLowerCase()));
  return out;
}

function cmpNumbers(a: readonly number[], b: readonly number[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export const pep440Comparator: VersionComparator<Pep440Version> = {
  scheme: 'PEP 440',
  parse: parsePep440,
  compareParsed(a, b) {
    if (a.epoch !== b.epoch) return a.epoch - b.epoch;
    const r = cmpNumbers(a.release, b.release);
    if (r !== 0) return r;
    // pre: a dev release without pre or post sorts before every pre-release of the same release; no pre sorts after.
    const preKey = (v: Pep440Version): [number, number] =>
      v.pre ?? (v.post === undefined && v.dev !== undefined ? [-1, 0] : [Number.POSITIVE_INFINITY, 0]);
    const pa = preKey(a);
    const pb = preKey(b);
    if (pa[0] !== pb[0]) return pa[0] < pb[0] ? -1 : 1;
    if (pa[1] !== pb[1]) return pa[1] - pb[1];
    const postA = a.post ?? -1;
    const postB = b.post ?? -1;
    if (postA !== postB) return postA - postB;
    const devA = a.dev ?? Number.POSITIVE_INFINITY;
    const devB = b.dev ?? Number.POSITIVE_INFINITY;
    if (devA !== devB) return devA < devB ? -1 : 1;
    return compareLocal(a.local, b.local);
  },
};

function compareLocal(a: (number | string)[] | undefined, b: (number | string)[] | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return x - y;
    } else if (typeof x === 'number') return 1;
    else if (typeof y === 'number') return -1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** PEP 503 name normalisation: lower case, runs of -, _ and . become one - */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

// ---------------------------------------------------------------------------------------------------------------
// Maven ComparableVersion (maven-artifact 3.8.7)
// ---------------------------------------------------------------------------------------------------------------

type MavenItem = { k: 'int'; v: bigint } | { k: 'str'; v: string } | { k: 'list'; v: MavenItem[] };

const MAVEN_QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const MAVEN_ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const MAVEN_RELEASE_INDEX = String(MAVEN_QUALIFIERS.indexOf(''));

function mavenQualifierKey(q: string): string {
  const i = MAVEN_QUALIFIERS.indexOf(q);
  return i === -1 ? `${MAVEN_QUALIFIERS.length}-${q}` : String(i);
}

function mavenString(value: string, followedByDigit: boolean): MavenItem {
  let v = value;
  if (followedByDigit && v.length === 1) v = v === 'a' ? 'alpha' : v === 'b' ? 'beta' : v === 'm' ? 'milestone' : v;
  return { k: 'str', v: MAVEN_ALIASES[v] ?? v };
}

function mavenParseItem(isDigit: boolean, buf: string): MavenItem {
  return isDigit ? { k: 'int', v: BigInt(buf) } : mavenString(buf, false);
}

function mavenIsNull(item: MavenItem): boolean {
  if (item.k === 'int') return item.v === 0n;
  if (item.k === 'str') return mavenQualifierKey(item.v) === MAVEN_RELEASE_INDEX;
  return item.v.length === 0;
}

function mavenNormalize(list: MavenItem[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i]!;
    if (mavenIsNull(last)) list.splice(i, 1);
    else if (last.k !== 'list') break;
  }
}

export function parseMaven(version: string): MavenItem | undefined {
  if (version.length === 0 || version.length > 256 || /\s/.test(version)) return undefined;
  const s = version.toLowerCase();
  const root: MavenItem[] = [];
  let list = root;
  const stack: MavenItem[][] = [root];
  let isDigit = false;
  let start = 0;
  const push = (): void => {
    const next: MavenItem[] = [];
    list.push({ k: 'list', v: next });
    list = next;
    stack.push(next);
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '.' || c === '-') {
      list.push(i === start ? { k: 'int', v: 0n } : mavenParseItem(isDigit, s.slice(start, i)));
      start = i + 1;
      if (c === '-') push();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        // 1.0.0.RC1 < 1.0.0-RC2: a qualifier after a dot starts a sub-list like one after a hyphen
        if (list.length > 0) push();
        list.push(mavenString(s.slice(start, i), true));
        start = i;
        push();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(mavenParseItem(true, s.slice(start, i)));
        start = i;
        push();
      }
      isDigit = false;
    }
  }
  if (s.length > start) {
    if (!isDigit && list.length > 0) push();
    list.push(mavenParseItem(isDigit, s.slice(start)));
  }
  while (stack.length > 0) mavenNormalize(stack.pop()!);
  return { k: 'list', v: root };
}

function mavenCompare(a: MavenItem, b: MavenItem | null): number {
  switch (a.k) {
    case 'int':
      if (b === null) return a.v === 0n ? 0 : 1;
      if (b.k === 'int') return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
      return 1;
    case 'str': {
      if (b === null) return cmpStr(mavenQualifierKey(a.v), MAVEN_RELEASE_INDEX);
      if (b.k === 'str') return cmpStr(mavenQualifierKey(a.v), mavenQualifierKey(b.v));
      return -1;
    }
    case 'list': {
      if (b === null) {
        // the whole list against nothing (MNG-6964), not only its first item
        for (const item of a.v) {
          const r = mavenCompare(item, null);
          if (r !== 0) return r;
        }
        return 0;
      }
      if (b.k === 'int') return -1;
      if (b.k === 'str') return 1;
      const n = Math.max(a.v.length, b.v.length);
      for (let i = 0; i < n; i++) {
        const l = a.v[i];
        const r = b.v[i];
        const result = l === undefined ? (r === undefined ? 0 : -mavenCompare(r, null)) : mavenCompare(l, r ?? null);
        if (result !== 0) return result;
      }
      return 0;
    }
  }
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const mavenComparator: VersionComparator<MavenItem> = {
  scheme: 'Maven',
  parse: parseMaven,
  compareParsed: (a, b) => mavenCompare(a, b),
};

// ---------------------------------------------------------------------------------------------------------------
// Debian (dpkg)
// ---------------------------------------------------------------------------------------------------------------

export interface DebianVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

/** dpkg's parseversion: hard errors give undefined; dpkg's warnings (odd characters) are accepted like dpkg does. */
export function parseDebian(version: string): DebianVersion | undefined {
  const v = version.trim();
  if (v.length === 0 || v.length > 256 || /\s/.test(v)) return undefined;
  let epoch = 0;
  let rest = v;
  const colon = v.indexOf(':');
  if (colon !== -1) {
    const e = v.slice(0, colon);
    if (!/^\d+$/.test(e) || Number(e) > 2147483647) return undefined;
    epoch = Number(e);
    rest = v.slice(colon + 1);
    if (rest.length === 0) return undefined;
  }
  const dash = rest.lastIndexOf('-');
  const upstream = dash === -1 ? rest : rest.slice(0, dash);
  const revision = dash === -1 ? '' : rest.slice(dash + 1);
  if (upstream.length === 0 || (dash !== -1 && revision.length === 0)) return undefined;
  return { epoch, upstream, revision };
}

function dpkgOrder(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (c >= 48 && c <= 57) return 0;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return c;
  if (c === 126) return -1; // ~
  return c + 256;
}

const isDigitAt = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/** dpkg's verrevcmp */
export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigitAt(a, i)) || (j < b.length && !isDigitAt(b, j))) {
      const ac = dpkgOrder(a, i);
      const bc = dpkgOrder(b, j);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (isDigitAt(a, i) && isDigitAt(b, j)) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigitAt(a, i)) return 1;
    if (isDigitAt(b, j)) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

export const debianComparator: VersionComparator<DebianVersion> = {
  scheme: 'Debian (dpkg)',
  parse: parseDebian,
  compareParsed(a, b) {
    if (a.epoch !== b.epoch) return a.epoch - b.epoch;
    return verrevcmp(a.upstream, b.upstream) || verrevcmp(a.revision, b.revision);
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Alpine (apk-tools src/version.c, the tokenizer of apk-tools 2.14 / 3)
// ---------------------------------------------------------------------------------------------------------------

// token types, in apk-tools' order (which decides "the longer version wins")
const T_INITIAL_DIGIT = 0;
const T_DIGIT = 1;
const T_LETTER = 2;
const T_SUFFIX = 3;
const T_SUFFIX_NO = 4;
const T_COMMIT_HASH = 5;
const T_REVISION_NO = 6;
const T_END = 7;
const T_INVALID = 8;

/** suffix values: pre-release suffixes sort below "no suffix" (5), post-release ones above */
const APK_SUFFIXES: Record<string, number> = { alpha: 1, beta: 2, pre: 3, rc: 4, cvs: 6, svn: 7, git: 8, hg: 9, p: 10 };
const APK_SUFFIX_NONE = 5;

interface ApkToken {
  type: number;
  /** the token's text (digits, letter, suffix name, hash) */
  text: string;
  /** digits as a number; suffix value for suffixes */
  value: number;
}

/** Splits an apk version into tokens; the last one is END, or INVALID where the string stops being a version. */
export function apkTokens(version: string): ApkToken[] {
  const s = version;
  const out: ApkToken[] = [];
  let i = 0;
  const digits = (type: number): void => {
    const start = i;
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    const text = s.slice(start, i);
    out.push(text.length === 0 ? { type: T_INVALID, text, value: 0 } : { type, text, value: Number(text) });
  };
  digits(T_INITIAL_DIGIT);
  while (out[out.length - 1]!.type < T_END) {
    const prev = out[out.length - 1]!.type;
    if (i >= s.length) {
      out.push({ type: T_END, text: '', value: 0 });
      break;
    }
    const c = s[i]!;
    if (c >= 'a' && c <= 'z') {
      if (prev > T_DIGIT) break;
      out.push({ type: T_LETTER, text: c, value: s.charCodeAt(i) });
      i++;
    } else if (c === '.' || (c >= '0' && c <= '9')) {
      if (c === '.') {
        if (prev > T_DIGIT) break;
        i++;
      }
      if (prev === T_INITIAL_DIGIT || prev === T_DIGIT) digits(T_DIGIT);
      else if (prev === T_SUFFIX) digits(T_SUFFIX_NO);
      else break;
    } else if (c === '_') {
      if (prev > T_SUFFIX_NO) break;
      const start = ++i;
      while (i < s.length && s[i]! >= 'a' && s[i]! <= 'z') i++;
      const text = s.slice(start, i);
      const value = APK_SUFFIXES[text];
      if (value === undefined) break;
      out.push({ type: T_SUFFIX, text, value });
    } else if (c === '~') {
      if (prev >= T_COMMIT_HASH) break;
      const start = ++i;
      while (i < s.length && /[0-9a-fA-F]/.test(s[i]!)) i++;
      if (i === start) break;
      out.push({ type: T_COMMIT_HASH, text: s.slice(start, i), value: 0 });
    } else if (c === '-') {
      if (prev >= T_REVISION_NO || s[i + 1] !== 'r') break;
      i += 2;
      digits(T_REVISION_NO);
    } else break;
  }
  const last = out[out.length - 1]!;
  if (last.type < T_END) out.push({ type: T_INVALID, text: '', value: 0 });
  return out;
}

/** apk_blob_sort: byte order, then the shorter first */
function blobSort(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function apkTokenCompare(a: ApkToken, b: ApkToken): number {
  switch (a.type) {
    case T_DIGIT:
      // a leading zero on either side compares as text, like Gentoo (1.01 < 1.1, 1.0 < 1.00)
      if (a.text[0] === '0' || b.text[0] === '0') return blobSort(a.text, b.text);
      return a.value - b.value;
    case T_INITIAL_DIGIT:
    case T_SUFFIX_NO:
    case T_REVISION_NO:
    case T_LETTER:
    case T_SUFFIX:
      return a.value - b.value;
    default:
      return blobSort(a.text, b.text);
  }
}

export function compareApkTokens(ta: readonly ApkToken[], tb: readonly ApkToken[]): number {
  let i = 0;
  for (; ta[i]!.type === tb[i]!.type && ta[i]!.type < T_END; i++) {
    const r = apkTokenCompare(ta[i]!, tb[i]!);
    if (r !== 0) return r;
  }
  const a = ta[i]!;
  const b = tb[i]!;
  if (a.type === b.type) return 0;
  // equal so far: the longer version is greater, unless what it has more is a pre-release suffix
  if (a.type === T_SUFFIX && a.value < APK_SUFFIX_NONE) return -1;
  if (b.type === T_SUFFIX && b.value < APK_SUFFIX_NONE) return 1;
  return a.type > b.type ? -1 : 1;
}

export const apkComparator: VersionComparator<ApkToken[]> = {
  scheme: 'Alpine (apk)',
  parse: (version) => {
    if (version.length > 256) return undefined;
    const tokens = apkTokens(version.trim());
    return tokens[tokens.length - 1]!.type === T_END ? tokens : undefined;
  },
  compareParsed: compareApkTokens,
};

// ---------------------------------------------------------------------------------------------------------------
// Registry
// ---------------------------------------------------------------------------------------------------------------

/** The part of an OSV ecosystem before the first colon: "Debian:12" → "Debian", "Alpine:v3.18" → "Alpine". */
export function baseEcosystem(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon === -1 ? ecosystem : ecosystem.slice(0, colon);
}

const BY_ECOSYSTEM: Record<string, VersionComparator> = {
  Go: goComparator as VersionComparator,
  npm: semverComparator as VersionComparator,
  'crates.io': semverComparator as VersionComparator,
  PyPI: pep440Comparator as VersionComparator,
  Maven: mavenComparator as VersionComparator,
  Debian: debianComparator as VersionComparator,
  Ubuntu: debianComparator as VersionComparator,
  Alpine: apkComparator as VersionComparator,
};

/** The ECOSYSTEM ordering of an OSV ecosystem, or undefined when iotassure has none for it. */
export function ecosystemComparator(ecosystem: string): VersionComparator | undefined {
  return BY_ECOSYSTEM[baseEcosystem(ecosystem)];
}

/** Ecosystems with a comparator, for documentation and messages. */
export const SUPPORTED_ECOSYSTEMS = Object.keys(BY_ECOSYSTEM);

/**
 * The comparator for one OSV range: SEMVER ranges use SemVer in every ecosystem (Go's keeps its toolchain
 * translation), ECOSYSTEM ranges the ecosystem's own ordering, GIT ranges none (they need the commit graph; the
 * matcher relies on the record's `versions[]` for them).
 */
export function rangeComparator(rangeType: string, ecosystem: string): VersionComparator | undefined {
  if (rangeType === 'SEMVER')
    return baseEcosystem(ecosystem) === 'Go' ? (goComparator as VersionComparator) : semverComparator;
  if (rangeType === 'ECOSYSTEM') return ecosystemComparator(ecosystem);
  return undefined;
}
