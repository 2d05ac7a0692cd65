/**
 * What the PDF says, worked out from the assessment (./blocks.ts): the document information, the cover, and the
 * sections in order — summary, system diagram, an implementation conformance statement per product and framework,
 * the statement of applicability, the risk register, privacy and the action plan.
 */
import type { Assessment } from '../../assess/assessment.js';
import { formatPosition } from '../../util/diagnostics.js';
import { diagramDescription, modeNote } from '../diagram/describe.js';
import { diagramSpec, protection } from '../diagram/model.js';
import type { RenderContext } from '../renderer.js';
import {
  formTitle,
  ICS_HEADERS,
  type IcsForm,
  icsCells,
  icsForms,
  missingJustificationNote,
  SOA_HEADERS,
  soaCells,
  soaRows,
} from '../statements.js';
import { frameworkProgress, MAX_TABLE_ROWS, orderedLevels, provenanceRows, shortText, summaryText } from '../text.js';
import { type Block, cappedTable, type PdfContent, type Section } from './blocks.js';
import { privacyBlocks } from './privacy.js';

export function pdfContent(a: Assessment, context?: RenderContext): PdfContent {
  return {
    info: documentInfo(a),
    cover: {
      title: a.model.name,
      subtitle: 'IoT security and privacy assessment (ISO/IEC 27400:2022)',
      table: {
        headers: ['item', 'value'],
        weights: [1, 4],
        rows: [
          ['system', `${a.model.name}${a.model.id ? ` (${a.model.id})` : ''}`],
          ['scope', `stages ${a.model.stages.join(', ')}; ${a.system.products.map((p) => p.name).join(', ')}`],
          ['assessed as of', a.date],
          ...provenanceRows(a),
        ],
      },
    },
    sections: [
      { title: 'Summary', page: 'portrait', blocks: summary(a) },
      diagramSection(a),
      ...icsForms(a).map(icsSection),
      {
        title: 'Statement of applicability',
        page: 'landscape',
        blocks: [
          {
            table: {
              headers: SOA_HEADERS,
              weights: [10, 4, 9, 16, 4, 7, 14, 9, 7, 6, 14, 5, 4],
              rows: soaRows(a, context).map(soaCells),
            },
          },
        ],
      },
      { title: 'Risk register', page: 'landscape', blocks: riskRegister(a) },
      { title: 'Privacy', page: 'landscape', blocks: privacyBlocks(a) },
      { title: 'Action plan', page: 'landscape', blocks: [actionPlan(a)] },
    ],
    footer: `${a.model.name} - ${a.date}`,
  };
}

/** What viewers, search tools and document systems show of the document; the author is the model's organisations. */
function documentInfo(a: Assessment): PdfContent['info'] {
  const authors = a.system.organisations.map((o) => o.name).join(', ');
  return {
    title: `${a.model.name} - IoT security and privacy assessment`,
    subject: `ISO/IEC 27400:2022 IoT security and privacy assessment of ${a.model.name}, as of ${a.date}`,
    ...(authors && { author: authors }),
    creator: `iotassure ${a.tool.version}`,
    created: new Date(`${a.date}T00:00:00Z`),
  };
}

function summary(a: Assessment): Block[] {
  const levels = orderedLevels(a)
    .map((l) => `${a.summary.risks.residual[l] ?? 0} ${l}`)
    .join(', ');
  return [
    {
      paragraph: `${a.summary.risks.total} risks (residual: ${levels}); ${a.summary.controls.applicable} of ${a.summary.controls.total} controls apply; ${a.summary.controls.gaps} gaps; ${a.summary.questions} open questions; ${a.summary.findings} consistency findings.`,
    },
    { heading: 'Frameworks', size: 11 },
    ...a.conformance.map((c): Block => ({ paragraph: `- ${frameworkProgress(c)}`, size: 8 })),
  ];
}

function icsSection(f: IcsForm): Section {
  const blocks: Block[] = [
    {
      paragraph: `${f.title}, ${f.version} (${f.legalForce}). Product ${f.product.id}, ${f.scope}. ${summaryText(f.summary)}.`,
      size: 8,
    },
    { paragraph: 'Status: M mandatory, R recommended, C conditional (conditions below).', size: 7 },
    { table: { headers: ICS_HEADERS, weights: [5, 18, 4, 6, 6, 20, 14, 16, 10], rows: f.rows.map(icsCells) } },
  ];
  if (f.conditions.length > 0) {
    const conditions = f.conditions.map((c) => `${c.id}: ${c.title} (${c.holds})`).join('; ');
    blocks.push({ paragraph: `Conditions: ${conditions}.`, size: 7 });
  }
  const note = missingJustificationNote(f);
  if (note) blocks.push({ paragraph: note, size: 8 });
  return { title: `Implementation conformance statement: ${formTitle(f)}`, page: 'landscape', blocks };
}

/** Each rule's risks counted by residual level (worst first); the rules with most risks first. */
function risksByRule(a: Assessment): (string | number)[][] {
  const levels = orderedLevels(a);
  const counts = new Map<string, Map<string, number>>();
  for (const r of a.risks) {
    const byLevel = counts.get(r.rule) ?? new Map<string, number>();
    byLevel.set(r.residual.level, (byLevel.get(r.residual.level) ?? 0) + 1);
    counts.set(r.rule, byLevel);
  }
  const total = (m: Map<string, number>) => [...m.values()].reduce((s, n) => s + n, 0);
  return a.rules
    .filter((rule) => counts.has(rule.id))
    .map((rule) => ({ rule, byLevel: counts.get(rule.id)! }))
    .sort((x, y) => total(y.byLevel) - total(x.byLevel) || x.rule.id.localeCompare(y.rule.id))
    .map(({ rule, byLevel }) => [rule.id, rule.title, total(byLevel), ...levels.map((l) => byLevel.get(l) ?? 0)]);
}

/** The worst risks, and for a fleet with more than the table shows, every rule's risks counted first. */
function riskRegister(a: Assessment): Block[] {
  const levels = orderedLevels(a);
  const byRule: Block[] =
    a.risks.length > MAX_TABLE_ROWS
      ? [
          { paragraph: `${a.risks.length.toLocaleString('en')} risks from ${a.rules.length} rules, by rule:`, size: 8 },
          {
            table: {
              headers: ['rule', 'risk', 'risks', ...levels],
              weights: [10, 24, 4, ...levels.map(() => 4)],
              rows: risksByRule(a),
            },
          },
        ]
      : [];
  const risks = cappedTable(
    { what: 'risks, worst residual first', where: "the XLSX report's risk register, risks.csv and the JSON report" },
    ['risk', 'where', 'inherent', 'residual', 'status', 'controls', 'detail'],
    [12, 10, 5, 5, 6, 18, 24],
    a.risks,
    (r) => [
      r.title,
      `${r.subject.id} (${formatPosition(r.subject.source)})`,
      r.inherent.level,
      r.residual.level,
      r.status,
      r.mitigations.map((m) => `${m.control} (${m.status})`).join(', '),
      r.message,
    ],
  );
  return [...byRule, ...risks];
}

function actionPlan(a: Assessment): Block {
  return {
    table: {
      headers: ['priority', 'control', 'status', 'owner', 'owed by', 'open risks', 'satisfies'],
      weights: [5, 16, 7, 8, 8, 18, 18],
      rows: a.gaps.map((g) => [
        g.priority,
        `${g.control}: ${g.title}`,
        g.status,
        g.owner ?? '',
        g.stakeholders.map((s) => s.role).join(', '),
        shortText(
          g.risks.map((r) => `${r.id} (${r.level})`),
          12,
        ),
        g.requirements.join(', '),
      ]),
    },
  };
}

/** The diagram's section: the diagram with the text above and below it, and for a detailed diagram its tables. */
function diagramSection(a: Assessment): Section {
  const spec = diagramSpec(a.system);
  const diagram = {
    spec,
    description: diagramDescription(a, spec),
    note: modeNote(spec, 'in the HTML and JSON reports'),
  };
  return { title: 'System diagram', diagram, blocks: spec.mode === 'detailed' ? diagramTables(a) : [] };
}

/** The flows and trust boundaries of a detailed diagram as tables: the text a reader of the HTML finds in tooltips. */
function diagramTables(a: Assessment): Block[] {
  const names = new Map(a.system.elements.map((e) => [e.id, e.name]));
  const data = new Map(a.system.dataAssets.map((d) => [d.id, d.name]));
  const zones = new Map(a.system.zones.map((z) => [z.id, z.name]));
  const protectionText = (f: Assessment['system']['flows'][number]) => {
    if (!f.crossesBoundary) return 'no';
    const p = protection(f);
    return p === 'protected' ? 'yes' : `yes - ${p === 'cleartext' ? 'cleartext' : 'no authentication'}`;
  };
  const flows: Block = {
    table: {
      headers: [
        'flow',
        'from',
        'to',
        'protocol',
        'both ways',
        'encryption / authentication',
        'crosses a boundary',
        'personal data',
        'data carried',
      ],
      weights: [10, 12, 12, 6, 4, 10, 8, 5, 20],
      rows: a.system.flows.map((f) => [
        f.id,
        names.get(f.from) ?? f.from,
        names.get(f.to) ?? f.to,
        f.protocol,
        f.bidirectional ? 'yes' : 'no',
        `${f.encryption} / ${f.authentication}`,
        protectionText(f),
        f.personalData ? 'yes' : 'no',
        f.data.map((d) => data.get(d) ?? d).join(', '),
      ]),
    },
  };
  const blocks: Block[] = [
    { page: 'landscape' },
    { heading: 'The diagram as tables: flows and trust boundaries', size: 11 },
    flows,
  ];
  const boundaries = a.system.boundaries ?? [];
  if (boundaries.length === 0) return blocks;
  const boundaryTable: Block = {
    table: {
      headers: ['trust boundary', 'between', 'enforcement', 'description'],
      weights: [8, 16, 10, 26],
      rows: boundaries.map((b) => [
        b.id,
        b.between.map((z) => zones.get(z) ?? z).join(' and '),
        b.enforcement.join(', '),
        b.description ?? '',
      ]),
    },
  };
  return [...blocks, boundaryTable];
}
