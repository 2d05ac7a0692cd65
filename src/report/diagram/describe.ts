/** The diagram in words: what it shows (its text alternative) and how it was drawn, for every renderer. */
import type { Assessment } from '../../assess/assessment.js';
import {
  DETAIL_MAX_ELEMENTS,
  DETAIL_MAX_FLOWS,
  type DiagramSpec,
  DOMAIN_TITLES,
  SUMMARY_MAX_EDGES,
  SUMMARY_MAX_NODES,
} from './model.js';

const n = (x: number) => x.toLocaleString('en');
const count = (x: number, one: string, many: string) => `${n(x)} ${x === 1 ? one : many}`;

const SUMMARY_UNITS: Record<DiagramSpec['mode'], string> = {
  detailed: 'element',
  zones: 'domain within a zone',
  'zone-kinds': 'domain within a kind of zone',
  domains: 'domain',
};

/** Only the model's name and the system view are read: the workspace passes the assessment JSON it holds. */
export function diagramDescription(
  a: Pick<Assessment, 'system'> & { model: { name: string } },
  spec: DiagramSpec,
): string {
  const domains = spec.domains.map((d) => `${d} (${DOMAIN_TITLES[d] ?? d})`).join(', ');
  return (
    `${a.model.name}: ${count(spec.elements, 'element', 'elements')} in ${count(a.system.zones.length, 'zone', 'zones')} ` +
    `across the domains ${domains}; ` +
    `${count(a.system.boundaries?.length ?? 0, 'modelled trust boundary', 'modelled trust boundaries')}; ` +
    `${count(spec.flows, 'flow', 'flows')}: ${n(spec.personalFlows)} carrying personal data, ` +
    `${n(spec.cleartextAcross)} crossing a trust boundary in cleartext, ` +
    `${n(spec.unauthenticatedAcross)} crossing one without authentication.` +
    (spec.mode === 'detailed' ? '' : ` Summarised: one box per ${SUMMARY_UNITS[spec.mode]}.`)
  );
}

/** How the diagram was drawn; `tables` says where the reader finds what a summary leaves out. */
export function modeNote(spec: DiagramSpec, tables: string): string {
  const limit = `Models with more than ${DETAIL_MAX_ELEMENTS} elements or ${DETAIL_MAX_FLOWS} flows are drawn summarised`;
  if (spec.mode === 'detailed') {
    return (
      'Every element and flow is drawn: each zone is one frame (a zone inside another is drawn inside it) and each ' +
      'element shows its domain by its colour and code; each flow is labelled with its protocol and the data it carries, ' +
      `PD marks personal data. ${limit}: one box per domain within each zone, with counts.`
    );
  }
  const what =
    spec.mode === 'zones'
      ? 'each frame is a zone and each box in it one domain, with the number of its elements'
      : spec.mode === 'zone-kinds'
        ? `each frame holds the zones of one kind and each box one domain in them, with the number of its elements and zones (the model has more than ${SUMMARY_MAX_NODES} zone × domain pairs); trust boundaries are ${tables}`
        : `each box is one ${SUMMARY_UNITS[spec.mode]}, with the number of its elements and zones (the model has more than ${SUMMARY_MAX_NODES} zone × domain pairs); zones and trust boundaries are ${tables}`;
  const omitted =
    spec.omittedEdges > 0
      ? ` The ${SUMMARY_MAX_EDGES} most significant connections are drawn; ${n(spec.omittedEdges)} more are in the JSON report (and the flow table of the HTML report).`
      : '';
  return (
    `This model has ${n(spec.elements)} elements and ${n(spec.flows)} flows, so the diagram is summarised. ${limit}: ${what}; ` +
    `each arrow aggregates the flows between two boxes, labelled with their number and, when some cross a trust ` +
    `boundary unprotected, how many, then the data they carry (PD: some carry personal data); its colour and pattern ` +
    `show the worst protection.${omitted}`
  );
}
