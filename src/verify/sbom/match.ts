/**
 * Matches SBOM components against an OSV database.
 *
 * 1. purl → OSV ecosystem and package name (reference table: npm, PyPI, Maven, Go, crates.io, NuGet, RubyGems,
 *    Packagist, Hex, Pub, ConanCenter, CRAN, Hackage, SwiftURL; deb → Debian:<release> or Ubuntu:<release> from the
 *    `distro` qualifier or the SBOM's operating-system component; apk → Alpine:v<major.minor>). No purl, `generic`,
 *    `rpm` and unknown types are NOT_EVALUATED: CPEs are deliberately not guessed into packages.
 * 2. For each record of that package, the OSV schema's evaluation: affected if the version is listed in `versions[]`
 *    or inside a range — events sorted by version, introduced / fixed / last_affected walked in order, `limit` events
 *    (implicit `*`) bounding the range. SEMVER ranges use SemVer, ECOSYSTEM ranges the ecosystem's comparator, GIT
 *    ranges are left to `versions[]`.
 * 3. Per match: ids and aliases, the first fixed version above the installed one, severity (CVSS base score from the
 *    vector; else database_specific.severity; else "unknown"), and CycloneDX VEX: not_affected, false_positive and
 *    resolved suppress a match, with the statement kept as evidence.
 *
 * A component is NOT_EVALUATED — never clean — when it has no usable purl or version, when its ecosystem has no
 * comparator, when the database has no records for its ecosystem, or when an advisory for it cannot be decided.
 */
import * as cvssModule from 'ae-cvss-calculator';
import { PackageURL } from 'packageurl-js';
import type { OsvAffected, OsvDatabase, OsvRange, OsvRecord, OsvSeverity } from './osv.js';
import type { Sbom, SbomComponent, VexStatement } from './sbom.js';
import { baseEcosystem, ecosystemComparator, rangeComparator, type VersionComparator } from './versions.js';

// ae-cvss-calculator is CommonJS whose exports Node's ESM loader cannot name: they arrive on the default export
const { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } = ((cvssModule as unknown as { default?: typeof cvssModule }).default ??
  cvssModule) as typeof cvssModule;

export type ComponentStatus = 'VULNERABLE' | 'CLEAN' | 'NOT_EVALUATED';
export type SeverityRating = 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';

export const SEVERITY_ORDER: readonly SeverityRating[] = ['unknown', 'none', 'low', 'medium', 'high', 'critical'];

export interface Severity {
  rating: SeverityRating;
  /** CVSS base score */
  score?: number;
  /** the vector or label it came from */
  vector?: string;
  /** CVSS_V4, CVSS_V3, CVSS_V2, Ubuntu, database_specific */
  source?: string;
}

export interface Suppression {
  /** the VEX statement's vulnerability id and where it is: the SBOM, a VEX document or the targets file */
  vex: string;
  path: string;
  origin: VexStatement['origin'];
  state: string;
  justification?: string;
  response?: string[];
  detail?: string;
}

export interface VulnerabilityMatch {
  /** the OSV id (the first of a group of records that alias each other) */
  id: string;
  /** aliases and the ids of the other records of the group */
  aliases: string[];
  summary?: string;
  ecosystem: string;
  package: string;
  version: string;
  /** the first fixed version above the installed one, when the record gives one */
  fixed?: string;
  /** with last_affected instead of fixed: the last affected version */
  lastAffected?: string;
  severity: Severity;
  /** how it matched: a range, or the record's versions[] list */
  via: 'range' | 'versions';
  /** set when a VEX statement says the component is not affected (the match does not count) */
  suppressed?: Suppression;
  /** a VEX statement that does not suppress (in_triage, exploitable), kept for the report */
  vex?: Suppression;
}

export interface ComponentResult {
  component: SbomComponent;
  status: ComponentStatus;
  /** why the component is NOT_EVALUATED */
  reason?: string;
  ecosystem?: string;
  package?: string;
  version?: string;
  matches: VulnerabilityMatch[];
  /** advisories for the package that could not be decided (an unparsable version, a GIT-only range…) */
  undecided: { id: string; reason: string }[];
}

export interface MatchReport {
  sbom: { file: string; format: string; specVersion: string };
  database: { source: string; ecosystems: string[]; records: number; withdrawn: number; malformed: number };
  components: ComponentResult[];
  warnings: string[];
}

export interface MatchOptions {
  /** VEX states that suppress a match (default not_affected, false_positive, resolved, resolved_with_pedigree) */
  suppressingStates?: readonly string[];
}

export const DEFAULT_SUPPRESSING_STATES = ['not_affected', 'false_positive', 'resolved', 'resolved_with_pedigree'];

// ---------------------------------------------------------------------------------------------------------------
// purl → OSV package
// ---------------------------------------------------------------------------------------------------------------

const PURL_ECOSYSTEMS: Record<string, string> = {
  npm: 'npm',
  pypi: 'PyPI',
  maven: 'Maven',
  golang: 'Go',
  cargo: 'crates.io',
  nuget: 'NuGet',
  gem: 'RubyGems',
  composer: 'Packagist',
  hex: 'Hex',
  pub: 'Pub',
  conan: 'ConanCenter',
  cran: 'CRAN',
  hackage: 'Hackage',
  swift: 'SwiftURL',
};

const DEBIAN_CODENAMES: Record<string, string> = {
  jessie: '8',
  stretch: '9',
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
  forky: '14',
};

export interface OsvPackage {
  ecosystem: string;
  /** names to look up; a deb/apk binary package may carry its source package in the `upstream` qualifier */
  names: string[];
  version: string;
}

/** The OSV ecosystem, package names and version of a component, or why there are none. */
export function osvPackageOf(component: SbomComponent, distro?: Sbom['distro']): OsvPackage | { reason: string } {
  if (!component.purl) {
    return { reason: component.cpe ? 'only a CPE, no purl (CPEs are not mapped to OSV packages)' : 'no purl' };
  }
  let purl: PackageURL;
  try {
    purl = PackageURL.fromString(component.purl);
  } catch (error) {
    return { reason: `invalid purl "${component.purl}": ${(error as Error).message}` };
  }
  const version = purl.version ?? component.version;
  if (!version) return { reason: 'no version in the purl or the component' };
  const type = purl.type.toLowerCase();
  const qualifiers = purl.qualifiers ?? {};
  const ns = purl.namespace;
  const joined = (sep: string) => (ns ? `${ns}${sep}${purl.name}` : purl.name);

  if (type === 'deb' || type === 'apk') return osDistroPackage(purl, version, distro);
  const ecosystem = PURL_ECOSYSTEMS[type];
  if (!ecosystem) {
    return {
      reason:
        type === 'generic'
          ? 'pkg:generic has no OSV ecosystem'
          : type === 'rpm'
            ? 'rpm purls are not mapped (the OSV ecosystem depends on the vendor: Red Hat, AlmaLinux, Rocky Linux, openSUSE…)'
            : `purl type "${type}" has no OSV ecosystem`,
    };
  }
  if (qualifiers.repository_url && ecosystem !== 'Maven') {
    // a private registry's package is not the public one OSV describes
    return { reason: `from a non-default registry (${qualifiers.repository_url})` };
  }
  switch (ecosystem) {
    case 'Maven':
      return ns ? { ecosystem, names: [`${ns}:${purl.name}`], version } : { reason: 'Maven purl without a group id' };
    case 'Go': {
      // the standard library and toolchain: pkg:golang/stdlib@1.21.3, pkg:golang/std@go1.21.3, pkg:golang/toolchain
      const name = joined('/');
      if (!ns && (name === 'std' || name === 'stdlib')) return { ecosystem, names: ['stdlib'], version };
      return { ecosystem, names: [name], version };
    }
    case 'npm':
    case 'Packagist':
    case 'SwiftURL':
      return { ecosystem, names: [joined('/')], version };
    default:
      return { ecosystem, names: [purl.name], version };
  }
}

function osDistroPackage(
  purl: PackageURL,
  purlVersion: string,
  distro: Sbom['distro'] | undefined,
): OsvPackage | { reason: string } {
  const type = purl.type.toLowerCase();
  const vendor = (purl.namespace ?? '').toLowerCase();
  const qualifiers = purl.qualifiers ?? {};
  const fromSbom = distro && (distro.name === vendor || distro.name.startsWith(vendor)) ? distro.version : undefined;
  // distro=debian-12, distro=debian-12.5, distro=bookworm, distro=alpine-3.18.4, distro=3.18.4
  const raw = (qualifiers.distro ?? '').toLowerCase();
  const given = raw.startsWith(vendor) ? raw.slice(vendor.length).replace(/^[-:]/, '') : raw;
  if (!given && !fromSbom) {
    return { reason: `pkg:${type}/${vendor} without a distro qualifier, and the SBOM names no ${vendor} release` };
  }
  const release: string = DEBIAN_CODENAMES[given || fromSbom!] ?? (given || fromSbom!);
  // the source (Debian) or origin (Alpine) package, which OSV records name: upstream=openssl or upstream=openssl@1.2
  const upstream = qualifiers.upstream;
  let names = [purl.name];
  let version = purlVersion;
  if (upstream) {
    const [source, sourceVersion] = upstream.split('@') as [string, string | undefined];
    names = [...new Set([source, purl.name])];
    if (sourceVersion) version = sourceVersion;
  }
  const m = /^v?(\d+)(?:\.(\d+))?/.exec(release);
  if (type === 'deb') {
    if (vendor === 'debian') return m ? { ecosystem: `Debian:${m[1]}`, names, version } : bad(release);
    if (vendor === 'ubuntu') return m?.[2] ? { ecosystem: `Ubuntu:${m[1]}.${m[2]}`, names, version } : bad(release);
    return { reason: `pkg:deb/${vendor} is not a distribution OSV covers` };
  }
  if (vendor === 'alpine') return m?.[2] ? { ecosystem: `Alpine:v${m[1]}.${m[2]}`, names, version } : bad(release);
  return { reason: `pkg:apk/${vendor} is not a distribution OSV covers` };
}

const bad = (release: string) => ({ reason: `cannot tell the distribution release from "${release}"` });

// ---------------------------------------------------------------------------------------------------------------
// OSV range evaluation
// ---------------------------------------------------------------------------------------------------------------

type Parsed = unknown;
type Bound = { kind: 'introduced' | 'fixed' | 'last_affected' | 'limit'; raw: string; v: Parsed | 'MIN' | 'MAX' };
/** a range's events, parsed and sorted once */
type SortedEvents = { list: Bound[]; hasLimits: boolean };

/** Parses versions once per comparator and run; the matcher asks for the same versions many times. */
class VersionCache {
  private readonly caches = new Map<VersionComparator, Map<string, Parsed | null>>();
  private sorted = new WeakMap<OsvRange, Map<VersionComparator, SortedEvents | string>>();

  /**
   * Drops the sorted events of the ranges met so far: for a caller that is done with the records they came from.
   * The garbage collector's young generation keeps a weak map's values while the map lives, so a long-lived map
   * would carry each range's entry into the old generation.
   */
  forgetRanges(): void {
    this.sorted = new WeakMap();
  }

  parse(cmp: VersionComparator, version: string): Parsed | undefined {
    let cache = this.caches.get(cmp);
    if (!cache) {
      cache = new Map();
      this.caches.set(cmp, cache);
    }
    let p = cache.get(version);
    if (p === undefined) {
      p = cmp.parse(version) ?? null;
      cache.set(version, p);
    }
    return p ?? undefined;
  }

  /** The range's events parsed and sorted by version, or why they cannot be. */
  events(cmp: VersionComparator, range: OsvRange): SortedEvents | string {
    let perCmp = this.sorted.get(range);
    if (!perCmp) {
      perCmp = new Map();
      this.sorted.set(range, perCmp);
    }
    const hit = perCmp.get(cmp);
    if (hit !== undefined) return hit;
    const list: Bound[] = [];
    let result: SortedEvents | string = { list, hasLimits: false };
    for (const event of range.events) {
      let kind: Bound['kind'] = 'introduced';
      for (const k in event) kind = k as Bound['kind'];
      const raw = event[kind]!;
      if (kind === 'limit') result.hasLimits = true;
      if (kind === 'introduced' && raw === '0') list.push({ kind, raw, v: 'MIN' });
      else if (kind === 'limit' && raw === '*') list.push({ kind, raw, v: 'MAX' });
      else {
        const v = this.parse(cmp, raw);
        if (v === undefined) {
          result = `event ${kind}: "${raw}" is not a valid ${cmp.scheme} version`;
          break;
        }
        list.push({ kind, raw, v });
      }
    }
    if (typeof result !== 'string') sortBounds(cmp, list);
    perCmp.set(cmp, result);
    return result;
  }
}

/** At one version, a range opens before it closes, and a limit comes last. */
const BOUND_ORDER = { introduced: 0, fixed: 1, last_affected: 1, limit: 2 } as const;

/**
 * Sorts a range's bounds by version, then BOUND_ORDER: an insertion sort, stable like Array.prototype.sort, because a
 * range has a few events and that sort copied the array on every call (45 MB of the 720 MB a run allocated).
 */
function sortBounds(cmp: VersionComparator, list: Bound[]): void {
  for (let i = 1; i < list.length; i++) {
    const bound = list[i]!;
    let j = i - 1;
    while (
      j >= 0 &&
      (compareBound(cmp, list[j]!.v, bound.v) || BOUND_ORDER[list[j]!.kind] - BOUND_ORDER[bound.kind]) > 0
    ) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = bound;
  }
}

function compareBound(cmp: VersionComparator, a: Parsed | 'MIN' | 'MAX', b: Parsed | 'MIN' | 'MAX'): number {
  if (a === b) return 0;
  if (a === 'MIN' || b === 'MAX') return -1;
  if (a === 'MAX' || b === 'MIN') return 1;
  return cmp.compareParsed(a, b);
}

export interface AffectedVerdict {
  affected: boolean;
  via?: 'range' | 'versions';
  fixed?: string;
  lastAffected?: string;
  /** set when the entry could not be decided for this version */
  undecided?: string;
}

/** Whether `version` is affected by one `affected[]` entry of an OSV record (the schema's IsVulnerable). */
export function evaluateAffected(
  version: string,
  affected: OsvAffected,
  cache: VersionCache = new VersionCache(),
): AffectedVerdict {
  const ecosystem = affected.package.ecosystem;
  // Go versions in OSV carry no "v"; a listed version matches the installed one written either way
  const bare = baseEcosystem(ecosystem) === 'Go' ? version.replace(/^v/, '') : undefined;
  const listed =
    affected.versions?.some((v) => v === version || (bare !== undefined && v.replace(/^v/, '') === bare)) ?? false;
  const problems: string[] = [];
  let inRange = false;
  let fixed: Bound | undefined;
  let fixedCmp: VersionComparator | undefined;
  let lastAffected: string | undefined;
  let fixedAbove: Bound | undefined;
  let fixedAboveCmp: VersionComparator | undefined;

  for (const range of affected.ranges ?? []) {
    if (range.type === 'GIT') {
      if (!affected.versions) problems.push('GIT range without a versions list (needs the commit graph)');
      continue;
    }
    const cmp = rangeComparator(range.type, ecosystem);
    if (!cmp) {
      problems.push(
        range.type === 'ECOSYSTEM'
          ? `no version comparator for ${baseEcosystem(ecosystem)}`
          : `unknown range type ${range.type}`,
      );
      continue;
    }
    const v = cache.parse(cmp, version);
    if (v === undefined) {
      problems.push(`installed version "${version}" is not a valid ${cmp.scheme} version`);
      continue;
    }
    const events = cache.events(cmp, range);
    if (typeof events === 'string') {
      problems.push(events);
      continue;
    }
    // one comparison per event, in version order: the state after the last event at or below the version, the
    // event that closes the stretch it is in (the first fixed above it, or a last_affected at or above it), and
    // whether it is below a limit (implicitly *)
    let vulnerable = false;
    let beforeLimits = !events.hasLimits;
    let closing: Bound | undefined;
    let firstFixed: Bound | undefined;
    for (const e of events.list) {
      const c = compareBound(cmp, v, e.v);
      if (e.kind === 'introduced') {
        if (c >= 0) vulnerable = true;
      } else if (e.kind === 'fixed') {
        if (c >= 0) vulnerable = false;
        else {
          closing ??= e;
          firstFixed ??= e;
        }
      } else if (e.kind === 'last_affected') {
        if (c > 0) vulnerable = false;
        else closing ??= e;
      } else if (c < 0) beforeLimits = true;
    }
    if (vulnerable && beforeLimits) {
      inRange = true;
      if (closing?.kind === 'fixed') {
        if (!fixed || (fixedCmp === cmp && cmp.compareParsed(closing.v, fixed.v) < 0)) {
          fixed = closing;
          fixedCmp = cmp;
        }
      } else if (closing?.kind === 'last_affected') lastAffected ??= closing.raw;
    }
    // for a match through versions[] only: the lowest fixed version above the installed one
    if (firstFixed && (!fixedAbove || (fixedAboveCmp === cmp && cmp.compareParsed(firstFixed.v, fixedAbove.v) < 0))) {
      fixedAbove = firstFixed;
      fixedAboveCmp = cmp;
    }
  }
  if (inRange || listed) {
    const verdict: AffectedVerdict = { affected: true, via: inRange ? 'range' : 'versions' };
    const f = fixed?.raw ?? fixedAbove?.raw;
    if (f !== undefined) verdict.fixed = f;
    else if (lastAffected !== undefined) verdict.lastAffected = lastAffected;
    return verdict;
  }
  if (problems.length > 0) return { affected: false, undecided: problems.join('; ') };
  return { affected: false };
}

// ---------------------------------------------------------------------------------------------------------------
// severity
// ---------------------------------------------------------------------------------------------------------------

function cvssRating(score: number, v2: boolean): SeverityRating {
  if (score === 0) return v2 ? 'low' : 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (v2 || score < 9) return 'high';
  return 'critical';
}

/** base scores by vector: databases repeat the same vectors many times, and scoring one is not cheap */
const cvssScores = new Map<string, number | undefined>();

function cvssBase(type: string, vector: string): number | undefined {
  const key = `${type} ${vector}`;
  if (cvssScores.has(key)) return cvssScores.get(key);
  const score = scoreVector(type, vector);
  if (cvssScores.size < 100_000) cvssScores.set(key, score);
  return score;
}

function scoreVector(type: string, vector: string): number | undefined {
  try {
    const v = vector.trim();
    let calc: { calculateScores(): { base?: number } };
    if (type === 'CVSS_V4' || v.startsWith('CVSS:4.0/')) calc = new Cvss4P0(v);
    else if (v.startsWith('CVSS:3.1/')) calc = new Cvss3P1(v);
    else if (v.startsWith('CVSS:3.0/')) calc = new Cvss3P0(v);
    else if (type === 'CVSS_V2') calc = new Cvss2(v.replace(/^\(|\)$/g, '').replace(/^CVSS:2\.0\//, ''));
    else return undefined;
    const base = calc.calculateScores().base;
    return typeof base === 'number' && Number.isFinite(base) ? base : undefined;
  } catch {
    return undefined;
  }
}

const LABELS: Record<string, SeverityRating> = {
  critical: 'critical',
  high: 'high',
  important: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
  negligible: 'low',
  none: 'none',
};

/** severities by the first affected entry of the (record, package) they were computed for */
const severities = new WeakMap<OsvAffected, { record: OsvRecord; severity: Severity }>();

/** The severity of a record for one affected package: a CVSS vector's base score, else a database label. */
export function severityOf(record: OsvRecord, affected: readonly OsvAffected[]): Severity {
  const key = affected[0];
  const cached = key && severities.get(key);
  if (cached && cached.record === record) return cached.severity;
  const severity = computeSeverity(record, affected);
  if (key) severities.set(key, { record, severity });
  return severity;
}

/** The same, computed each time: for a record that is not kept, where severityOf's cache would keep it. */
export function computeSeverity(record: OsvRecord, affected: readonly OsvAffected[]): Severity {
  const lists: OsvSeverity[][] = [...affected.map((a) => a.severity ?? []), record.severity ?? []];
  for (const type of ['CVSS_V4', 'CVSS_V3', 'CVSS_V2']) {
    for (const list of lists) {
      for (const s of list) {
        if (s.type !== type) continue;
        const score = cvssBase(type, s.score);
        if (score !== undefined)
          return { rating: cvssRating(score, type === 'CVSS_V2'), score, vector: s.score, source: type };
      }
    }
  }
  for (const list of lists) {
    for (const s of list) {
      const rating = LABELS[s.score.trim().toLowerCase()];
      if (s.type === 'Ubuntu' && rating) return { rating, vector: s.score, source: 'Ubuntu' };
    }
  }
  for (const ds of [...affected.map((a) => a.database_specific), record.database_specific]) {
    const label = ds?.severity;
    if (typeof label === 'string' && LABELS[label.trim().toLowerCase()]) {
      return { rating: LABELS[label.trim().toLowerCase()]!, vector: label, source: 'database_specific' };
    }
  }
  return { rating: 'unknown' };
}

export function severityAtLeast(severity: SeverityRating, threshold: SeverityRating): boolean {
  return SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(threshold);
}

// ---------------------------------------------------------------------------------------------------------------
// matching
// ---------------------------------------------------------------------------------------------------------------

function vexFor(ids: ReadonlySet<string>, component: SbomComponent, vex: readonly VexStatement[]): VexStatement[] {
  return vex.filter(
    (s) =>
      (ids.has(s.id) || s.aliases.some((a) => ids.has(a))) &&
      (s.refs.length === 0 ||
        s.refs.includes(component.ref) ||
        (component.purl !== undefined && s.refs.includes(component.purl))),
  );
}

const PRECEDENCE: readonly VexStatement['origin'][] = ['targets', 'vex', 'sbom'];

/**
 * The statements that decide a match: those with an analysis state from the most authoritative origin that has
 * any (the targets file, then the VEX document, then the SBOM). Among them any suppressing state suppresses.
 */
function deciding(statements: readonly VexStatement[]): VexStatement[] {
  const stated = statements.filter((s) => s.state);
  const origin = PRECEDENCE.find((o) => stated.some((s) => s.origin === o));
  return stated.filter((s) => s.origin === origin);
}

function suppression(s: VexStatement): Suppression {
  const out: Suppression = { vex: s.id, path: s.path, origin: s.origin, state: s.state ?? '(no analysis state)' };
  if (s.justification) out.justification = s.justification;
  if (s.response) out.response = s.response;
  if (s.detail) out.detail = s.detail;
  return out;
}

/** Groups matches whose ids or aliases overlap (the same flaw from two databases) into one. */
function groupMatches(matches: VulnerabilityMatch[]): VulnerabilityMatch[] {
  if (matches.length < 2) return matches;
  const ids = new Set<string>();
  let overlap = false;
  for (const m of matches) {
    for (const id of [m.id, ...m.aliases]) {
      if (ids.has(id)) overlap = true;
      ids.add(id);
    }
  }
  if (!overlap) return matches;
  const groups: { ids: Set<string>; members: VulnerabilityMatch[] }[] = [];
  for (const m of matches) {
    const ids = new Set([m.id, ...m.aliases]);
    const overlapping = groups.filter((g) => [...ids].some((id) => g.ids.has(id)));
    const merged = { ids, members: [m] };
    for (const g of overlapping) {
      for (const id of g.ids) merged.ids.add(id);
      merged.members.push(...g.members);
      groups.splice(groups.indexOf(g), 1);
    }
    groups.push(merged);
  }
  return groups.map(({ ids, members }) => {
    members.sort((a, b) => (a.id < b.id ? -1 : 1));
    const first = { ...members[0]! };
    if (members.length === 1) return first;
    first.aliases = [...ids].filter((id) => id !== first.id).sort();
    for (const m of members.slice(1)) {
      if (SEVERITY_ORDER.indexOf(m.severity.rating) > SEVERITY_ORDER.indexOf(first.severity.rating))
        first.severity = m.severity;
      first.fixed ??= m.fixed;
      first.summary ??= m.summary;
    }
    return first;
  });
}

/** Every component's OSV package, or why it has none, in SBOM order. */
export function componentTargets(sbom: Sbom): (OsvPackage | { reason: string })[] {
  return sbom.components.map((component) => osvPackageOf(component, sbom.distro));
}

/** The ecosystems a package may be filed under: OSV names Ubuntu's LTS releases Ubuntu:22.04:LTS. */
export function candidateEcosystems(ecosystem: string): string[] {
  return ecosystem.startsWith('Ubuntu:') ? [ecosystem, `${ecosystem}:LTS`] : [ecosystem];
}

/** The ecosystem as the database names it. */
export function resolveEcosystem(ecosystem: string, has: (ecosystem: string) => boolean): string {
  return ecosystem.startsWith('Ubuntu:') && !has(ecosystem) && has(`${ecosystem}:LTS`) ? `${ecosystem}:LTS` : ecosystem;
}

/** One record's verdict on one component: a match, or an advisory that could not be decided; none when clean. */
export type RecordVerdict = { match: VulnerabilityMatch } | { undecided: { id: string; reason: string } };

/** What a record says of a version: affected (how, and the first fix or last affected version), or undecided (why). */
export type RecordEvaluation =
  | { via: 'range' | 'versions'; fixed?: string; lastAffected?: string }
  | { undecided: string };

/** Evaluates one record's affected entries for a package against a version; undefined when not affected. */
export function evaluateVersion(
  version: string,
  affected: readonly OsvAffected[],
  cache: VersionCache,
): RecordEvaluation | undefined {
  // the first entry that affects the version says how; the first fix and last affected version among them count
  let hit: AffectedVerdict | undefined;
  let fixed: string | undefined;
  let lastAffected: string | undefined;
  let undecided: string | undefined;
  for (const a of affected) {
    const v = evaluateAffected(version, a, cache);
    if (v.affected) {
      hit ??= v;
      fixed ??= v.fixed;
      lastAffected ??= v.lastAffected;
    } else undecided ||= v.undecided;
  }
  if (!hit) return undecided ? { undecided } : undefined;
  const evaluation: RecordEvaluation = { via: hit.via ?? 'range' };
  if (fixed) evaluation.fixed = fixed;
  else if (lastAffected) evaluation.lastAffected = lastAffected;
  return evaluation;
}

/** What a verdict cites of its record. */
export type RecordFacts = Pick<OsvRecord, 'id' | 'aliases' | 'summary'>;

/** The package a verdict is about: as the component's purl names it, in the ecosystem the database files it under. */
export interface VerdictSubject {
  ecosystem: string;
  name: string;
  version: string;
}

/**
 * A record's verdict on a package from its evaluation; `severity` (the record's for that package) is asked for only
 * when the version is affected.
 */
export function recordVerdict(
  record: RecordFacts,
  evaluation: RecordEvaluation,
  subject: VerdictSubject,
  severity: () => Severity,
): RecordVerdict {
  if ('undecided' in evaluation) return { undecided: { id: record.id, reason: evaluation.undecided } };
  const match: VulnerabilityMatch = {
    id: record.id,
    aliases: [...(record.aliases ?? [])],
    ecosystem: subject.ecosystem,
    package: subject.name,
    version: subject.version,
    severity: severity(),
    via: evaluation.via,
  };
  if (record.summary) match.summary = record.summary;
  if (evaluation.fixed) match.fixed = evaluation.fixed;
  else if (evaluation.lastAffected) match.lastAffected = evaluation.lastAffected;
  return { match };
}

/** Evaluates one record (its affected entries for the package `name`) against a component's version. */
export function evaluateRecord(
  ecosystem: string,
  name: string,
  version: string,
  record: OsvRecord,
  affected: readonly OsvAffected[],
  cache: VersionCache,
): RecordVerdict | undefined {
  const evaluation = evaluateVersion(version, affected, cache);
  return (
    evaluation && recordVerdict(record, evaluation, { ecosystem, name, version }, () => severityOf(record, affected))
  );
}

/**
 * A component's result from the verdicts of the records for its package (in database order, one per record id):
 * matches grouped by alias, VEX applied, and the status — NOT_EVALUATED whenever clean cannot be shown.
 */
export function assembleComponent(
  component: SbomComponent,
  target: OsvPackage,
  ecosystem: string,
  covered: boolean,
  verdicts: readonly RecordVerdict[],
  vex: readonly VexStatement[],
  suppressing: ReadonlySet<string>,
  cache: VersionCache,
): ComponentResult {
  const { names, version } = target;
  const result: ComponentResult = {
    component,
    status: 'CLEAN',
    ecosystem,
    package: names[0]!,
    version,
    matches: [],
    undecided: [],
  };
  if (!covered) return { ...result, status: 'NOT_EVALUATED', reason: `the OSV database has no ${ecosystem} records` };
  const found: VulnerabilityMatch[] = [];
  for (const v of verdicts) {
    if ('match' in v) found.push(v.match);
    else result.undecided.push(v.undecided);
  }
  result.matches = groupMatches(found).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const m of vex.length === 0 ? [] : result.matches) {
    const statements = vexFor(new Set([m.id, ...m.aliases]), component, vex);
    const decisive = deciding(statements);
    const suppressor = decisive.find((s) => suppressing.has(s.state!));
    if (suppressor) m.suppressed = suppression(suppressor);
    else if (decisive[0] ?? statements[0]) m.vex = suppression((decisive[0] ?? statements[0])!);
  }
  const comparator = ecosystemComparator(ecosystem);
  if (result.matches.some((m) => !m.suppressed)) result.status = 'VULNERABLE';
  else if (!comparator) {
    result.status = 'NOT_EVALUATED';
    result.reason = `no version comparator for ${baseEcosystem(ecosystem)}`;
  } else if (result.undecided.length > 0) {
    result.status = 'NOT_EVALUATED';
    result.reason = `${result.undecided.length} advisor${result.undecided.length === 1 ? 'y' : 'ies'} could not be decided`;
  } else if (cache.parse(comparator, version) === undefined) {
    result.status = 'NOT_EVALUATED';
    result.reason = `version "${version}" is not a valid ${comparator.scheme} version`;
  }
  return result;
}

/** What a report says about the database it matched against. */
export interface DatabaseSummary {
  source: string;
  ecosystems: string[];
  records: number;
  withdrawn: number;
  malformed: number;
  warnings: readonly string[];
}

export function databaseSummary(db: OsvDatabase): DatabaseSummary {
  const { records, withdrawn, malformed } = db.stats;
  return { source: db.source, ecosystems: db.ecosystems(), records, withdrawn, malformed, warnings: db.warnings };
}

export function matchReport(sbom: Sbom, db: DatabaseSummary, components: ComponentResult[]): MatchReport {
  const { warnings, ...database } = db;
  return {
    sbom: { file: sbom.file, format: sbom.format, specVersion: sbom.specVersion },
    database,
    components,
    warnings: [...warnings],
  };
}

/** Matches every component of the SBOM against the database. */
export function matchSbom(sbom: Sbom, db: OsvDatabase, options: MatchOptions = {}): MatchReport {
  const suppressing = new Set(options.suppressingStates ?? DEFAULT_SUPPRESSING_STATES);
  const cache = new VersionCache();
  const has = (e: string) => db.hasEcosystem(e);
  const targets = componentTargets(sbom);
  const components = sbom.components.map((component, i) => {
    const target = targets[i]!;
    if ('reason' in target) {
      return { component, status: 'NOT_EVALUATED' as const, reason: target.reason, matches: [], undecided: [] };
    }
    const ecosystem = resolveEcosystem(target.ecosystem, has);
    const verdicts: RecordVerdict[] = [];
    const seen = new Set<string>();
    if (db.hasEcosystem(ecosystem)) {
      for (const name of target.names) {
        for (const { record, affected } of db.lookup(ecosystem, name)) {
          if (seen.has(record.id)) continue;
          seen.add(record.id);
          const verdict = evaluateRecord(ecosystem, name, target.version, record, affected, cache);
          if (verdict) verdicts.push(verdict);
        }
      }
    }
    return assembleComponent(
      component,
      target,
      ecosystem,
      db.hasEcosystem(ecosystem),
      verdicts,
      sbom.vex,
      suppressing,
      cache,
    );
  });
  return matchReport(sbom, databaseSummary(db), components);
}

export { VersionCache };
