/** The control catalog as an OSCAL catalog: one group per ISO/IEC 27400 control family. */
import type { Catalog, CatalogControl } from '../../catalog/catalog.js';
import { CONTROL_FAMILIES } from '../../catalog/vocabulary.js';
import { describeCondition, factsIn } from '../../model/condition.js';
import { FACTS } from '../../model/facts.js';
import { TOOL_VERSION } from '../../util/version.js';
import { jsonDigest } from '../json-text.js';
import { STAKEHOLDER_TITLES } from '../text.js';
import {
  line,
  metadata,
  OSCAL_NS,
  type OscalOptions,
  oscalId,
  prop,
  props,
  RMF_NS,
  today,
  withContentUuid,
} from './common.js';

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
  return { catalog: withContentUuid('catalog', body, jsonDigest([body.metadata.version, groups])) };
}
