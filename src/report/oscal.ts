/**
 * NIST OSCAL 1.2.1 (JSON): three documents that GRC tools can import.
 *
 * - `oscal-catalog.json`: our control catalog. One group per ISO/IEC 27400 control family (7.1.2, 7.1.3, 7.2.2,
 *   7.2.3); each control has a statement, its guidance per stakeholder, an assessment objective and assessment
 *   methods, and props in our namespace (stakeholder, stage, domain, iso-27400-clause, clause-confidence…).
 * - `oscal-mapping.json`: the catalog's mappings as a mapping-collection, one mapping per target framework, read
 *   from the control to the requirement (equal → equal-to, subset → subset-of, superset → superset-of,
 *   intersects → intersects-with).
 * - `oscal-assessment-results.json`: one result with observations (the evidence), findings (one per applicable
 *   control, satisfied or not) and risks (with likelihood and impact characterizations).
 *
 * Every UUID is a version-5 UUID of a fixed iotassure namespace and a name built from ids, so the output is the same
 * from run to run and the same object keeps its UUID across revisions. A document's own UUID is derived from its
 * content, as OSCAL asks that it change when the document does.
 */
import { createHash } from 'node:crypto';
import type { Assessment, EvidenceRef, Risk, ScopedControl } from '../assess/assessment.js';
import {
  type Catalog,
  type CatalogControl,
  type CatalogFramework,
  type CatalogMapping,
  frameworkName,
} from '../catalog/catalog.js';
import { CONTROL_FAMILIES, RELATIONSHIPS, type Relationship } from '../catalog/schema.js';
import { describeCondition, factsIn } from '../model/condition.js';
import { FACTS } from '../model/facts.js';
import { TOOL_VERSION } from '../util/version.js';
import type { RenderContext, Renderer } from './renderer.js';
import { artifactUri } from './sarif.js';
import { rulesById, STAKEHOLDER_TITLES } from './text.js';

export const OSCAL_VERSION = '1.2.1';
/** The namespace of our props, parts and facets. */
export const OSCAL_NS = 'https://iotassure.dev/ns/oscal';
const RMF_NS = 'http://csrc.nist.gov/ns/rmf';

/** Our relationships in OSCAL's words (NIST IR 8477 set theory). */
export const OSCAL_RELATIONSHIPS: Readonly<Record<Relationship, string>> = {
  equal: 'equal-to',
  subset: 'subset-of',
  superset: 'superset-of',
  intersects: 'intersects-with',
  // OSCAL has no word for a control owed by another party; the mapping's remarks say it never counts as support.
  complementary: 'intersects-with',
};

// ---------------------------------------------------------------------------------------------------------------
// UUIDs

const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** RFC 4122 version-5 UUID (SHA-1 of namespace and name). */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** iotassure's UUID namespace: the v5 UUID of OSCAL_NS in the URL namespace. */
export const IOTASSURE_UUID_NAMESPACE = uuidV5(OSCAL_NS, URL_NAMESPACE);

/** The deterministic UUID of an object, named by a path of ids such as `risk/<system>/<risk id>`. */
export const oscalUuid = (...path: string[]) => uuidV5(path.join('/'), IOTASSURE_UUID_NAMESPACE);

/** A document's UUID: from its content (by default all of it), so it changes exactly when the document does. */
function withContentUuid<T extends object>(kind: string, body: T, content: unknown = body): { uuid: string } & T {
  const digest = createHash('sha256').update(JSON.stringify(content)).digest('hex');
  return { uuid: oscalUuid(kind, digest), ...body };
}

// ---------------------------------------------------------------------------------------------------------------
// Datatypes: OSCAL tokens, single-line markup, strings without outer whitespace, date-times and URI references

/** An OSCAL token (an XML NCName): our ids are tokens unless they start with a digit, `.` or `-`. */
export function oscalId(id: string): string {
  const clean = id.replace(/[^\p{L}\p{N}._-]/gu, '_');
  return /^[\p{L}_]/u.test(clean) ? clean : `_${clean}`;
}

const line = (text: string) => text.replace(/\s+/g, ' ').trim() || '-';
const str = (text: string | number) => String(text).replace(/\s+/g, ' ').trim() || '-';
const dateTime = (date: string) => (date.length === 10 ? `${date}T00:00:00Z` : date);

/** A URI reference: absolute URLs as they are (normalised), paths percent-encoded. */
function uriReference(location: string): string | undefined {
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(location) && !/^[A-Za-z]:[\\/]/.test(location)) {
    try {
      return new URL(location).href;
    } catch {
      return undefined;
    }
  }
  return artifactUri(location);
}

interface Prop {
  name: string;
  value: string;
  ns?: string;
  class?: string;
}
const prop = (name: string, value: string | number, ns: string | null = OSCAL_NS): Prop =>
  ns ? { name, ns, value: str(value) } : { name, value: str(value) };
const props = (name: string, values: readonly string[]) => values.map((v) => prop(name, v));

/** OSCAL arrays must not be empty: absent instead. */
function nonEmpty<K extends string, T>(key: K, items: T[]): { [P in K]?: T[] } {
  return (items.length > 0 ? { [key]: items } : {}) as { [P in K]?: T[] };
}

function metadata(title: string, date: string, version: string, extra: Record<string, unknown> = {}) {
  return {
    title: line(title),
    'last-modified': dateTime(date),
    version: str(version),
    'oscal-version': OSCAL_VERSION,
    ...extra,
  };
}

export interface OscalOptions {
  /** the document date, YYYY-MM-DD (default: today) */
  date?: string;
  /** the document version (default: the tool's version) */
  version?: string;
}

const today = () => new Date().toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------------------------
// Catalog

const METHOD: Record<string, 'EXAMINE' | 'INTERVIEW' | 'TEST'> = {
  'document-review': 'EXAMINE',
  'configuration-review': 'EXAMINE',
  interview: 'INTERVIEW',
  'automated-check': 'TEST',
  test: 'TEST',
};

function familyTitle(family: string): string {
  const text = (CONTROL_FAMILIES as Record<string, string>)[family] ?? 'controls';
  return `${family} ${text[0]!.toUpperCase()}${text.slice(1)}`;
}

function oscalControl(control: CatalogControl) {
  const id = oscalId(control.id);
  const guidance = Object.entries(control.guidance ?? {}).filter(([, text]) => text);
  const methods = [...new Set((control.verification?.methods ?? []).map((m) => METHOD[m] ?? 'EXAMINE'))];
  const evidence = control.evidence ?? [];
  const parts: object[] = [{ id: `${id}_smt`, name: 'statement', prose: control.statement.trim() }];
  if (control.purpose)
    parts.push({ id: `${id}_purpose`, name: 'purpose', ns: OSCAL_NS, prose: control.purpose.trim() });
  parts.push({
    id: `${id}_applicability`,
    name: 'applicability',
    ns: OSCAL_NS,
    prose:
      control.appliesWhen === undefined
        ? 'Applies to every IoT system.'
        : [
            `Applies when ${describeCondition(control.appliesWhen)}, where:`,
            '',
            ...[...new Set(factsIn(control.appliesWhen))].map(
              (id) => `- ${id}: ${FACTS.find((f) => f.id === id)?.title ?? 'a fact about the system model'}`,
            ),
          ].join('\n'),
  });
  if (guidance.length > 0) {
    parts.push({
      id: `${id}_gdn`,
      name: 'guidance',
      parts: guidance.map(([role, text]) => ({
        id: `${id}_gdn_${oscalId(role)}`,
        name: 'guidance',
        title: line(`For the ${STAKEHOLDER_TITLES[role] ?? role}`),
        props: [prop('stakeholder', role)],
        prose: (text ?? '').trim(),
      })),
    });
  }
  parts.push({
    id: `${id}_obj`,
    name: 'assessment-objective',
    props: [prop('label', control.id, null)],
    prose: `Determine if: ${control.statement.trim()}`,
  });
  for (const method of methods) {
    const own = (control.verification?.methods ?? []).filter((m) => (METHOD[m] ?? 'EXAMINE') === method);
    parts.push({
      id: `${id}_asm-${method.toLowerCase()}`,
      name: 'assessment-method',
      props: [
        prop('method', method, RMF_NS),
        ...props('verification-method', own),
        ...(method === 'TEST' ? props('check', control.verification?.checks ?? []) : []),
      ],
      ...(evidence.length > 0
        ? { parts: [{ name: 'assessment-objects', prose: evidence.map((e) => `- ${e}`).join('\n') }] }
        : {}),
    });
  }
  return {
    id,
    class: 'iotassure-control',
    title: line(control.title),
    props: [
      prop('label', control.id, null),
      prop('iso-27400-clause', control.clause.id),
      prop('clause-confidence', control.clause.confidence),
      prop('family', control.family),
      ...props('stakeholder', control.stakeholders),
      ...props('stage', control.stages),
      ...props('domain', control.domains),
      ...props('risk-source', control.riskSources),
      ...props('tag', control.tags ?? []),
    ],
    parts,
  };
}

/** Our control catalog as an OSCAL catalog: pure, the same catalog and options give the same document. */
export function renderOscalCatalog(catalog: Catalog, options: OscalOptions = {}) {
  const controls = [...catalog.controls.values()].sort((a, b) => a.id.localeCompare(b.id));
  const families = [...new Set([...Object.keys(CONTROL_FAMILIES), ...controls.map((c) => c.family)])];
  const groups = families
    .map((family) => ({
      id: oscalId(`iso-27400-${family}`),
      class: 'family',
      title: line(familyTitle(family)),
      props: [prop('label', family, null), prop('iso-27400-clause', family)],
      controls: controls.filter((c) => c.family === family).map(oscalControl),
    }))
    .filter((g) => g.controls.length > 0);
  const body = {
    metadata: metadata(
      'iotassure control catalog: ISO/IEC 27400 IoT security and privacy controls',
      options.date ?? today(),
      options.version ?? TOOL_VERSION,
      {
        props: [prop('catalog-files', catalog.files.length)],
        remarks:
          'Controls in iotassure’s own words, organised by the ISO/IEC 27400:2022 control families; ISO text is not ' +
          'reproduced. Props in the namespace ' +
          `${OSCAL_NS} give each control's stakeholders, life-cycle stages, ISO/IEC 30141 domains and 27400 clause ` +
          '(with the confidence of that clause reference).',
      },
    ),
    groups,
  };
  // the date alone does not make another catalog
  return { catalog: withContentUuid('catalog', body, [body.metadata.version, groups]) };
}

// ---------------------------------------------------------------------------------------------------------------
// Mapping collection

function mappingStatus(catalog: Catalog, framework: CatalogFramework): 'complete' | 'not-complete' | 'draft' {
  if (framework.confidence === 'placeholder') return 'draft';
  const uncovered = new Set((framework.uncovered ?? []).map((u) => u.id));
  const open = catalog
    .assessableRequirements(framework.id)
    .filter((r) => !uncovered.has(r.id) && catalog.controlsFor(r.ref).length === 0);
  return open.length === 0 ? 'complete' : 'not-complete';
}

/** The catalog's mappings as an OSCAL mapping-collection, one mapping per target framework. */
export function renderOscalMapping(catalog: Catalog, options: OscalOptions = {}) {
  const controls = [...catalog.controls.values()].sort((a, b) => a.id.localeCompare(b.id));
  const byFramework = new Map<string, { control: CatalogControl; mapping: CatalogMapping }[]>();
  for (const control of controls) {
    const seen = new Set<string>();
    for (const mapping of catalog.mappingsOf(control)) {
      const key = `${mapping.target}|${mapping.relationship}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const framework = mapping.target.slice(0, mapping.target.indexOf(':'));
      byFramework.set(framework, [...(byFramework.get(framework) ?? []), { control, mapping }]);
    }
  }
  const mappings = [...byFramework.keys()].sort().flatMap((frameworkId) => {
    const framework = catalog.frameworks.get(frameworkId);
    if (!framework) return [];
    const status = mappingStatus(catalog, framework);
    const uncovered = framework.uncovered ?? [];
    const href = (framework.url && uriReference(framework.url)) || `urn:iotassure:framework:${framework.id}`;
    return [
      {
        uuid: oscalUuid('mapping', framework.id),
        method: 'human',
        'matching-rationale': 'semantic',
        status,
        'source-resource': {
          type: 'catalog',
          href: 'oscal-catalog.json',
          props: [prop('catalog', 'iotassure')],
        },
        'target-resource': {
          type: 'catalog',
          href,
          props: [
            prop('framework-id', framework.id),
            prop('framework-version', framework.version),
            prop('publisher', framework.publisher),
          ],
          remarks:
            `${frameworkName(framework)}. Not an OSCAL document: target ids are the framework's own ` +
            'requirement, provision or clause numbers.',
        },
        'mapping-description': `iotassure controls → ${framework.title} ${framework.version}`,
        'confidence-score': { category: framework.confidence },
        maps: byFramework.get(frameworkId)!.map(({ control, mapping }) => ({
          uuid: oscalUuid('map', control.id, mapping.target, mapping.relationship),
          relationship: OSCAL_RELATIONSHIPS[mapping.relationship],
          sources: [{ type: 'control', 'id-ref': oscalId(control.id) }],
          targets: [{ type: 'control', 'id-ref': mapping.target.slice(frameworkId.length + 1) }],
          ...(mapping.confidence ? { 'confidence-score': { category: mapping.confidence } } : {}),
          ...(mapping.basis ? { props: [prop('basis', mapping.basis)] } : {}),
          ...(mapping.rationale ? { remarks: mapping.rationale.trim() } : {}),
        })),
        ...(uncovered.length > 0
          ? {
              remarks: `Requirements deliberately left without a control: ${uncovered
                .map((u) => `${u.id} (${u.reason.trim()})`)
                .join('; ')}`,
            }
          : {}),
      },
    ];
  });
  const statuses = new Set(mappings.map((m) => m.status));
  const body = {
    metadata: metadata(
      'iotassure control mappings: ISO/IEC 27400 controls to EN 303 645, NIST IR 8259, EU CRA, UK PSTI, OWASP and more',
      options.date ?? today(),
      options.version ?? TOOL_VERSION,
    ),
    provenance: {
      method: 'human',
      'matching-rationale': 'semantic',
      status: statuses.has('draft') ? 'draft' : statuses.has('not-complete') ? 'not-complete' : 'complete',
      'mapping-description':
        'Each iotassure control mapped by people to the requirements it helps meet, read from the control to the ' +
        `requirement: ${Object.entries(RELATIONSHIPS)
          .map(([r, text]) => `${OSCAL_RELATIONSHIPS[r as Relationship]} — ${text}`)
          .join('; ')}. Links to ISO/IEC 27400 clauses are subset-of: a clause is met by several controls together.`,
    },
    mappings,
  };
  return {
    'mapping-collection': withContentUuid('mapping-collection', body, [
      body.metadata.version,
      body.provenance,
      mappings,
    ]),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Assessment results

const OBSERVATION_METHOD: Record<string, 'EXAMINE' | 'INTERVIEW' | 'TEST'> = {
  document: 'EXAMINE',
  record: 'EXAMINE',
  attestation: 'INTERVIEW',
  test: 'TEST',
  check: 'TEST',
};

/** OSCAL's risk status: open, closed once every mitigation is in effect or the cause removed, deviation-approved when
 * accepted or transferred (the risk remains, someone answers for it). */
export const OSCAL_RISK_STATUS: Readonly<Record<string, string>> = {
  open: 'open',
  mitigated: 'closed',
  avoided: 'closed',
  accepted: 'deviation-approved',
  transferred: 'deviation-approved',
};

const IMPLEMENTATION_STATE: Record<string, string | undefined> = {
  implemented: 'implemented',
  verified: 'implemented',
  planned: 'planned',
  'not-applicable': 'not-applicable',
};

export function renderOscalAssessmentResults(a: Assessment) {
  const system = a.model.id ?? a.model.file;
  const tool = oscalUuid('component', 'iotassure');
  const origin = { actors: [{ type: 'tool', 'actor-uuid': tool }] };
  const gapIds = new Set(a.gaps.map((g) => g.control));
  const riskIds = new Set(a.risks.map((r) => r.id));
  const applicable = a.controls.filter((c) => c.applies);

  const evidence = new Map<string, EvidenceRef>();
  for (const c of a.controls) for (const e of c.evidence) if (!evidence.has(e.id)) evidence.set(e.id, e);
  const observationUuid = (id: string) => oscalUuid('observation', system, id);
  const observations = [...evidence.values()].map((e) => {
    const href = e.location ? uriReference(e.location) : undefined;
    const method = OBSERVATION_METHOD[e.kind] ?? 'EXAMINE';
    return {
      uuid: observationUuid(e.id),
      title: line(e.title),
      description: `${e.kind} evidence ${e.id}: ${e.title}${e.verdict ? ` — verdict ${e.verdict}` : ''}${e.expired ? ' (expired)' : ''}`,
      props: [
        prop('evidence-id', e.id),
        prop('evidence-kind', e.kind),
        ...(e.verdict ? [prop('verdict', e.verdict)] : []),
        ...(e.expired ? [prop('expired', 'true')] : []),
      ],
      methods: [method],
      types: ['control-objective'],
      ...(e.kind === 'check' ? { origins: [origin] } : {}),
      ...(e.location
        ? { 'relevant-evidence': [{ ...(href ? { href } : {}), description: line(`${e.title} (${e.location})`) }] }
        : {}),
      collected: dateTime(e.collected ?? a.date),
      ...(e.expires ? { expires: dateTime(e.expires) } : {}),
    };
  });

  const lookup = riskLookup(a);
  const risks = a.risks.map((r) => oscalRisk(a, r, system, origin, lookup));

  const findings = applicable.map((c) => oscalFinding(c, system, !gapIds.has(c.id), observationUuid, riskIds));

  const organisations = a.system.organisations;
  const partyUuid = (id: string) => oscalUuid('party', system, id);
  const roles = ['developer', 'provider', 'user'].filter((role) => organisations.some((o) => o.roles.includes(role)));
  const result = {
    uuid: oscalUuid('result', system, a.date),
    title: line(`ISO/IEC 27400 assessment of ${a.model.name} as of ${a.date}`),
    description:
      `iotassure ${a.tool.version} assessed the system model ${a.model.file} against ISO/IEC 27400:2022: ` +
      `${a.risks.length} risks, ${applicable.length} of ${a.controls.length} controls applicable, ${a.gaps.length} gaps.`,
    start: dateTime(a.date),
    props: [
      prop('model-file', a.model.file),
      prop('stage-set', a.model.stageSet),
      ...props('stage', a.model.stages),
      ...(a.filters.stakeholder ? [prop('filter-stakeholder', a.filters.stakeholder)] : []),
      ...(a.filters.stage ? [prop('filter-stage', a.filters.stage)] : []),
    ],
    'local-definitions': {
      components: [
        {
          uuid: tool,
          type: 'software',
          title: 'iotassure',
          description: 'ISO/IEC 27400 IoT security and privacy assessment tool that produced these results.',
          props: [prop('version', a.tool.version)],
          status: { state: 'operational' },
        },
      ],
    },
    'reviewed-controls': {
      description: 'The catalog controls that apply to the system (see oscal-catalog.json).',
      'control-selections': [
        applicable.length > 0
          ? { 'include-controls': applicable.map((c) => ({ 'control-id': oscalId(c.id) })) }
          : { 'include-all': {} },
      ],
    },
    ...nonEmpty('observations', observations),
    ...nonEmpty('risks', risks),
    ...nonEmpty('findings', findings),
  };
  const body = {
    metadata: metadata(`${a.model.name} — ISO/IEC 27400 assessment results`, a.date, a.date, {
      props: [prop('tool', `${a.tool.name} ${a.tool.version}`), prop('assessment-format', a.formatVersion)],
      ...nonEmpty(
        'roles',
        roles.map((role) => ({ id: role, title: line(STAKEHOLDER_TITLES[role] ?? role) })),
      ),
      ...nonEmpty(
        'parties',
        organisations.map((o) => ({
          uuid: partyUuid(o.id),
          type: 'organization',
          name: str(o.name),
          'short-name': str(o.id),
        })),
      ),
      ...nonEmpty(
        'responsible-parties',
        roles.map((role) => ({
          'role-id': role,
          'party-uuids': organisations.filter((o) => o.roles.includes(role)).map((o) => partyUuid(o.id)),
        })),
      ),
    }),
    'import-ap': {
      href: artifactUri(a.model.file),
      remarks:
        'iotassure writes no OSCAL assessment plan: the scope is the system model at this path and the controls are ' +
        'those of oscal-catalog.json that apply to it.',
    },
    results: [result],
  };
  return { 'assessment-results': withContentUuid('assessment-results', body) };
}

/** The rule and control details the register's risks refer to by id. */
function riskLookup(a: Assessment) {
  const controls = new Map(a.controls.map((c) => [c.id, c]));
  return {
    rules: rulesById(a),
    controlTitle: (id: string) => controls.get(id)?.title ?? id,
    controlApplies: (id: string) => controls.get(id)?.applies ?? false,
  };
}

function oscalRisk(
  a: Assessment,
  r: Risk,
  system: string,
  origin: object,
  { rules, controlTitle, controlApplies }: ReturnType<typeof riskLookup>,
) {
  const label = (scale: string[], n: number) => scale[n - 1] ?? String(n);
  const characterization = (rating: 'inherent' | 'residual') => ({
    props: [prop('rating', rating)],
    origin,
    facets: [
      { name: 'likelihood', system: OSCAL_NS, value: str(label(a.riskMatrix.likelihood, r[rating].likelihood)) },
      { name: 'impact', system: OSCAL_NS, value: str(label(a.riskMatrix.impact, r[rating].impact)) },
      { name: 'risk', system: OSCAL_NS, value: str(r[rating].level) },
    ],
  });
  const effective = r.mitigations.filter((m) => m.effective);
  const missing = r.mitigations.filter((m) => !m.effective);
  const t = r.treatment;
  return {
    uuid: oscalUuid('risk', system, r.id),
    title: line(r.title),
    description: rules.get(r.rule)?.description ?? r.title,
    statement: r.message,
    props: [
      prop('risk-id', r.id),
      prop('rule', r.rule),
      prop('subject', r.subject.id),
      prop('subject-type', r.subject.type),
      prop('risk-source', r.riskSource.id),
      ...props('iso-27400-clause', r.clauses),
      ...props('stride', r.stride),
      ...props('linddun', r.linddun),
      ...props('requirement', r.requirements),
      prop('iotassure-status', r.status),
      ...(t?.treatment ? [prop('treatment', t.treatment)] : []),
    ],
    status: OSCAL_RISK_STATUS[r.status] ?? 'open',
    characterizations: [characterization('inherent'), characterization('residual')],
    ...nonEmpty(
      'mitigating-factors',
      effective.map((m) => ({
        uuid: oscalUuid('mitigating-factor', system, r.id, m.control),
        description: `${m.control} (${controlTitle(m.control)}) is ${m.status}.`,
      })),
    ),
    ...nonEmpty(
      'remediations',
      missing.map((m) => ({
        uuid: oscalUuid('remediation', system, r.id, m.control),
        lifecycle: 'recommendation',
        title: line(`Put ${m.control} in place`),
        description: `${controlTitle(m.control)}: currently ${m.status}${controlApplies(m.control) ? '' : ' (not applicable as modelled)'}.`,
        props: [prop('control', m.control)],
      })),
    ),
    ...(t
      ? {
          'risk-log': {
            entries: [
              {
                uuid: oscalUuid('risk-log', system, r.id, 'treatment'),
                title: line(`Treatment: ${t.treatment}`),
                description:
                  [
                    t.owner ? `Owner ${t.owner}.` : '',
                    t.justification ? `Justification: ${t.justification}` : '',
                    t.ticket ? `Ticket ${t.ticket}.` : '',
                  ]
                    .filter(Boolean)
                    .join(' ') || `Treatment ${t.treatment} recorded in the model.`,
                start: dateTime(t.reviewed ?? a.date),
                'status-change': OSCAL_RISK_STATUS[r.status] ?? 'open',
              },
            ],
          },
        }
      : {}),
  };
}

function oscalFinding(
  c: ScopedControl,
  system: string,
  satisfied: boolean,
  observationUuid: (id: string) => string,
  riskIds: Set<string>,
) {
  const failed = c.evidence.filter((e) => e.verdict === 'FAIL');
  const implementation = IMPLEMENTATION_STATE[c.status];
  const risks = c.risks.filter((id) => riskIds.has(id));
  return {
    uuid: oscalUuid('finding', system, c.id),
    title: line(`${c.id}: ${c.title} — ${satisfied ? 'satisfied' : 'not satisfied'}`),
    description: [
      `Status ${c.status}${c.owner ? `, owner ${c.owner}` : ''}${c.due ? `, due ${c.due}` : ''}.`,
      `The control ${c.reason}.`,
      failed.length > 0 ? `Failed verification: ${failed.map((e) => `${e.id} (${e.title})`).join('; ')}.` : '',
      c.justification ? `Justification: ${c.justification}` : '',
    ]
      .filter(Boolean)
      .join(' '),
    props: [
      prop('status', c.status),
      prop('iso-27400-clause', c.clause),
      ...props(
        'stakeholder',
        c.stakeholders.map((s) => s.role),
      ),
    ],
    target: {
      type: 'objective-id',
      'target-id': `${oscalId(c.id)}_obj`,
      status: { state: satisfied ? 'satisfied' : 'not-satisfied', reason: satisfied ? 'pass' : 'fail' },
      ...(implementation ? { 'implementation-status': { state: implementation } } : {}),
    },
    ...nonEmpty(
      'related-observations',
      [...new Set(c.evidence.map((e) => e.id))].map((id) => ({ 'observation-uuid': observationUuid(id) })),
    ),
    ...nonEmpty(
      'related-risks',
      risks.map((id) => ({ 'risk-uuid': oscalUuid('risk', system, id) })),
    ),
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export const oscalRenderer: Renderer = {
  format: 'oscal',
  description: 'NIST OSCAL 1.2.1: the control catalog, its mappings (mapping-collection) and the assessment results',
  render(assessment, context: RenderContext = {}) {
    const catalog = context.catalog;
    if (!catalog) throw new Error('internal: the oscal format needs the catalog in its render context');
    const options = { date: assessment.date, version: assessment.tool.version };
    return [
      { name: 'oscal-catalog.json', content: json(renderOscalCatalog(catalog, options)) },
      { name: 'oscal-mapping.json', content: json(renderOscalMapping(catalog, options)) },
      { name: 'oscal-assessment-results.json', content: json(renderOscalAssessmentResults(assessment)) },
    ];
  },
};
