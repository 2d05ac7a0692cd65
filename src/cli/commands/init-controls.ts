/**
 * `iotassure init --controls MODEL`: the `assessment.controls` entries a model still needs, so its author fills in a
 * list instead of looking up control ids. Listed: every control that applies to the model, where its facts do not
 * already establish it and the model has no entry for it yet; grouped by the stakeholders who owe it, each with
 * `status: not-started`, the organisation that plays the role as owner, and an empty evidence list.
 */
import type { Assessment, ScopedControl } from '../../assess/assessment.js';
import type { SystemModel } from '../../model/types.js';
import { getOrCreate } from '../../util/maps.js';

/** The scope key of a status entry, per kind of subject. */
const SCOPE_KEY: Readonly<Record<string, string>> = {
  product: 'products',
  element: 'elements',
  flow: 'flows',
  'data-asset': 'dataAssets',
};

/** Indented for `assessment:` at the margin and `controls:` two spaces in, as in the examples and `init`. */
const INDENT = '    ';

export interface ControlEntries {
  /** YAML to paste under `assessment.controls:` */
  text: string;
  listed: number;
  /** controls left out because the model already has an entry */
  existing: number;
  /** controls left out because the model's facts establish them wherever they apply */
  established: number;
  /** controls whose applicability the model leaves open (not listed) */
  undetermined: number;
}

export function controlEntries(model: SystemModel, assessment: Assessment, command: string): ControlEntries {
  const applying = assessment.controls.filter((c) => c.applies === true);
  const existing = applying.filter((c) => model.assessment.controls.has(c.id));
  const open = applying
    .filter((c) => !model.assessment.controls.has(c.id))
    .map((c) => ({ c, rest: notEstablished(c) }));
  const wanted = open.filter((o) => o.rest !== undefined);
  const groups = new Map<string, string[]>();
  for (const { c, rest } of wanted) {
    const roles = c.stakeholders.map((s) => s.role).join(' and ') || 'no stakeholder named';
    const lines = groups.get(roles) ?? [];
    lines.push(...entry(model, c, rest!));
    groups.set(roles, lines);
  }
  const undetermined = assessment.controls.filter(
    (c) => c.applies === 'unknown' && !model.assessment.controls.has(c.id),
  );
  const header = [
    `# ${command}`,
    `# ${wanted.length} controls apply to ${model.system.name} and are neither established by the model's facts nor`,
    `# listed under assessment.controls (${existing.length} already are; the facts establish ${open.length - wanted.length}).`,
    ...(undetermined.length > 0
      ? [`# ${undetermined.length} more may apply: \`iotassure questions\` says what the model must state to decide.`]
      : []),
    '# Paste these lines under `assessment.controls:`, then set each status, owner and evidence.',
  ];
  const body = [...groups].flatMap(([roles, lines]) => ['', `${INDENT}# owed by the ${roles}`, ...lines]);
  return {
    text: `${[...header, ...body].join('\n')}\n`,
    listed: wanted.length,
    existing: existing.length,
    established: open.length - wanted.length,
    undetermined: undetermined.length,
  };
}

/**
 * Where the control applies and the facts do not establish it: `[]` for everywhere (one system-wide entry), the
 * subjects when the facts establish it on some, undefined when they establish it wherever it applies.
 */
function notEstablished(c: ScopedControl): ScopedControl['subjects'] | undefined {
  const applying = c.subjects.filter((s) => s.status !== 'not-applicable');
  if (c.implementedAt === 'organisation' || applying.length === 0) return [];
  const rest = applying.filter((s) => s.basis !== 'model');
  if (rest.length === 0) return undefined;
  // Above 500 subjects the assessment lists only those not in effect: scope the entry, so it overrides no fact.
  const total = Object.values(c.byStatus).reduce((n, k) => n + k, 0);
  return rest.length === applying.length && applying.length === total ? [] : rest;
}

function entry(model: SystemModel, c: ScopedControl, rest: ScopedControl['subjects']): string[] {
  const owners = [...new Set(c.stakeholders.flatMap((s) => s.organisations))].map(
    (id) => model.organisations.find((o) => o.id === id)?.name ?? id,
  );
  const lines = [`${INDENT}${c.id}: # ${c.title}`, `${INDENT}  status: not-started`];
  if (rest.length > 0) {
    const byKey = new Map<string, string[]>();
    for (const s of rest) getOrCreate(byKey, SCOPE_KEY[s.type]!, () => []).push(s.subject);
    for (const [key, ids] of byKey) lines.push(`${INDENT}  ${key}: [${ids.join(', ')}]`);
    lines.push(`${INDENT}  # the model's facts establish it on the other ${c.implementedAt}s where it applies`);
  } else if (c.implementedAt !== 'organisation') {
    const key = SCOPE_KEY[c.implementedAt] ?? 'elements';
    lines.push(`${INDENT}  # put in place per ${c.implementedAt}: where it differs, scope entries with ${key}: [...]`);
  }
  lines.push(
    owners.length > 0
      ? `${INDENT}  owner: ${JSON.stringify(owners.join(' / '))} # name the team or person`
      : `${INDENT}  owner: "" # no organisation in the model plays the role: name who owns it`,
    `${INDENT}  evidence: []`,
  );
  return lines;
}
