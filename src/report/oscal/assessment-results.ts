/**
 * The assessment as OSCAL assessment results: one result with observations (the evidence), findings (one per
 * applicable control, satisfied or not) and risks (with likelihood and impact characterizations).
 */
import type { Assessment, EvidenceRef, Risk, ScopedControl } from '../../assess/assessment.js';
import { assessmentDigest } from '../json.js';
import { LazyList } from '../lazy-list.js';
import type { SharedWork } from '../renderer.js';
import { artifactUri } from '../sarif.js';
import { rulesById, STAKEHOLDER_TITLES } from '../text.js';
import {
  dateTime,
  line,
  metadata,
  nonEmpty,
  OSCAL_NS,
  oscalId,
  oscalUuid,
  prop,
  props,
  str,
  uriReference,
  withContentUuid,
} from './common.js';

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

export function renderOscalAssessmentResults(a: Assessment, shared?: SharedWork) {
  const system = a.model.id ?? a.model.file;
  const tool = oscalUuid('component', 'iotassure');
  const origin = { actors: [{ type: 'tool', 'actor-uuid': tool }] };
  const gapIds = new Set(a.gaps.map((g) => g.control));
  // made once: each is also in the findings that refer to it (45 000 references at 10 000 elements)
  const riskUuids = new Map(a.risks.map((r) => [r.id, oscalUuid('risk', system, r.id)]));
  const applicable = a.controls.filter((c) => c.applies);

  const evidence = new Map<string, EvidenceRef>();
  for (const c of a.controls) for (const e of c.evidence) if (!evidence.has(e.id)) evidence.set(e.id, e);
  const observationUuids = new Map([...evidence.keys()].map((id) => [id, oscalUuid('observation', system, id)]));
  const observationUuid = (id: string) => observationUuids.get(id)!;
  const observations = LazyList.map([...evidence.values()], (e) => {
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
  // The fleet-sized lists are made as they are written: a risk per element and flow, an observation per element's
  // stated fact, a finding listing every risk of its control.
  const risks = LazyList.map(a.risks, (r) => oscalRisk(a, r, riskUuids.get(r.id)!, system, origin, lookup));
  const findings = LazyList.map(applicable, (c) =>
    oscalFinding(c, system, !gapIds.has(c.id), observationUuid, riskUuids),
  );

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
  // The document is made from the assessment alone (by this version of iotassure, which the assessment names), and the
  // assessment's JSON file holds all of it: its digest changes whenever the document's content can. Made from the
  // document itself, the digest cost a second making of every risk, as much as writing them.
  return { 'assessment-results': withContentUuid('assessment-results', body, assessmentDigest(a, shared)) };
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
  uuid: string,
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
    uuid,
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
      // The rule's own references only: what its controls map to is in oscal-mapping.json, reached through the
      // `control` props of its mitigating factors and remediations. Repeated on every risk, it made three fifths of a fleet's file.
      ...props('requirement', rules.get(r.rule)?.references ?? r.requirements),
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
        props: [prop('control', m.control)],
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
  riskUuids: ReadonlyMap<string, string>,
) {
  const failed = c.evidence.filter((e) => e.verdict === 'FAIL');
  const implementation = IMPLEMENTATION_STATE[c.status];
  const risks = c.risks.flatMap((id) => {
    const uuid = riskUuids.get(id);
    return uuid === undefined ? [] : [{ 'risk-uuid': uuid }];
  });
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
    ...nonEmpty('related-risks', risks),
  };
}
