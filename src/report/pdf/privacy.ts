/** The privacy section of the PDF: personal data inventory, where it goes, the flows carrying it, LINDDUN threats. */
import type { Assessment } from '../../assess/assessment.js';
import { personalDataAssets, personalDataDestinations, personalDataFlows, privacyThreats } from '../text.js';
import { type Block, cappedTable } from './blocks.js';

interface Part<T> {
  title: string;
  /** said instead of an empty table */
  empty: string;
  /** what an item is, in the plural, for the note when items are left out */
  itemsAre: string;
  headers: string[];
  weights: number[];
  items: T[];
  row: (item: T) => (string | number)[];
}

function part<T>(p: Part<T>): Block[] {
  const heading: Block = { heading: p.title, size: 11 };
  if (p.items.length === 0) return [heading, { paragraph: p.empty, size: 8 }];
  const itemsAre = { what: p.itemsAre, where: 'the JSON report (--format json)' };
  return [heading, ...cappedTable(itemsAre, p.headers, p.weights, p.items, p.row)];
}

/** A LINDDUN threat as a row: its categories, what and where, and the level left. */
function threatCells(r: Assessment['risks'][number]): string[] {
  return [r.linddun.join(', '), `${r.title}: ${r.message}`, r.subject.name, r.residual.level];
}

/** The section's parts, each a heading and a table (capped) or a sentence saying there is nothing to list. */
export function privacyBlocks(a: Assessment): Block[] {
  const elements = new Map(a.system.elements.map((e) => [e.id, e.name]));
  const place = (id: string) => elements.get(id) ?? id;
  return [
    ...part({
      title: 'Personal data inventory',
      empty: 'The model declares no personal data.',
      itemsAre: 'personal data assets',
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
      items: personalDataAssets(a),
      row: (d) => [
        `${d.name} (${d.id})`,
        d.personalData!.categories.join(', '),
        d.personalData!.sensitive ? 'yes' : 'no',
        d.personalData!.subjects.join(', '),
        d.purposes.join('; ') || 'not stated',
        d.legalBasis ?? 'not stated',
        d.retention ?? 'not stated',
        d.storedIn.map(place).join(', '),
      ],
    }),
    ...part({
      title: 'Where personal data goes',
      empty: 'No personal data moves or is stored.',
      itemsAre: 'data assets',
      headers: ['data asset', 'stored in', 'sent to', 'flows'],
      weights: [10, 14, 14, 16],
      items: personalDataDestinations(a),
      row: (d) => [
        d.asset.name,
        d.storedIn.map(place).join(', ') || '-',
        d.sentTo.map(place).join(', ') || '-',
        d.flows.join(', '),
      ],
    }),
    ...part({
      title: 'Flows that carry personal data',
      empty: 'No flow carries personal data.',
      itemsAre: 'flows that carry personal data',
      headers: ['flow', 'from → to', 'personal data', 'protocol', 'encryption / authentication', 'crosses a boundary'],
      weights: [10, 18, 14, 6, 10, 6],
      items: personalDataFlows(a),
      row: ({ flow: f, personal }) => [
        f.id,
        `${place(f.from)} → ${place(f.to)}`,
        personal.join(', '),
        f.protocol,
        `${f.encryption} / ${f.authentication}`,
        f.crossesBoundary ? 'yes' : 'no',
      ],
    }),
    ...part({
      title: 'Privacy threats (LINDDUN)',
      empty: 'No LINDDUN privacy threats were identified.',
      itemsAre: 'privacy threats',
      headers: ['LINDDUN', 'threat', 'where', 'residual'],
      weights: [8, 30, 10, 5],
      items: privacyThreats(a),
      row: threatCells,
    }),
  ];
}
