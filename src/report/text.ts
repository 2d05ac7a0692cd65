/** Wording shared by the text reports (terminal, Markdown, HTML). */
import type {
  Assessment,
  ConformanceStatement,
  EvidenceRef,
  ProductClassDecision,
  RuleSummary,
  StatementSummary,
  Support,
  SystemView,
  Truth,
} from '../assess/assessment.js';
import { getOrCreate } from '../util/maps.js';

/**
 * Tables in the HTML and PDF show at most this many rows; a note says how many were left out and where the full data
 * is. Keeps the page of a 10 000-element model small enough for a browser to open and sort quickly, and its PDF a
 * document a person reads rather than 400 pages of one rule repeated per device.
 */
export const MAX_TABLE_ROWS = 1000;

/**
 * The first `max` rows and, when some were left out, a sentence that says so and where the complete list is (plain
 * text: the HTML, the PDF and the workspace's privacy tab put it in their own markup).
 */
export function capList<T>(
  rows: T[],
  what: string,
  max = MAX_TABLE_ROWS,
  where = 'the JSON report',
): { rows: T[]; cut?: string } {
  if (rows.length <= max) return { rows };
  const counts = `${max.toLocaleString('en')} of ${rows.length.toLocaleString('en')}`;
  return { rows: rows.slice(0, max), cut: `Showing the first ${counts} ${what}. The complete list is in ${where}` };
}

/** A comma-separated list, shortened to `max` items with a count of the rest (of `total`, by default all items). */
export function shortText(items: string[], max = 6, total = items.length): string {
  const shown = items.slice(0, max).join(', ');
  return total > max ? `${shown} … (+${total - max})` : shown;
}

export const STAKEHOLDER_TITLES: Record<string, string> = {
  developer: 'IoT service developer',
  provider: 'IoT service provider',
  user: 'IoT user',
};

/** The rule summaries of an assessment by id, for the details its risks refer to. */
export function rulesById(a: Assessment): Map<string, RuleSummary> {
  return new Map(a.rules.map((r) => [r.id, r]));
}

/** Risk levels, highest first. */
export function orderedLevels(a: Assessment): string[] {
  return [...a.riskMatrix.levels].reverse();
}

const SUPPORT_LABELS: Record<Support, string> = {
  yes: 'supported',
  partial: 'partly',
  no: 'not supported',
  'not-applicable': 'n/a',
  undetermined: 'undetermined',
};

export function supportLabel(support: Support): string {
  return SUPPORT_LABELS[support];
}

/** Every label supportLabel gives, for a spreadsheet's drop-down. */
export const SUPPORT_LABEL_VALUES: readonly string[] = Object.values(SUPPORT_LABELS);

/** e.g. "41 of 52 applicable requirements supported (3 partly, 2 undetermined); 6 mandatory gaps" */
export function summaryText(s: StatementSummary): string {
  const more = [
    s.partial > 0 ? `${s.partial} partly` : '',
    s.undetermined > 0 ? `${s.undetermined} undetermined` : '',
  ].filter(Boolean);
  const gaps = s.mandatoryGaps > 0 ? `; ${s.mandatoryGaps} mandatory gap${s.mandatoryGaps === 1 ? '' : 's'}` : '';
  const later = s.notInForce > 0 ? `; ${s.notInForce} not yet in force` : '';
  return `${s.supported} of ${s.applicable} applicable requirements supported${more.length ? ` (${more.join(', ')})` : ''}${gaps}${later}`;
}

/**
 * A framework's standing in one line: out of scope with the reason, undetermined scope with what to state, or its
 * progress over the products in scope.
 */
export function frameworkProgress(c: ConformanceStatement): string {
  if (c.scope.applies === false) return `${c.shortTitle}: out of scope — ${c.scope.reason}`;
  const scope = c.scope.applies === 'unknown' ? ` (scope undetermined: ${c.scope.reason})` : '';
  return `${c.shortTitle}: ${summaryText(c.summary)}${scope}`;
}

const CLASS_LABELS: Record<ProductClassDecision['class'], string> = {
  default: 'default class',
  'important-I': 'important class I',
  'important-II': 'important class II',
  critical: 'critical',
  undetermined: 'class undetermined',
};

const ROUTE_LABELS: Record<string, string> = {
  'internal-control': 'module A',
  'eu-type-examination': 'modules B+C',
  'full-quality-assurance': 'module H',
  'eu-cybersecurity-certification': 'European cybersecurity certificate',
};

/** The products a framework puts in classes (the CRA), with their decisions. */
export function productClasses(
  a: Assessment,
): { framework: ConformanceStatement; product: string; decision: ProductClassDecision }[] {
  return a.conformance.flatMap((c) =>
    c.products.flatMap((p) => (p.productClass ? [{ framework: c, product: p.name, decision: p.productClass }] : [])),
  );
}

/** e.g. "important class I, III.I.17 (suggested; confirm in the model)" */
export function productClassLabel(d: ProductClassDecision): string {
  const points = d.categories.map((c) => c.point).join(', ');
  const basis =
    d.basis === 'suggested' ? ' (suggested; confirm in the model)' : d.basis === 'declared' ? ' (declared)' : '';
  return `${CLASS_LABELS[d.class]}${points ? `, ${points}` : ''}${basis}`;
}

/** A product's class in three labelled lines, for the per-product sections of the Markdown and HTML reports. */
export function productClassRows(d: ProductClassDecision): [string, string][] {
  return [
    ['class', productClassLabel(d)],
    ['why', d.reason],
    ['conformity assessment', conformityRoutesText(d)],
  ];
}

/** e.g. "module A only if …; modules B+C; module H — notified body: needed unless …" */
export function conformityRoutesText(d: ProductClassDecision): string {
  if (!d.conformity) return 'routes follow once the class is settled';
  const routes = d.conformity.routes
    .map((r) => `${ROUTE_LABELS[r.route] ?? r.route}${r.onlyIf ? ` (only if ${r.onlyIf})` : ''}`)
    .join('; ');
  const needed = d.conformity.thirdParty.needed;
  const body = needed === true ? 'needed' : needed === false ? 'not needed' : 'depends';
  return `${routes} [${d.conformity.basis}]; notified body ${body}: ${d.conformity.thirdParty.reason}`;
}

/** Number of risks per cell of the matrix, indexed [likelihood - 1][impact - 1]. */
export function heatCounts(a: Assessment, which: 'inherent' | 'residual'): number[][] {
  const counts = a.riskMatrix.likelihood.map(() => a.riskMatrix.impact.map(() => 0));
  for (const r of a.risks) {
    const row = counts[r[which].likelihood - 1];
    if (row && r[which].impact - 1 < row.length) row[r[which].impact - 1]! += 1;
  }
  return counts;
}

export interface Progress {
  /** applicable controls owed */
  owed: number;
  /** owed and not a gap */
  done: number;
  gaps: number;
  /** open risks the gaps leave, by residual level */
  risks: Record<string, number>;
}

/** Applicable controls matching `owes`, how many are gaps, and the open risks those gaps leave. */
export function progress(a: Assessment, owes: (c: Assessment['controls'][number]) => boolean): Progress {
  const gaps = new Map(a.gaps.map((g) => [g.control, g]));
  const owed = a.controls.filter((c) => c.applies && owes(c));
  const open = new Map<string, string>();
  let gapCount = 0;
  for (const c of owed) {
    const gap = gaps.get(c.id);
    if (!gap) continue;
    gapCount += 1;
    for (const r of gap.risks) open.set(r.id, r.level);
  }
  const risks: Record<string, number> = {};
  for (const level of open.values()) risks[level] = (risks[level] ?? 0) + 1;
  return { owed: owed.length, done: owed.length - gapCount, gaps: gapCount, risks };
}

export function progressByStakeholder(a: Assessment): { role: string; progress: Progress }[] {
  return Object.keys(STAKEHOLDER_TITLES).map((role) => ({
    role,
    progress: progress(a, (c) => c.stakeholders.some((s) => s.role === role)),
  }));
}

export function progressByStage(a: Assessment): { stage: string; progress: Progress }[] {
  return a.model.stages.map((stage) => ({ stage, progress: progress(a, (c) => c.stages.includes(stage)) }));
}

/** `1 critical, 2 high` (worst first) from counts by level; `none` when there are none. */
export function levelCountText(a: Assessment, counts: Record<string, number>): string {
  const parts = orderedLevels(a)
    .filter((l) => (counts[l] ?? 0) > 0)
    .map((l) => `${counts[l]} ${l}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/*
 * The privacy view, shared by every report and the workspace's privacy tab. Each takes only the parts of the
 * assessment it reads, so the workspace can pass the assessment JSON it holds.
 */
type Data = Pick<Assessment, 'system'>;
type DataAsset = SystemView['dataAssets'][number];
type Flow = SystemView['flows'][number];

/** The data assets that are personal data. */
export function personalDataAssets(a: Data): DataAsset[] {
  return a.system.dataAssets.filter((d) => d.personalData);
}

/** The flows that carry personal data, each with the personal data assets it carries. */
export function personalDataFlows(a: Data): { flow: Flow; personal: string[] }[] {
  const personal = new Set(personalDataAssets(a).map((d) => d.id));
  return a.system.flows
    .filter((f) => f.personalData)
    .map((flow) => ({ flow, personal: flow.data.filter((d) => personal.has(d)) }));
}

/** Risks, worst residual level first; within a level, in the order given (the sort is stable). */
export function worstResidualFirst<R extends { residual: { level: string } }>(levels: string[], risks: R[]): R[] {
  const rank = (level: string) => levels.indexOf(level);
  return [...risks].sort((x, y) => rank(y.residual.level) - rank(x.residual.level));
}

/** The risks that are LINDDUN privacy threats, worst residual level first. */
export function privacyThreats<R extends { linddun: string[]; residual: { level: string } }>(a: {
  risks: R[];
  riskMatrix: { levels: string[] };
}): R[] {
  return worstResidualFirst(
    a.riskMatrix.levels,
    a.risks.filter((r) => r.linddun.length > 0),
  );
}

/** A control of the privacy families (ISO/IEC 27400 7.2.x); the others are security controls (7.1.x). */
export const isPrivacyControl = (c: { family: string }): boolean => c.family.startsWith('7.2');

/** The privacy controls that apply or may apply (their condition is unknown), in catalog order. */
export function privacyControls<C extends { family: string; applies: Truth }>(a: { controls: C[] }): C[] {
  return a.controls.filter((c) => isPrivacyControl(c) && c.applies !== false);
}

/** Where each personal data asset is stored and which elements receive it in a flow. */
export function personalDataDestinations(
  a: Data,
): { asset: DataAsset; storedIn: string[]; sentTo: string[]; flows: string[] }[] {
  const byAsset = new Map<string, Flow[]>();
  for (const f of a.system.flows) {
    for (const d of f.data) {
      const list = byAsset.get(d) ?? [];
      list.push(f);
      byAsset.set(d, list);
    }
  }
  return personalDataAssets(a).map((asset) => {
    const flows = byAsset.get(asset.id) ?? [];
    return {
      asset,
      storedIn: asset.storedIn,
      sentTo: [...new Set(flows.map((f) => f.to))],
      flows: flows.map((f) => f.id),
    };
  });
}

/** The provenance block every format prints: what the assessment was made from, so it can be reproduced. */
export function provenanceRows(a: Assessment): [string, string][] {
  const p = a.provenance;
  const exclusions = [
    ...p.exclusions.frameworks.map((f) => `${f.framework} out of scope (${f.reason})`),
    ...p.exclusions.suppressions.map(
      (s) => `rule ${s.rule} suppressed on ${s.subjects.join(', ')} (${s.justification})`,
    ),
    `${p.exclusions.notApplicableControls} controls not applicable`,
  ];
  return [
    ['model', `${a.model.file}${p.modelSha256 ? ` (SHA-256 ${p.modelSha256})` : ''}`],
    [
      'repository',
      p.git ? `commit ${p.git.commit}${p.git.dirty ? ', with uncommitted changes' : ''}` : 'not in a git repository',
    ],
    ['catalog', `${p.catalog.files} files, SHA-256 ${p.catalog.sha256}`],
    ['tool', p.tool],
    ['date', p.date],
    [
      'scope',
      [
        `stages ${p.scope.stages.join(', ')}`,
        p.scope.stakeholder && `stakeholder ${p.scope.stakeholder}`,
        p.scope.stage && `stage ${p.scope.stage}`,
      ]
        .filter(Boolean)
        .join('; '),
    ],
    ['exclusions', exclusions.join('; ')],
  ];
}

export const FINDING_TITLES: Record<string, string> = {
  contradiction: 'status and model disagree',
  'verified-without-evidence': 'verified without evidence',
  'expired-evidence': 'evidence expired',
  'failed-check': 'a check failed',
  'acceptance-incomplete': 'acceptance incomplete',
  'acceptance-expired': 'acceptance due for review',
  'transfer-incomplete': 'transfer incomplete',
  'suppression-lapsed': 'suppression lapsed',
  'unknown-residual-level': 'unknown residual level',
  'scope-mismatch': 'status scope does not fit',
  'evidence-changed': 'evidence file changed',
  'evidence-unreadable': 'evidence file not found',
};

/** How many lines a grouped statement of the model names before it says how many more there are. */
const STATEMENT_LINES_NAMED = 3;

/**
 * A control's evidence as people read it: each document, record and check on its own, and the model's own statements
 * grouped by what they state and in which file, naming the first few lines and how many more. In a fleet each flow
 * states its protocol on its own line, and ten thousand references in one cell of a statement of applicability help
 * no one; the assessment JSON and OSCAL keep every one.
 */
export function evidenceForReaders(refs: readonly EvidenceRef[]): EvidenceRef[] {
  const statements = new Map<string, EvidenceRef[]>();
  const out: (EvidenceRef | EvidenceRef[])[] = [];
  for (const ref of refs) {
    if (ref.kind !== 'model' || !ref.source) {
      out.push(ref);
      continue;
    }
    const same = getOrCreate(statements, `${ref.title}\u0000${ref.source.file}`, () => {
      const list: EvidenceRef[] = [];
      out.push(list);
      return list;
    });
    same.push(ref);
  }
  return out.map((item) => (Array.isArray(item) ? statedAt(item) : item));
}

/** Statements of the same fact in one file, as one reference. */
function statedAt(same: readonly EvidenceRef[]): EvidenceRef {
  const first = same[0]!;
  if (same.length === 1) return first;
  const lines = same.slice(0, STATEMENT_LINES_NAMED).map((e) => e.source!.line);
  const more = same.length - lines.length;
  return {
    ...first,
    id: `model (${same.length} statements)`,
    location: `${first.source!.file} lines ${lines.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
    subjects: [...new Set(same.flatMap((e) => e.subjects ?? []))],
  };
}
