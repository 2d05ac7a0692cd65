/** The privacy section of the PDF: personal data inventory, where it goes, the flows carrying it, LINDDUN threats. */
import type { Assessment } from '../../assess/assessment.js';
import { personalDataAssets, personalDataDestinations, personalDataFlows, privacyThreats } from '../text.js';
import { cappedTable, type Doc, heading, paragraph } from './common.js';

interface Part {
  title: string;
  /** said instead of an empty table */
  empty: string;
  /** what a row is, in the plural, for the note when rows are left out */
  rowsAre: string;
  headers: string[];
  weights: number[];
  rows: (string | number)[][];
}

function part(doc: Doc, p: Part): void {
  heading(doc, p.title, 11);
  if (p.rows.length === 0) paragraph(doc, p.empty, 8);
  else cappedTable(doc, { what: p.rowsAre, where: 'the JSON report (--format json)' }, p.headers, p.weights, p.rows);
}

/** A LINDDUN threat as a row: its categories, what and where, and the level left. */
function threatCells(r: Assessment['risks'][number]): string[] {
  return [r.linddun.join(', '), `${r.title}: ${r.message}`, r.subject.name, r.residual.level];
}

export function privacyPages(doc: Doc, a: Assessment): void {
  const elements = new Map(a.system.elements.map((e) => [e.id, e.name]));
  const place = (id: string) => elements.get(id) ?? id;
  part(doc, {
    title: 'Personal data inventory',
    empty: 'The model declares no personal data.',
    rowsAre: 'personal data assets',
    headers: [
      'data asset',
      'categories',
      'sensitive',
      'data subjects',
      'purposes',
      'legal basis',
      'retention',
      'stored in',
    ],
    weights: [12, 10, 5, 12, 16, 8, 6, 12],
    rows: personalDataAssets(a).map((d) => [
      `${d.name} (${d.id})`,
      d.personalData!.categories.join(', '),
      d.personalData!.sensitive ? 'yes' : 'no',
      d.personalData!.subjects.join(', '),
      d.purposes.join('; ') || 'not stated',
      d.legalBasis ?? 'not stated',
      d.retention ?? 'not stated',
      d.storedIn.map(place).join(', '),
    ]),
  });
  part(doc, {
    title: 'Where personal data goes',
    empty: 'No personal data moves or is stored.',
    rowsAre: 'data assets',
    headers: ['data asset', 'stored in', 'sent to', 'flows'],
    weights: [10, 14, 14, 16],
    rows: personalDataDestinations(a).map((d) => [
      d.asset.name,
      d.storedIn.map(place).join(', ') || '-',
      d.sentTo.map(place).join(', ') || '-',
      d.flows.join(', '),
    ]),
  });
  part(doc, {
    title: 'Flows that carry personal data',
    empty: 'No flow carries personal data.',
    rowsAre: 'flows that carry personal data',
    headers: ['flow', 'from → to', 'personal data', 'protocol', 'encryption / authentication', 'crosses a boundary'],
    weights: [10, 18, 14, 6, 10, 6],
    rows: personalDataFlows(a).map(({ flow: f, personal }) => [
      f.id,
      `${place(f.from)} → ${place(f.to)}`,
      personal.join(', '),
      f.protocol,
      `${f.encryption} / ${f.authentication}`,
      f.crossesBoundary ? 'yes' : 'no',
    ]),
  });
  part(doc, {
    title: 'Privacy threats (LINDDUN)',
    empty: 'No LINDDUN privacy threats were identified.',
    rowsAre: 'privacy threats',
    headers: ['LINDDUN', 'threat', 'where', 'residual'],
    weights: [8, 30, 10, 5],
    rows: privacyThreats(a).map(threatCells),
  });
}
