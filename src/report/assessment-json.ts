/**
 * Format 3 of the assessment JSON: the in-memory Assessment written without what a reader can restore from the rest
 * of the file. A 10 000-element fleet repeated every rule's requirements in each of its risks, every model position's
 * file path, and one line per subject for each control; format 3 writes each once (docs/json-format.md lists every
 * rule). `decodeAssessment` restores the in-memory shape exactly, so every report and `diff` read one shape.
 *
 * The encoder leaves a value out only where it equals what the decoder will restore; where it does not (a hand-made
 * rule, a filtered view), the value stays in the file. The decoder is total: it never throws on hostile input, it
 * leaves anything it does not recognise as it is, and the reader's schema then says what is wrong.
 */
import type {
  Assessment,
  EffectiveStatus,
  MitigationRef,
  Risk,
  RuleSummary,
  SubjectRef,
  SubjectStatus,
  SystemView,
} from '../assess/assessment.js';
import { flowName, isInEffect, risksByControl } from '../assess/assessment.js';
import type { SourcePosition } from '../util/diagnostics.js';
import { extend, isRecord } from '../util/objects.js';
import { LazyList } from './lazy-list.js';

type Json = Record<string, unknown>;

/** Equal lists of plain values; a list a file written before 3.0 lacks is never equal. */
const sameList = (a: readonly unknown[], b: readonly unknown[] | undefined): boolean =>
  a === b || (b !== undefined && a.length === b.length && a.every((v, i) => v === b[i]));

/** The in-memory assessment as format 3 writes it. */
export function encodeAssessment(a: Assessment): Json {
  const file = a.model.file;
  const position = (p: SourcePosition | undefined) => (p && p.file === file ? { line: p.line, column: p.column } : p);
  const parts = partIndex(a.system);
  const subject = (s: SubjectRef) => {
    const part = parts.restore(s.type, s.id);
    return part?.name === s.name && samePosition(part.source, s.source)
      ? { id: s.id, type: s.type }
      : extend(s, { source: position(s.source) });
  };
  const shared = new Map(a.rules.map((r) => [r.id, ruleShared(r)]));
  const risksOfControl = risksByControl(a.risks);
  const residual = new Map(a.risks.map((r) => [r.id, r.residual.level]));
  return {
    ...a,
    model: { ...a.model, source: position(a.model.source) },
    system: {
      ...a.system,
      elements: LazyList.map(a.system.elements, (e) => extend(e, { source: position(e.source) })),
      flows: LazyList.map(a.system.flows, ({ bidirectional, ...f }) =>
        extend(f, bidirectional ? { bidirectional, source: position(f.source) } : { source: position(f.source) }),
      ),
      dataAssets: a.system.dataAssets.map((d) => ({ ...d, source: position(d.source) })),
      products: a.system.products.map((p) => ({ ...p, source: position(p.source) })),
    },
    risks: LazyList.map(a.risks, (r) => encodeRisk(r, shared.get(r.rule), subject)),
    controls: LazyList.map(a.controls, (c) => ({
      ...c,
      evidence: c.evidence.map((e) => {
        const derivable =
          e.kind === 'model' && e.source && e.id === modelEvidenceId(e.source) && e.location === location(e.source);
        const { id, location: _location, ...rest } = e;
        return extend(derivable ? rest : e, { source: position(e.source) });
      }),
      risks: sameList(c.risks, risksOfControl.get(c.id) ?? []) ? undefined : c.risks,
      source: position(c.source),
      subjects: subjectRuns(c.subjects),
    })),
    gaps: a.gaps.map((g) => ({
      ...g,
      risks: g.risks.map((r) => (residual.get(r.id) === r.level ? r.id : r)),
    })),
    questions: LazyList.map(a.questions, (q) => extend(q, { subjects: q.subjects.map(subject) })),
    findings: LazyList.map(a.findings, (f) => extend(f, { source: position(f.source) })),
  };
}

function encodeRisk(r: Risk, shared: RuleShared | undefined, subject: (s: SubjectRef) => Json): Json {
  const { explanation } = r;
  return {
    id: r.id,
    rule: r.rule,
    title: r.title === shared?.title ? undefined : r.title,
    message: r.message,
    riskSource:
      shared && r.riskSource.id === shared.riskSource.id && r.riskSource.clause === shared.riskSource.clause
        ? undefined
        : r.riskSource,
    clauses: shared && sameList(r.clauses, shared.clauses) ? undefined : r.clauses,
    stride: shared && sameList(r.stride, shared.stride) ? undefined : r.stride,
    linddun: shared && sameList(r.linddun, shared.linddun) ? undefined : r.linddun,
    subject: subject(r.subject),
    related: r.related.map(subject),
    inherent: r.inherent,
    residual: r.residual,
    explanation: {
      rule:
        shared && explanation.rule.likelihood === shared.likelihood && explanation.rule.impact === shared.impact
          ? undefined
          : explanation.rule,
      adjustments: explanation.adjustments,
      reducedBy: explanation.reducedBy,
      computed: sameRating(explanation.computed, r.residual) ? undefined : explanation.computed,
      override: explanation.override,
    },
    mitigations:
      shared && mitigationsFollowRule(r.mitigations, shared) ? r.mitigations.map((m) => m.status) : r.mitigations,
    requirements: shared && sameList(r.requirements, shared.requirements) ? undefined : r.requirements,
    status: r.status,
    treatment: r.treatment,
  };
}

type RuleShared = ReturnType<typeof ruleShared>;

/** What every risk of a rule repeats, as a risk states it. */
function ruleShared(rule: RuleSummary) {
  return {
    title: rule.title,
    riskSource: { id: rule.riskSource.id, clause: rule.riskSource.clause },
    clauses: rule.clauses,
    stride: rule.stride,
    linddun: rule.linddun,
    likelihood: rule.likelihood,
    impact: rule.impact,
    requirements: rule.requirements,
    mitigations: rule.mitigations,
  };
}

/** The risk's mitigations are the rule's, in its order, each in effect exactly when its status says so. */
function mitigationsFollowRule(mitigations: MitigationRef[], rule: Pick<RuleSummary, 'mitigations'>): boolean {
  return (
    mitigations.length === rule.mitigations.length &&
    mitigations.every((m, i) => {
      const expected = rule.mitigations[i]!;
      return m.control === expected.control && m.role === expected.role && m.effective === isInEffect(m.status);
    })
  );
}

/** Consecutive subjects with the same status, basis and reasons, written as one entry listing their ids. */
function subjectRuns(subjects: SubjectStatus[]): Json[] {
  const runs: { key: string; run: Json & { ids: string[] } }[] = [];
  for (const { subject, ...status } of subjects) {
    const key = JSON.stringify(status);
    const last = runs.at(-1);
    if (last?.key === key) last.run.ids.push(subject);
    else runs.push({ key, run: { ids: [subject], ...status } });
  }
  return runs.map((r) => r.run);
}

const modelEvidenceId = (p: SourcePosition) => `model@${p.line}`;
const location = (p: SourcePosition) => `${p.file}:${p.line}`;
const samePosition = (a: SourcePosition | undefined, b: SourcePosition | undefined) =>
  a !== undefined && b !== undefined && a.file === b.file && a.line === b.line && a.column === b.column;
const sameRating = (a: Risk['residual'], b: Risk['residual']) =>
  a.likelihood === b.likelihood && a.impact === b.impact && a.level === b.level;

/** The parts of the system view a subject reference can name without repeating their name and position. */
function partIndex(system: Pick<SystemView, 'elements' | 'flows' | 'dataAssets' | 'products'>) {
  const byType = new Map<string, Map<string, { name: string; source: SourcePosition }>>([
    ['element', new Map(system.elements.map((e) => [e.id, e]))],
    ['flow', new Map(system.flows.map((f) => [f.id, { name: flowName(f.from, f.to), source: f.source }]))],
    ['data-asset', new Map(system.dataAssets.map((d) => [d.id, d]))],
    ['product', new Map(system.products.map((p) => [p.id, p]))],
  ]);
  return { restore: (type: string, id: string) => byType.get(type)?.get(id) };
}

/**
 * The in-memory assessment from a parsed assessment file: format 3 is restored, any other version is returned as it
 * is (readers of 1.x and 2.x convert those themselves).
 */
export function decodeAssessment(document: unknown): unknown {
  if (!isRecord(document) || !/^3\./.test(String(document.formatVersion))) return document;
  const file = isRecord(document.model) && typeof document.model.file === 'string' ? document.model.file : '';
  const position = (p: unknown) => (isRecord(p) && !('file' in p) ? { file, line: p.line, column: p.column } : p);
  const withPosition = (v: unknown) =>
    isRecord(v) && v.source !== undefined ? extend(v, { source: position(v.source) }) : v;
  const system = isRecord(document.system)
    ? {
        ...document.system,
        elements: mapList(document.system.elements, withPosition),
        flows: mapList(document.system.flows, (f) =>
          isRecord(f) ? extend(f, { bidirectional: f.bidirectional === true, source: position(f.source) }) : f,
        ),
        dataAssets: mapList(document.system.dataAssets, withPosition),
        products: mapList(document.system.products, withPosition),
      }
    : document.system;
  const parts = partIndex({
    elements: records(isRecord(system) ? system.elements : undefined),
    flows: records(isRecord(system) ? system.flows : undefined),
    dataAssets: records(isRecord(system) ? system.dataAssets : undefined),
    products: records(isRecord(system) ? system.products : undefined),
  });
  const subject = (s: unknown) => {
    if (!isRecord(s)) return s;
    const part =
      !('name' in s) && typeof s.type === 'string' && typeof s.id === 'string' && parts.restore(s.type, s.id);
    return part ? { id: s.id, type: s.type, name: part.name, source: part.source } : withPosition(s);
  };
  const rules = new Map(records(document.rules).map((r) => [r.id, r]));
  const risks = mapList(document.risks, (r) => (isRecord(r) ? decodeRisk(r, rules.get(r.rule), subject) : r));
  // a hand-edited file may hold anything in place of a risk's mitigations or of one of them
  const risksOfControl = risksByControl(records(risks).map((r) => ({ id: r.id, mitigations: records(r.mitigations) })));
  const residual = new Map(records(risks).map((r) => [r.id, isRecord(r.residual) ? r.residual.level : undefined]));
  return {
    ...document,
    model: withPosition(document.model),
    system,
    risks,
    controls: mapList(document.controls, (c) =>
      isRecord(c)
        ? {
            ...c,
            evidence: mapList(c.evidence, (e) =>
              isRecord(e) && e.kind === 'model' && e.id === undefined && isRecord(e.source)
                ? decodeModelEvidence(e, position(e.source) as SourcePosition)
                : withPosition(e),
            ),
            risks: c.risks ?? risksOfControl.get(String(c.id)) ?? [],
            source: position(c.source),
            subjects: Array.isArray(c.subjects) ? c.subjects.flatMap(subjectsOfRun) : c.subjects,
          }
        : c,
    ),
    gaps: mapList(document.gaps, (g) =>
      isRecord(g)
        ? { ...g, risks: mapList(g.risks, (r) => (typeof r === 'string' ? { id: r, level: residual.get(r) } : r)) }
        : g,
    ),
    questions: mapList(document.questions, (q) =>
      isRecord(q) ? extend(q, { subjects: mapList(q.subjects, subject) }) : q,
    ),
    findings: mapList(document.findings, withPosition),
  };
}

/** A control's run of subjects with one status, as one line per subject. */
function subjectsOfRun(run: unknown): unknown[] {
  if (!isRecord(run) || !Array.isArray(run.ids)) return [run];
  const { ids, ...status } = run;
  return ids.map((id) => ({ subject: id, ...status }));
}

function decodeRisk(r: Json, rule: Json | undefined, subject: (s: unknown) => unknown): Json {
  const shared = rule ?? {};
  const riskSource = isRecord(shared.riskSource) ? shared.riskSource : {};
  const ruleMitigations = list(shared.mitigations);
  const { explanation } = r;
  return {
    id: r.id,
    rule: r.rule,
    title: r.title ?? shared.title,
    message: r.message,
    riskSource: r.riskSource ?? { id: riskSource.id, clause: riskSource.clause },
    clauses: r.clauses ?? shared.clauses,
    stride: r.stride ?? shared.stride,
    linddun: r.linddun ?? shared.linddun,
    subject: subject(r.subject),
    related: mapList(r.related, subject),
    inherent: r.inherent,
    residual: r.residual,
    explanation: isRecord(explanation)
      ? {
          rule: explanation.rule ?? { likelihood: shared.likelihood, impact: shared.impact },
          adjustments: explanation.adjustments,
          reducedBy: explanation.reducedBy,
          computed: explanation.computed ?? r.residual,
          override: explanation.override,
        }
      : explanation,
    mitigations: mapList(r.mitigations, (m, i) => {
      const expected = ruleMitigations[i];
      return typeof m === 'string' && isRecord(expected)
        ? { control: expected.control, role: expected.role, status: m, effective: isInEffect(m as EffectiveStatus) }
        : m;
    }),
    requirements: r.requirements ?? shared.requirements,
    status: r.status,
    treatment: r.treatment,
  };
}

function decodeModelEvidence(e: Json, source: SourcePosition): Json {
  const { kind, ...rest } = e;
  return { id: modelEvidenceId(source), kind, ...rest, location: location(source), source };
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** Each item of a list mapped; anything else left as it is, for the reader's schema to name. */
const mapList = (v: unknown, f: (item: unknown, index: number) => unknown): unknown =>
  Array.isArray(v) ? v.map((item, index) => f(item, index)) : v;
/** The mappings in a list; the index and lookups only read the fields they compare, on data from any file. */
// biome-ignore lint/suspicious/noExplicitAny: fields are compared as found, whatever their type
const records = (v: unknown): any[] => list(v).filter(isRecord);
