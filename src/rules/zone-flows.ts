/**
 * A flow written to or from a whole zone (`fromZone`/`toZone`) stands for one flow per element in it, each with
 * `via` naming the flow as written. Those flows share one cause, so a rule that judges flows one by one reports them
 * once: the risks on the flows of one written flow become one risk on the element at its single end, and the
 * questions about them one question on the first of them (its position is the flow as written).
 */
import type { SystemGraph } from '../model/graph.js';
import type { ModelFlow } from '../model/types.js';
import { count } from './describe.js';
import type { Rating, RiskRuleMeta, RuleFinding } from './rule.js';

export function perWrittenFlow(graph: SystemGraph, meta: RiskRuleMeta, findings: RuleFinding[]): RuleFinding[] {
  const out: RuleFinding[] = [];
  const groups = new Map<string, { flows: ModelFlow[]; findings: RuleFinding[] }>();
  for (const finding of findings) {
    const flow = graph.flows.get(finding.subject);
    if (flow?.via === undefined) {
      out.push(finding);
      continue;
    }
    const key = `${flow.via}\u0000${finding.unknown?.join(',') ?? ''}`;
    const group = groups.get(key) ?? { flows: [], findings: [] };
    group.flows.push(flow);
    group.findings.push(finding);
    groups.set(key, group);
  }
  for (const { flows, findings: group } of groups.values()) {
    const first = group[0]!;
    if (group.length === 1) out.push(first);
    else if (first.unknown) out.push({ ...first, message: alsoFor(first.message, flows) });
    else out.push(merged(meta, group, flows));
  }
  return mergeBySubject(meta, out);
}

function alsoFor(message: string, flows: readonly ModelFlow[]): string {
  const others = count(flows.length - 1, 'other flow');
  return `${message.replace(/\.$/, '')}; the same holds for ${others} of ${flows[0]!.via}, one per element of its zone.`;
}

/** The element every flow of the group shares: the single end of a flow written to or from a zone. */
function singleEnd(flows: readonly ModelFlow[]): string | undefined {
  if (flows.every((f) => f.to === flows[0]!.to)) return flows[0]!.to;
  if (flows.every((f) => f.from === flows[0]!.from)) return flows[0]!.from;
  return undefined;
}

function merged(meta: RiskRuleMeta, group: readonly RuleFinding[], flows: readonly ModelFlow[]): RuleFinding {
  const first = group[0]!;
  const end = singleEnd(flows);
  return {
    ...combine(meta, group),
    subject: end ?? first.subject,
    related: unique([...flows.map((f) => f.id), ...group.flatMap((f) => f.related ?? [])].filter((id) => id !== end)),
    message: alsoFor(first.message, flows),
  };
}

/** Risks a rule found on the same subject (two zone flows with one end) are one risk with both messages. */
function mergeBySubject(meta: RiskRuleMeta, findings: RuleFinding[]): RuleFinding[] {
  const bySubject = new Map<string, RuleFinding[]>();
  const out: RuleFinding[] = [];
  for (const finding of findings) {
    if (finding.unknown) {
      out.push(finding);
      continue;
    }
    const list = bySubject.get(finding.subject);
    if (list) list.push(finding);
    else {
      const fresh = [finding];
      bySubject.set(finding.subject, fresh);
      out.push(finding);
    }
  }
  return out.map((finding) => {
    const same = finding.unknown ? [finding] : bySubject.get(finding.subject)!;
    if (same.length === 1) return finding;
    return {
      ...combine(meta, same),
      subject: finding.subject,
      related: unique(same.flatMap((f) => f.related ?? [])),
      message: same.map((f) => f.message).join(' '),
    };
  });
}

/** The worst likelihood and impact of several findings of one cause, with the reasons for them. */
function combine(meta: RiskRuleMeta, group: readonly RuleFinding[]): Omit<RuleFinding, 'subject' | 'message'> {
  // a loop, not Math.max(...): a zone's flows in a large fleet are too many to pass as arguments
  const highest = (of: (f: RuleFinding) => Rating) =>
    group.reduce<Rating>((max, f) => Math.max(max, of(f)) as Rating, 1);
  const likelihood = highest((f) => f.likelihood ?? meta.likelihood);
  const impact = highest((f) => f.impact ?? meta.impact);
  const adjustment = unique(group.map((f) => f.adjustment).filter((a): a is string => a !== undefined)).join('; ');
  return {
    likelihood: likelihood === meta.likelihood ? undefined : likelihood,
    impact: impact === meta.impact ? undefined : impact,
    adjustment: adjustment || undefined,
  };
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];
