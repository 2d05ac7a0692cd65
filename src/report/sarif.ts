/**
 * SARIF 2.1.0 for code scanning in CI (GitHub, GitLab, Azure DevOps): every risk and every gap is a result located
 * at the line of the system model it concerns, so a pull request that changes the model shows what it opens or
 * closes. Rules describe each risk rule and each control; their tags carry the ISO/IEC 27400 clause and the external
 * requirement ids, and `security-severity` follows the residual risk level the way GitHub code scanning reads it.
 *
 * Results are stable across runs: partialFingerprints hold the risk id or the control id, not a line hash, so moving
 * a node in the model does not reopen an alert.
 */
import type * as Sarif from 'sarif';
import type { Assessment, Gap, Risk, ScopedControl } from '../assess/assessment.js';
import type { Catalog } from '../catalog/catalog.js';
import { ISO_27400 } from '../catalog/catalog.js';
import type { SourcePosition } from '../util/diagnostics.js';
import { getOrCreate } from '../util/maps.js';
import { wellFormed } from '../util/unicode.js';
import { prettyJsonFile } from './json-text.js';
import { LazyList } from './lazy-list.js';
import { md } from './markdown.js';
import type { RenderContext, Renderer } from './renderer.js';
import { isPrivacyControl, rulesById, STAKEHOLDER_TITLES } from './text.js';

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** GitHub code scanning's reading of `security-severity`: >= 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, < 4 low. */
export const SECURITY_SEVERITY: Readonly<Record<string, number>> = { critical: 9.5, high: 8.0, medium: 5.5, low: 2.0 };

/** The fingerprint keys CI systems use to follow a result from run to run. */
export const FINGERPRINTS = { risk: 'iotassure/risk/v1', gap: 'iotassure/control/v1' } as const;

type Level = 'error' | 'warning' | 'note';

/**
 * SARIF level and security severity of a risk level. The default levels are named; a model's own matrix is placed by
 * rank (top third error, middle third warning, the rest note). `none` — a gap that reduces no identified risk — is a
 * note without a security severity.
 */
export function severityOf(a: Assessment, level: string): { level: Level; securitySeverity?: number } {
  const named = SECURITY_SEVERITY[level];
  if (named !== undefined) {
    return { level: named >= 7 ? 'error' : named >= 4 ? 'warning' : 'note', securitySeverity: named };
  }
  const levels = a.riskMatrix.levels;
  const rank = levels.indexOf(level);
  if (rank < 0) return { level: 'note' };
  const fraction = levels.length > 1 ? rank / (levels.length - 1) : 1;
  return {
    level: fraction >= 2 / 3 ? 'error' : fraction >= 1 / 3 ? 'warning' : 'note',
    securitySeverity: Math.round((2 + fraction * 7.5) * 10) / 10,
  };
}

/** A file path as a SARIF artifact URI: relative paths stay relative (code scanning resolves them from the repo root). */
export function artifactUri(file: string): string {
  const path = file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  // encodeURI throws on a lone surrogate (possible in a JSON model's "\ud800"): it becomes U+FFFD first
  const encode = (p: string) => encodeURI(wellFormed(p)).replace(/#/g, '%23').replace(/\?/g, '%3F');
  if (path.startsWith('/')) return `file://${encode(path)}`;
  if (/^[A-Za-z]:\//.test(path)) return `file:///${encode(path)}`;
  return encode(path);
}

const pascal = (id: string) =>
  id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

const unique = (items: string[]) => [...new Set(items)];

function region(p: SourcePosition): Sarif.Region {
  return { startLine: Math.max(1, p.line), startColumn: Math.max(1, p.column) };
}

function location(p: SourcePosition, fallbackFile: string, logical?: Sarif.LogicalLocation): Sarif.Location {
  return {
    physicalLocation: { artifactLocation: { uri: artifactUri(p.file || fallbackFile) }, region: region(p) },
    ...(logical ? { logicalLocations: [logical] } : {}),
  };
}

const clauseTag = (clause: string) => `${ISO_27400}:${clause}`;

/** The control's statement and guidance from the catalog, when the renderer was given it. */
function controlText(catalog: Catalog | undefined, id: string) {
  const control = catalog?.controls.get(id);
  if (!control) return undefined;
  return {
    statement: control.statement.trim(),
    guidance: Object.entries(control.guidance ?? {}).map(([role, text]) => ({ role, text: (text ?? '').trim() })),
    evidence: control.evidence ?? [],
  };
}

function riskRule(a: Assessment, risks: Risk[], catalog: Catalog | undefined): Sarif.ReportingDescriptor {
  const first = risks[0]!;
  const top = maxSeverity(
    a,
    risks.map((r) => r.residual.level),
  );
  const rule = rulesById(a).get(first.rule)!;
  const todo = rule.mitigations.map(({ control: id, title }) => ({
    id,
    title,
    statement: controlText(catalog, id)?.statement,
  }));
  const source = rule.riskSource;
  const text = [
    rule.description,
    '',
    'What to do: put the mitigating controls in place and record their status under `assessment.controls` in the model:',
    ...todo.map((c) => `- ${c.id}: ${c.title}${c.statement ? ` — ${c.statement}` : ''}`),
    'Or record a treatment (accept, transfer or avoid) with an owner and a justification under `assessment.risks`.',
    '',
    `Risk source: ${source.title} (ISO/IEC 27400 ${source.clause}).`,
  ].join('\n');
  const markdown = [
    md(rule.description),
    '',
    '**What to do:** put the mitigating controls in place and record their status under `assessment.controls` in the model:',
    '',
    ...todo.map((c) => `- \`${c.id}\` — ${md(c.title)}${c.statement ? `: ${md(c.statement)}` : ''}`),
    '',
    'Or record a treatment (accept, transfer or avoid) with an owner and a justification under `assessment.risks`.',
    '',
    `Risk source: ${md(source.title)} (ISO/IEC 27400 ${md(source.clause)}).`,
  ].join('\n');
  return {
    id: `risk/${first.rule}`,
    name: pascal(first.rule),
    shortDescription: { text: first.title },
    fullDescription: { text: rule.description },
    help: { text, markdown },
    defaultConfiguration: { level: top.level },
    properties: {
      tags: riskTags(risks),
      precision: 'high',
      ...(top.securitySeverity !== undefined ? { 'security-severity': top.securitySeverity.toFixed(1) } : {}),
      'risk-source': source.id,
    },
  };
}

function gapRule(a: Assessment, gap: Gap, control: ScopedControl | undefined, catalog: Catalog | undefined) {
  const severity = severityOf(a, gap.priority);
  const text = controlText(catalog, gap.control);
  const clause = control?.clause ?? gap.family;
  const owed = gap.stakeholders.map((s) => STAKEHOLDER_TITLES[s.role] ?? s.role).join(', ');
  const guidance = (text?.guidance ?? []).filter((g) => gap.stakeholders.some((s) => s.role === g.role) && g.text);
  const record = `Then record it in the model: \`assessment.controls.${gap.control}: { status: implemented, evidence: [...] }\` (or \`not-applicable\` with a justification).`;
  const helpText = [
    `${gap.title}${text ? `: ${text.statement}` : ''}`,
    `Owed by: ${owed}; stages: ${gap.stages.join(', ')}; ISO/IEC 27400 ${clause}.`,
    ...guidance.map((g) => `Guidance for the ${STAKEHOLDER_TITLES[g.role] ?? g.role}: ${g.text}`),
    ...(text?.evidence.length ? [`Typical evidence: ${text.evidence.join('; ')}.`] : []),
    record.replace(/`/g, ''),
  ].join('\n\n');
  const helpMarkdown = [
    `**${md(gap.title)}**${text ? `: ${md(text.statement)}` : ''}`,
    `Owed by: ${md(owed)}; stages: ${md(gap.stages.join(', '))}; ISO/IEC 27400 ${md(clause)}.`,
    ...guidance.map((g) => `Guidance for the ${md(STAKEHOLDER_TITLES[g.role] ?? g.role)}: ${md(g.text)}`),
    ...(text?.evidence.length ? [`Typical evidence: ${text.evidence.map(md).join('; ')}.`] : []),
    record,
  ].join('\n\n');
  const rule: Sarif.ReportingDescriptor = {
    id: `gap/${gap.control}`,
    name: pascal(gap.control),
    shortDescription: { text: gap.title },
    fullDescription: { text: text?.statement ?? `${gap.title} (ISO/IEC 27400 ${clause}).` },
    help: { text: helpText, markdown: helpMarkdown },
    defaultConfiguration: { level: severity.level },
    properties: {
      tags: unique([
        isPrivacyControl(gap) ? 'privacy' : 'security',
        'compliance',
        clauseTag(clause),
        ...gap.requirements,
        ...gap.stakeholders.map((s) => `stakeholder:${s.role}`),
      ]),
      precision: 'high',
      ...(severity.securitySeverity !== undefined ? { 'security-severity': severity.securitySeverity.toFixed(1) } : {}),
    },
  };
  return rule;
}

/**
 * A rule's tags, each once, in this order: security, privacy when a risk has a LINDDUN threat, then the clauses, the
 * requirements, the STRIDE and the LINDDUN threats of its risks (a fleet's rule has thousands of risks).
 */
function riskTags(risks: readonly Risk[]): string[] {
  const tags = new Set(['security']);
  if (risks.some((r) => r.linddun.length > 0)) tags.add('privacy');
  for (const r of risks) for (const clause of r.clauses) tags.add(clauseTag(clause));
  for (const r of risks) for (const requirement of r.requirements) tags.add(requirement);
  for (const r of risks) for (const threat of r.stride) tags.add(`stride:${threat}`);
  for (const r of risks) for (const threat of r.linddun) tags.add(`linddun:${threat}`);
  return [...tags];
}

function maxSeverity(a: Assessment, levels: string[]) {
  const rank = (l: string) => a.riskMatrix.levels.indexOf(l);
  const worst = levels.reduce((w, l) => (rank(l) > rank(w) ? l : w), levels[0] ?? 'none');
  return severityOf(a, worst);
}

function riskResult(a: Assessment, risk: Risk, ruleIndex: number): Sarif.Result {
  const severity = severityOf(a, risk.residual.level);
  const mitigations = risk.mitigations.map((m) => `${m.control} (${m.status}${m.effective ? '' : ', not in effect'})`);
  const message = [
    risk.message,
    `Residual risk ${risk.residual.level} (inherent ${risk.inherent.level}); ${risk.status}.`,
    mitigations.length ? `Mitigating controls: ${mitigations.join(', ')}.` : '',
    `ISO/IEC 27400 ${risk.clauses.join(', ')}.`,
  ]
    .filter(Boolean)
    .join(' ');
  const suppressed = risk.status === 'accepted' || risk.status === 'transferred' || risk.status === 'avoided';
  const treatment = risk.treatment;
  const justification = [
    `risk ${risk.status}`,
    treatment?.owner ? `by ${treatment.owner}` : '',
    treatment?.justification ? `: ${treatment.justification}` : '',
    treatment?.ticket ? ` (${treatment.ticket})` : '',
  ]
    .join(' ')
    .replace(/ :/, ':')
    .replace(/\s+/g, ' ')
    .trim();
  const result: Sarif.Result = {
    ruleId: `risk/${risk.rule}`,
    ruleIndex,
    // A mitigated risk (every mitigating control in effect) is reported as passed, so CI closes its alert.
    ...(risk.status === 'mitigated' ? { kind: 'pass' as const, level: 'none' as const } : { level: severity.level }),
    message: { text: message },
    locations: [
      location(risk.subject.source, a.model.file, {
        name: risk.subject.id,
        fullyQualifiedName: `${risk.subject.type}:${risk.subject.id}`,
        kind: 'resource',
      }),
    ],
    partialFingerprints: { [FINGERPRINTS.risk]: risk.id },
    properties: {
      'risk-id': risk.id,
      subject: risk.subject.id,
      inherent: risk.inherent.level,
      residual: risk.residual.level,
      status: risk.status,
      ...(severity.securitySeverity !== undefined ? { 'security-severity': severity.securitySeverity.toFixed(1) } : {}),
    },
  };
  if (risk.related.length > 0) {
    result.relatedLocations = risk.related.map((r, i) => ({
      id: i + 1,
      ...location(r.source, a.model.file),
      message: { text: `${r.type} ${r.id} (${r.name})` },
    }));
  }
  if (suppressed) result.suppressions = [{ kind: 'external', status: 'accepted', justification }];
  return result;
}

function gapResult(a: Assessment, gap: Gap, control: ScopedControl | undefined, ruleIndex: number): Sarif.Result {
  const severity = severityOf(a, gap.priority);
  const failed = (control?.evidence ?? []).filter((e) => e.verdict === 'FAIL');
  const failedText = gap.failedEvidence.map((id) => {
    const e = failed.find((x) => x.id === id);
    return e ? `${e.id} — ${e.title}` : id;
  });
  const owed = gap.stakeholders
    .map((s) => `${s.role}${s.organisations.length ? ` (${s.organisations.join(', ')})` : ''}`)
    .join(', ');
  const message = [
    `Applicable control ${gap.control} (${gap.title}) is ${gap.status}${gap.owner ? `, owner ${gap.owner}` : ''}.`,
    control?.reason ? `It ${control.reason}.` : '',
    gap.risks.length
      ? `It would reduce ${gap.risks.length} open risk${gap.risks.length === 1 ? '' : 's'}: ${gap.risks.map((r) => `${r.id} (${r.level})`).join(', ')}.`
      : '',
    failedText.length ? `Failed verification: ${failedText.join('; ')}.` : '',
    `Owed by ${owed}.`,
  ]
    .filter(Boolean)
    .join(' ');
  const position: SourcePosition = control?.source ?? a.model.source;
  return {
    ruleId: `gap/${gap.control}`,
    ruleIndex,
    level: severity.level,
    message: { text: message },
    locations: [location(position, a.model.file, { name: gap.control, kind: 'resource' })],
    partialFingerprints: { [FINGERPRINTS.gap]: gap.control },
    properties: {
      control: gap.control,
      status: gap.status,
      priority: gap.priority,
      ...(failedText.length ? { 'failed-evidence': gap.failedEvidence } : {}),
      ...(severity.securitySeverity !== undefined ? { 'security-severity': severity.securitySeverity.toFixed(1) } : {}),
    },
  };
}

/** A SARIF log whose results are made as they are written (JSON.stringify sees them as the array they stand for). */
export type StreamedSarifLog = Omit<Sarif.Log, 'runs'> & {
  runs: (Omit<Sarif.Run, 'results'> & { results: LazyList<Sarif.Result> })[];
};

export function renderSarif(a: Assessment, context: RenderContext = {}): StreamedSarifLog {
  const catalog = context.catalog;
  const controls = new Map(a.controls.map((c) => [c.id, c]));
  const byRule = new Map<string, Risk[]>();
  for (const risk of a.risks) getOrCreate(byRule, risk.rule, () => []).push(risk);
  const rules: Sarif.ReportingDescriptor[] = [
    ...[...byRule.values()].map((risks) => riskRule(a, risks, catalog)),
    ...a.gaps.map((gap) => gapRule(a, gap, controls.get(gap.control), catalog)),
  ].sort((x, y) => x.id.localeCompare(y.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  // made as they are written: a result per risk, hundreds of thousands for a fleet
  const results = new LazyList(a.risks.length + a.gaps.length, (i): Sarif.Result => {
    const risk = a.risks[i];
    if (risk) return riskResult(a, risk, index.get(`risk/${risk.rule}`)!);
    const gap = a.gaps[i - a.risks.length]!;
    return gapResult(a, gap, controls.get(gap.control), index.get(`gap/${gap.control}`)!);
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: a.tool.name,
            version: a.tool.version,
            semanticVersion: a.tool.version,
            rules,
          },
        },
        invocations: [{ executionSuccessful: true }],
        results,
        properties: {
          model: a.model.file,
          system: a.model.name,
          date: a.date,
          risks: a.risks.length,
          gaps: a.gaps.length,
        },
      },
    ],
  };
}

/** The depth of the items of a run's lists (results, and the driver's rules), written one per line. */
const RUN_ITEMS = 4;

export const sarifRenderer: Renderer = {
  format: 'sarif',
  description: 'SARIF 2.1.0 for code scanning in CI: every risk and gap located at its line of the model',
  render: (assessment, context) => [
    { name: 'results.sarif', content: prettyJsonFile(() => renderSarif(assessment, context), RUN_ITEMS) },
  ],
};
