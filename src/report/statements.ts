/**
 * The deliverables a test lab or notified body files, as plain rows every format prints the same way (Markdown, HTML,
 * XLSX, PDF): the implementation conformance statement per framework and product, in the layout of EN 303 645
 * Table B.1 and TS 103 701's pro forma, and the statement of applicability in clause order.
 * Text here is unescaped; each format escapes it for itself.
 */
import type {
  Assessment,
  ConformanceStatement,
  EvidenceRef,
  ProductStatement,
  ProvisionStatement,
  ScopedControl,
  StatementSummary,
} from '../assess/assessment.js';
import { lacksJustification } from '../assess/conformance.js';
import type { RenderContext } from './renderer.js';
import { evidenceForReaders, STAKEHOLDER_TITLES } from './text.js';

/** Support as a pro forma asks for it; `partly` counts as not supported (the detail says partly). */
export type IcsSupport = 'yes' | 'no' | 'N/A' | 'undetermined';

/** One provision of one product's implementation conformance statement. */
export interface IcsRow {
  reference: string;
  title: string;
  /** M or R, with C when conditions or features decide whether it applies (Table B.1's "M C" / "R C") */
  status: string;
  /** the ids of the conditions and features that decide it, with whether they hold (titles in IcsForm.conditions) */
  condition: string;
  support: IcsSupport;
  /** why: what meets it, what is missing, what is undetermined */
  detail: string;
  /** why not applicable, or why a recommendation is not followed; empty where none is needed */
  justification: string;
  /** a recommendation not met without a recorded justification (EN 303 645 provision 5.0-1) */
  justificationMissing: boolean;
  controls: string[];
  evidence: string[];
}

/** One framework's statement for one product in (or undetermined for) its scope. */
export interface IcsForm {
  framework: string;
  title: string;
  shortTitle: string;
  version: string;
  legalForce: string;
  product: { id: string; name: string };
  /** undetermined when the model does not say whether the product is in scope */
  scope: string;
  summary: StatementSummary;
  rows: IcsRow[];
  /** the conditions and features the rows name, once each (Table B.1 lists them under the table) */
  conditions: { id: string; title: string; holds: string }[];
  /** the product's class and conformity routes, for frameworks that class products (the CRA) */
  productClass?: ProductStatement['productClass'];
}

const truthText = (t: boolean | 'unknown') => (t === 'unknown' ? 'undetermined' : t ? 'holds' : 'does not hold');

/** Whether a control or requirement applies, as every statement prints it. */
export const appliesText = (t: boolean | 'unknown'): 'yes' | 'no' | 'undetermined' =>
  t === 'unknown' ? 'undetermined' : t ? 'yes' : 'no';

function icsSupport(p: ProvisionStatement): IcsSupport {
  if (p.applies === false || p.support === 'not-applicable') return 'N/A';
  if (p.support === 'yes') return 'yes';
  if (p.support === 'undetermined') return 'undetermined';
  return 'no';
}

export function icsRow(p: ProvisionStatement): IcsRow {
  const support = icsSupport(p);
  const missing = lacksJustification(p);
  const detail = [
    p.support === 'partial' ? `partly: ${p.reason}` : p.reason,
    p.inForce ? '' : `applies from ${p.appliesFrom}`,
  ].filter(Boolean);
  let justification = '';
  if (support === 'N/A') justification = p.reason;
  else if (p.justification) justification = p.justification;
  return {
    reference: p.id,
    title: p.title,
    status: (p.status === 'mandatory' ? 'M' : 'R') + (p.conditions.length > 0 || p.features.length > 0 ? ' C' : ''),
    condition: [...p.conditions, ...p.features].map((c) => `${c.id} ${truthText(c.holds)}`).join('; '),
    support,
    detail: detail.join('; '),
    justification,
    justificationMissing: missing,
    controls: [
      ...p.controls.map((c) => `${c.id} (${c.status})`),
      ...p.complementary.map((c) => `complementary, not counted: ${c.id} (${c.status})`),
    ],
    evidence: p.evidence,
  };
}

export function conditionsOf(p: ProductStatement): IcsForm['conditions'] {
  const seen = new Map<string, IcsForm['conditions'][number]>();
  for (const x of p.provisions.flatMap((r) => [...r.conditions, ...r.features])) {
    if (!seen.has(x.id)) seen.set(x.id, { id: x.id, title: x.title, holds: truthText(x.holds) });
  }
  return [...seen.values()];
}

function form(c: ConformanceStatement, p: ProductStatement): IcsForm {
  return {
    framework: c.framework,
    title: c.title,
    shortTitle: c.shortTitle,
    version: c.version,
    legalForce: c.legalForce,
    product: { id: p.product, name: p.name },
    scope: p.scope.applies === 'unknown' ? `undetermined: ${p.scope.reason}` : `in scope: ${p.scope.reason}`,
    summary: p.summary,
    rows: p.provisions.map(icsRow),
    conditions: conditionsOf(p),
    ...(p.productClass ? { productClass: p.productClass } : {}),
  };
}

/** Every framework × product statement for products in (or possibly in) the framework's scope, product by product. */
export function icsForms(a: Assessment): IcsForm[] {
  const forms: IcsForm[] = [];
  for (const product of a.system.products) {
    for (const c of a.conformance) {
      if (c.scope.applies === false) continue;
      const p = c.products.find((x) => x.product === product.id);
      if (p && p.scope.applies !== false) forms.push(form(c, p));
    }
  }
  return forms;
}

/** `ETSI EN 303 645 V3.1.3`: the short title, with the version unless the title already names it */
export const frameworkTitle = (f: IcsForm) =>
  `${f.shortTitle}${f.shortTitle.includes(f.version) ? '' : ` ${f.version}`}`;

/** `ETSI EN 303 645 V3.1.3 — Vistacam C2 camera` */
export const formTitle = (f: IcsForm) => `${frameworkTitle(f)} — ${f.product.name}`;

/** The note printed under a statement when recommendations not met lack a recorded justification. */
export function missingJustificationNote(f: IcsForm): string {
  const n = f.rows.filter((r) => r.justificationMissing).length;
  if (n === 0) return '';
  const rule = f.framework.startsWith('etsi-en-303-645') ? 'provision 5.0-1 asks for one' : 'a test lab asks for one';
  return `${n} recommendation${n === 1 ? '' : 's'} not met without a recorded justification (${rule}): state it in the model's assessment entry for the control.`;
}

/** What the justification cell says for a recommendation not met without one. */
export const MISSING_JUSTIFICATION = 'MISSING: no justification recorded';

export const ICS_HEADERS = [
  'reference',
  'provision',
  'status',
  'condition',
  'support',
  'detail',
  'justification',
  'controls',
  'evidence',
] as const;

/** The row as the cells of ICS_HEADERS, a missing justification flagged in its cell. */
export function icsCells(r: IcsRow): string[] {
  return [
    r.reference,
    r.title,
    r.status,
    r.condition,
    r.support,
    r.detail,
    r.justificationMissing ? MISSING_JUSTIFICATION : r.justification,
    r.controls.join(', '),
    r.evidence.join(', '),
  ];
}

/** One control of the statement of applicability. */
export interface SoaRow {
  control: string;
  clause: string;
  title: string;
  /** what must be done, from the catalog (empty when the catalog is not at hand) */
  statement: string;
  applies: 'yes' | 'no' | 'undetermined';
  /** not applicable: declared by the assessor or derived from the model; otherwise the control's status */
  status: string;
  /** why it applies or not, and a declared justification */
  justification: string;
  stakeholders: string;
  stages: string;
  owner: string;
  evidence: string;
  reviewer: string;
  /** number of this model's risks it mitigates */
  mitigates: number;
}

/** `7.1.2.10` after `7.1.2.9`: clause ids compared number by number. */
export function compareClauses(x: string, y: string): number {
  const a = x.split('.');
  const b = y.split('.');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const p = a[i];
    const q = b[i];
    if (p === undefined || q === undefined) return p === undefined ? -1 : 1;
    const d = Number(p) - Number(q);
    if (Number.isFinite(d) && d !== 0) return d;
    if (!Number.isFinite(d) && p !== q) return p.localeCompare(q);
  }
  return 0;
}

/** Controls in ISO/IEC 27400 clause order, then by id. */
export function controlsByClause(a: Assessment): ScopedControl[] {
  return [...a.controls].sort((x, y) => compareClauses(x.clause, y.clause) || x.id.localeCompare(y.id));
}

function evidenceText(e: EvidenceRef): string {
  const parts = [
    e.location,
    e.sha256 && `SHA-256 ${e.sha256}${e.size === undefined ? '' : `, ${e.size} bytes`}`,
    e.collected && `collected ${e.collected}`,
    e.expires ? (e.expired ? `EXPIRED ${e.expires}` : `valid until ${e.expires}`) : e.collected ? 'no expiry' : '',
    e.verdict,
  ].filter(Boolean);
  return `${e.id}: ${e.title}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function soaStatus(c: ScopedControl): string {
  if (c.applies !== false) return c.status;
  return c.declared === 'not-applicable' ? 'not applicable (declared)' : 'not applicable (derived from the model)';
}

export function soaRows(a: Assessment, context?: RenderContext): SoaRow[] {
  const names = new Map(a.system.organisations.map((o) => [o.id, o.name]));
  return controlsByClause(a).map((c) => ({
    control: c.id,
    clause: c.clause,
    title: c.title,
    statement: context?.catalog?.controls.get(c.id)?.statement ?? '',
    applies: appliesText(c.applies),
    status: soaStatus(c),
    justification: [c.reason, c.justification && `justification: ${c.justification}`].filter(Boolean).join('; '),
    stakeholders: c.stakeholders
      .map((s) => {
        const orgs = s.organisations.map((o) => names.get(o) ?? o);
        return `${STAKEHOLDER_TITLES[s.role] ?? s.role}${orgs.length ? ` (${orgs.join(', ')})` : ''}`;
      })
      .join('; '),
    stages: c.stages.join(', '),
    owner: [c.owner, c.due && `due ${c.due}`].filter(Boolean).join(', '),
    evidence: evidenceForReaders(c.evidence).map(evidenceText).join('; '),
    reviewer: [...new Set(c.evidence.map((e) => e.reviewer).filter((r): r is string => Boolean(r)))].join(', '),
    mitigates: c.risks.length,
  }));
}

export const SOA_HEADERS = [
  'control',
  'clause',
  'title',
  'statement',
  'applies',
  'status',
  'justification',
  'stakeholders',
  'stages',
  'owner',
  'evidence (dates, expiry)',
  'reviewer',
  'mitigates',
] as const;

export function soaCells(r: SoaRow): (string | number)[] {
  return [
    r.control,
    r.clause,
    r.title,
    r.statement,
    r.applies,
    r.status,
    r.justification,
    r.stakeholders,
    r.stages,
    r.owner,
    r.evidence,
    r.reviewer,
    r.mitigates,
  ];
}
