/**
 * What changed between two assessments of a system: risks that appeared or closed, residual levels and risk statuses
 * that moved, controls whose status or applicability changed, gaps opened and closed, and progress per framework.
 * Pure over two Assessment objects, so `iotassure diff` can compare a model with a saved JSON assessment, and a
 * pull-request bot can compare the base and head of a branch.
 */
import type { EffectiveStatus, Truth } from '../assess/assessment.js';
import type { DiffInput } from './diff-input.js';
import { md } from './markdown.js';

export const DIFF_FORMAT = 'iotassure-diff';
export const DIFF_FORMAT_VERSION = '1.0';

export interface DiffSide {
  file: string;
  name: string;
  id?: string;
  date: string;
  tool: string;
}

export interface RiskBrief {
  id: string;
  title: string;
  subject: string;
  level: string;
  status: string;
  message: string;
}

export interface ControlState {
  /** the effective status: a status the model's facts or checks refute is `refuted`, never an improvement */
  status: EffectiveStatus;
  applies: Truth;
}

export interface ControlChange {
  id: string;
  title: string;
  /** absent when the control is not in that assessment (catalog or filters differ) */
  from?: ControlState;
  to?: ControlState;
  /** per product, where its status there changed (a regression on one product can hide under the weakest status) */
  products: { product: string; from?: EffectiveStatus; to?: EffectiveStatus }[];
}

export interface GapBrief {
  control: string;
  title: string;
  status: EffectiveStatus;
  priority: string;
}

export interface FrameworkProgress {
  applicable: number;
  supported: number;
  partial: number;
  notSupported: number;
  undetermined: number;
  mandatoryGaps: number;
}

export interface FrameworkDelta {
  framework: string;
  title: string;
  old?: FrameworkProgress;
  new?: FrameworkProgress;
  /** new minus old (a side that is absent counts as zero) */
  delta: FrameworkProgress;
}

export interface AssessmentDiff {
  format: typeof DIFF_FORMAT;
  formatVersion: typeof DIFF_FORMAT_VERSION;
  old: DiffSide;
  new: DiffSide;
  /** risk levels, lowest first (from the new assessment) */
  levels: string[];
  /** things that make the comparison less meaningful: another system, other filters */
  warnings: string[];
  risks: {
    added: RiskBrief[];
    closed: RiskBrief[];
    levelChanged: (RiskBrief & { from: string; to: string })[];
    statusChanged: (RiskBrief & { from: string; to: string })[];
  };
  controls: ControlChange[];
  gaps: { opened: GapBrief[]; closed: GapBrief[] };
  frameworks: FrameworkDelta[];
  summary: {
    newRisks: number;
    closedRisks: number;
    levelChanges: number;
    statusChanges: number;
    controlChanges: number;
    gapsOpened: number;
    gapsClosed: number;
    frameworksChanged: number;
  };
}

const side = (a: DiffInput): DiffSide => ({
  file: a.model.file,
  name: a.model.name,
  ...(a.model.id ? { id: a.model.id } : {}),
  date: a.date,
  tool: `${a.tool.name} ${a.tool.version}`,
});

const brief = (r: DiffInput['risks'][number]): RiskBrief => ({
  id: r.id,
  title: r.title,
  subject: r.subject.id,
  level: r.residual.level,
  status: r.status,
  message: r.message,
});

const progress = ({ summary: s }: DiffInput['conformance'][number]): FrameworkProgress => ({
  applicable: s.applicable,
  supported: s.supported,
  partial: s.partial,
  notSupported: s.notSupported,
  undetermined: s.undetermined,
  mandatoryGaps: s.mandatoryGaps,
});

const ZERO: FrameworkProgress = {
  applicable: 0,
  supported: 0,
  partial: 0,
  notSupported: 0,
  undetermined: 0,
  mandatoryGaps: 0,
};

function productChanges(
  before: readonly { product: string; status: EffectiveStatus }[],
  after: readonly { product: string; status: EffectiveStatus }[],
): ControlChange['products'] {
  const old = new Map(before.map((p) => [p.product, p.status]));
  const now = new Map(after.map((p) => [p.product, p.status]));
  return [...new Set([...old.keys(), ...now.keys()])]
    .filter((product) => old.get(product) !== now.get(product))
    .map((product) => ({ product, from: old.get(product), to: now.get(product) }));
}

export function diffAssessments(before: DiffInput, after: DiffInput): AssessmentDiff {
  const levels = after.riskMatrix.levels;
  const rank = (level: string) => levels.indexOf(level);
  const byLevel = (x: RiskBrief, y: RiskBrief) => rank(y.level) - rank(x.level) || x.id.localeCompare(y.id);

  const oldRisks = new Map(before.risks.map((r) => [r.id, r]));
  const newRisks = new Map(after.risks.map((r) => [r.id, r]));
  const added = after.risks.filter((r) => !oldRisks.has(r.id)).map(brief);
  const closed = before.risks.filter((r) => !newRisks.has(r.id)).map(brief);
  const levelChanged: AssessmentDiff['risks']['levelChanged'] = [];
  const statusChanged: AssessmentDiff['risks']['statusChanged'] = [];
  for (const r of after.risks) {
    const old = oldRisks.get(r.id);
    if (!old) continue;
    if (old.residual.level !== r.residual.level) {
      levelChanged.push({ ...brief(r), from: old.residual.level, to: r.residual.level });
    }
    if (old.status !== r.status) statusChanged.push({ ...brief(r), from: old.status, to: r.status });
  }

  const oldControls = new Map(before.controls.map((c) => [c.id, c]));
  const newControls = new Map(after.controls.map((c) => [c.id, c]));
  const controls: ControlChange[] = [];
  for (const id of [...new Set([...oldControls.keys(), ...newControls.keys()])].sort()) {
    const from = oldControls.get(id);
    const to = newControls.get(id);
    const products = productChanges(from?.products ?? [], to?.products ?? []);
    if (from && to && from.status === to.status && from.applies === to.applies && products.length === 0) continue;
    controls.push({
      id,
      title: (to ?? from)!.title,
      ...(from ? { from: { status: from.status, applies: from.applies } } : {}),
      ...(to ? { to: { status: to.status, applies: to.applies } } : {}),
      products,
    });
  }

  const oldGaps = new Map(before.gaps.map((g) => [g.control, g]));
  const newGaps = new Map(after.gaps.map((g) => [g.control, g]));
  const gapBrief = (g: DiffInput['gaps'][number]): GapBrief => ({
    control: g.control,
    title: g.title,
    status: g.status,
    priority: g.priority,
  });
  const opened = after.gaps.filter((g) => !oldGaps.has(g.control)).map(gapBrief);
  const closedGaps = before.gaps
    .filter((g) => !newGaps.has(g.control))
    .map((g) => ({ ...gapBrief(g), status: newControls.get(g.control)?.status ?? g.status }));

  const oldCoverage = new Map(before.conformance.map((c) => [c.framework, c]));
  const newCoverage = new Map(after.conformance.map((c) => [c.framework, c]));
  const frameworks: FrameworkDelta[] = [...new Set([...newCoverage.keys(), ...oldCoverage.keys()])].map((id) => {
    const o = oldCoverage.get(id);
    const n = newCoverage.get(id);
    const op = o ? progress(o) : ZERO;
    const np = n ? progress(n) : ZERO;
    return {
      framework: id,
      title: (n ?? o)!.shortTitle,
      ...(o ? { old: op } : {}),
      ...(n ? { new: np } : {}),
      delta: {
        applicable: np.applicable - op.applicable,
        supported: np.supported - op.supported,
        partial: np.partial - op.partial,
        notSupported: np.notSupported - op.notSupported,
        undetermined: np.undetermined - op.undetermined,
        mandatoryGaps: np.mandatoryGaps - op.mandatoryGaps,
      },
    };
  });

  const warnings: string[] = [];
  if ((before.model.id ?? before.model.name) !== (after.model.id ?? after.model.name)) {
    warnings.push(
      `the assessments are of different systems: ${before.model.id ?? before.model.name} and ${after.model.id ?? after.model.name}`,
    );
  }
  const filters = (a: DiffInput) => JSON.stringify([a.filters.stakeholder ?? null, a.filters.stage ?? null]);
  if (filters(before) !== filters(after)) {
    warnings.push(
      'the assessments were filtered differently (--stakeholder / --stage); control changes may be filters',
    );
  }
  if (JSON.stringify(before.riskMatrix.levels) !== JSON.stringify(levels)) {
    warnings.push('the assessments use different risk levels; levels are compared by name');
  }

  const changed = (f: FrameworkDelta) => Object.values(f.delta).some((v) => v !== 0) || !f.old || !f.new;
  return {
    format: DIFF_FORMAT,
    formatVersion: DIFF_FORMAT_VERSION,
    old: side(before),
    new: side(after),
    levels: [...levels],
    warnings,
    risks: {
      added: added.sort(byLevel),
      closed: closed.sort(byLevel),
      levelChanged: levelChanged.sort(byLevel),
      statusChanged: statusChanged.sort(byLevel),
    },
    controls,
    gaps: { opened, closed: closedGaps },
    frameworks,
    summary: {
      newRisks: added.length,
      closedRisks: closed.length,
      levelChanges: levelChanged.length,
      statusChanges: statusChanged.length,
      controlChanges: controls.length,
      gapsOpened: opened.length,
      gapsClosed: closedGaps.length,
      frameworksChanged: frameworks.filter(changed).length,
    },
  };
}

/**
 * Risks that make `--fail-on-new LEVEL` fail: new ones at LEVEL or above, and existing ones whose residual level rose
 * to LEVEL or above — in either case only while nobody accepted, transferred or avoided them (as `assess --fail-on`).
 */
export function newRisksAtOrAbove(diff: AssessmentDiff, level: string): RiskBrief[] {
  const rank = (l: string) => diff.levels.indexOf(l);
  const threshold = rank(level);
  const live = (r: RiskBrief) => r.status === 'open' || r.status === 'mitigated';
  return [
    ...diff.risks.added.filter((r) => live(r) && rank(r.level) >= threshold),
    ...diff.risks.levelChanged.filter((r) => live(r) && rank(r.to) >= threshold && rank(r.from) < threshold),
  ];
}

export function diffIsEmpty(diff: AssessmentDiff): boolean {
  const s = diff.summary;
  return (
    s.newRisks + s.closedRisks + s.levelChanges + s.statusChanges + s.controlChanges + s.gapsOpened + s.gapsClosed ===
      0 && s.frameworksChanged === 0
  );
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const state = (s: ControlState | undefined) =>
  s === undefined
    ? 'absent'
    : s.applies === false
      ? `${s.status}, not applicable`
      : s.applies === 'unknown'
        ? `${s.status}, applicability undetermined`
        : s.status;
const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function progressLine(f: FrameworkDelta): string {
  const o = f.old ?? ZERO;
  const n = f.new ?? ZERO;
  const gaps = f.delta.mandatoryGaps !== 0 ? `; mandatory gaps ${o.mandatoryGaps} → ${n.mandatoryGaps}` : '';
  const applicable = f.delta.applicable !== 0 ? ` (applicable ${o.applicable} → ${n.applicable})` : '';
  const partly = f.delta.partial !== 0 ? `; partly ${o.partial} → ${n.partial}` : '';
  return `${f.title}: ${o.supported} → ${n.supported} of ${n.applicable} applicable supported (${signed(f.delta.supported)})${applicable}${partly}${gaps}`;
}

const COLOURS: Record<string, string> = {
  critical: '\x1b[1;31m',
  high: '\x1b[31m',
  medium: '\x1b[33m',
  low: '\x1b[32m',
};

/** The diff for a terminal. */
export function diffText(diff: AssessmentDiff, options: { colour?: boolean } = {}): string {
  const paint = (level: string, text: string) =>
    options.colour && COLOURS[level] ? `${COLOURS[level]}${text}\x1b[0m` : text;
  const bold = (text: string) => (options.colour ? `\x1b[1m${text}\x1b[0m` : text);
  const out: string[] = [];
  out.push(bold(`${diff.old.name}: ${diff.old.file} (${diff.old.date}) → ${diff.new.file} (${diff.new.date})`));
  for (const w of diff.warnings) out.push(`warning: ${w}`);
  const s = diff.summary;
  out.push(
    `Risks: ${s.newRisks} new, ${s.closedRisks} closed, ${count(s.levelChanges, 'level change')}, ${count(s.statusChanges, 'status change')}. ` +
      `Controls: ${count(s.controlChanges, 'change')}; gaps ${s.gapsOpened} opened, ${s.gapsClosed} closed.`,
  );
  if (diffIsEmpty(diff)) {
    out.push('No change in risks, controls, gaps or framework progress.');
    return `${out.join('\n')}\n`;
  }
  const section = (title: string, lines: string[]) => {
    if (lines.length > 0) out.push('', bold(title), ...lines);
  };
  section(
    'New risks:',
    diff.risks.added.map((r) => `  + ${paint(r.level, r.level.padEnd(8))} ${r.id} — ${r.title} (${r.status})`),
  );
  section(
    'Closed risks:',
    diff.risks.closed.map((r) => `  - ${paint(r.level, r.level.padEnd(8))} ${r.id} — ${r.title}`),
  );
  section(
    'Residual level changed:',
    diff.risks.levelChanged.map(
      (r) =>
        `  ${diff.levels.indexOf(r.to) > diff.levels.indexOf(r.from) ? '↑' : '↓'} ${r.id}: ${paint(r.from, r.from)} → ${paint(r.to, r.to)}`,
    ),
  );
  section(
    'Risk status changed:',
    diff.risks.statusChanged.map((r) => `  ~ ${r.id}: ${r.from} → ${r.to}`),
  );
  section(
    'Control status changed:',
    diff.controls.flatMap((c) => [
      `  ~ ${c.id}: ${state(c.from)} → ${state(c.to)}`,
      ...c.products.map((p) => `      ${p.product}: ${p.from ?? 'absent'} → ${p.to ?? 'absent'}`),
    ]),
  );
  section(
    'Gaps opened:',
    diff.gaps.opened.map((g) => `  + ${paint(g.priority, g.priority.padEnd(8))} ${g.control} (${g.status})`),
  );
  section(
    'Gaps closed:',
    diff.gaps.closed.map((g) => `  - ${g.control} (now ${g.status})`),
  );
  const moved = diff.frameworks.filter((f) => Object.values(f.delta).some((v) => v !== 0) || !f.old || !f.new);
  section(
    'Framework progress:',
    moved.map((f) => `  ${progressLine(f)}`),
  );
  return `${out.join('\n')}\n`;
}

/** The diff as Markdown, for a pull-request comment. Everything from the models is escaped. */
export function diffMarkdown(diff: AssessmentDiff): string {
  const out: string[] = [];
  const s = diff.summary;
  out.push(`## iotassure: changes in ${md(diff.new.name)}\n`);
  out.push(`${md(diff.old.file)} (${md(diff.old.date)}) → ${md(diff.new.file)} (${md(diff.new.date)})\n`);
  for (const w of diff.warnings) out.push(`> **Warning:** ${md(w)}\n`);
  out.push(
    `**Risks:** ${s.newRisks} new, ${s.closedRisks} closed, ${count(s.levelChanges, 'level change')}, ` +
      `${count(s.statusChanges, 'status change')} · **Controls:** ${count(s.controlChanges, 'change')} · ` +
      `**Gaps:** ${s.gapsOpened} opened, ${s.gapsClosed} closed\n`,
  );
  if (diffIsEmpty(diff)) {
    out.push('No change in risks, controls, gaps or framework progress.\n');
    return out.join('\n');
  }
  const table = (title: string, header: string[], rows: string[][], collapse = 15) => {
    if (rows.length === 0) return;
    const body = [
      `| ${header.join(' | ')} |`,
      `| ${header.map(() => '---').join(' | ')} |`,
      ...rows.map((r) => `| ${r.join(' | ')} |`),
    ].join('\n');
    out.push(
      rows.length > collapse
        ? `<details><summary>${title} (${rows.length})</summary>\n\n${body}\n\n</details>\n`
        : `### ${title}\n\n${body}\n`,
    );
  };
  table(
    'New risks',
    ['level', 'risk', 'status', 'what'],
    diff.risks.added.map((r) => [md(r.level), md(r.id), md(r.status), md(r.message)]),
  );
  table(
    'Closed risks',
    ['level', 'risk', 'what'],
    diff.risks.closed.map((r) => [md(r.level), md(r.id), md(r.title)]),
  );
  table(
    'Residual level changed',
    ['risk', 'from', 'to'],
    diff.risks.levelChanged.map((r) => [md(r.id), md(r.from), md(r.to)]),
  );
  table(
    'Risk status changed',
    ['risk', 'from', 'to'],
    diff.risks.statusChanged.map((r) => [md(r.id), md(r.from), md(r.to)]),
  );
  table(
    'Control status changed',
    ['control', 'from', 'to'],
    diff.controls.map((c) => [
      `${md(c.id)}: ${md(c.title)}`,
      state(c.from) + c.products.map((p) => `<br>${md(p.product)}: ${p.from ?? 'absent'}`).join(''),
      state(c.to) + c.products.map((p) => `<br>${md(p.product)}: ${p.to ?? 'absent'}`).join(''),
    ]),
  );
  table(
    'Gaps opened',
    ['priority', 'control', 'status'],
    diff.gaps.opened.map((g) => [md(g.priority), `${md(g.control)}: ${md(g.title)}`, md(g.status)]),
  );
  table(
    'Gaps closed',
    ['control', 'now'],
    diff.gaps.closed.map((g) => [`${md(g.control)}: ${md(g.title)}`, md(g.status)]),
  );
  table(
    'Framework progress',
    ['framework', 'supported', 'change', 'partly', 'applicable', 'mandatory gaps'],
    diff.frameworks.map((f) => [
      md(f.title),
      `${f.old?.supported ?? 0} → ${f.new?.supported ?? 0}`,
      signed(f.delta.supported),
      `${f.old?.partial ?? 0} → ${f.new?.partial ?? 0}`,
      String(f.new?.applicable ?? 0),
      `${f.old?.mandatoryGaps ?? 0} → ${f.new?.mandatoryGaps ?? 0}`,
    ]),
    30,
  );
  return out.join('\n');
}
