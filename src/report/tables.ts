/**
 * The tables the spreadsheet formats write cell for cell: one function per table gives its header and rows, and CSV
 * and XLSX each only write them, so a statement's file and its sheet carry the same columns and the same rows.
 * Cells are plain, unescaped text or numbers; lists are joined with `; `. Each writer makes them safe for itself
 * (CSV: quoting and formula neutralisation; XLSX: inline strings).
 */
import type { Assessment, ConformanceStatement, SystemProvision } from '../assess/assessment.js';
import { appliesText, frameworkTitle, ICS_HEADERS, type IcsForm, icsCells } from './statements.js';
import { supportLabel } from './text.js';

export type TableCell = string | number | undefined;

export interface Table {
  header: readonly string[];
  rows: TableCell[][];
}

/**
 * Implementation conformance statements in the layout of EN 303 645 Table B.1, one row per provision of each form,
 * the product and framework named on every row so one file can hold every product's statements.
 */
export function icsTable(forms: readonly IcsForm[]): Table {
  return {
    header: ['product', 'product_id', 'framework', 'framework_id', ...ICS_HEADERS],
    rows: forms.flatMap((f) =>
      f.rows.map((r) => [f.product.name, f.product.id, frameworkTitle(f), f.framework, ...icsCells(r)]),
    ),
  };
}

function scopeText(c: ConformanceStatement): string {
  if (c.scope.applies === false) return `out of scope: ${c.scope.reason}`;
  return c.scope.applies === 'unknown' ? 'undetermined' : 'in scope';
}

/**
 * Who a requirement is addressed to, as the products' statements judged it (a catalog may address one requirement
 * to someone other than its framework's addressees); the framework's addressees when no product is in scope.
 */
function addresseesOf(c: ConformanceStatement, index: number): string[] {
  return c.products.find((p) => p.provisions.length > 0)?.provisions[index]?.addressees ?? c.addressees;
}

function coverageRow(c: ConformanceStatement, item: SystemProvision, index: number): TableCell[] {
  return [
    c.framework,
    c.title,
    c.version,
    scopeText(c),
    item.id,
    item.title,
    item.status,
    addresseesOf(c, index).join('; '),
    appliesText(item.applies),
    supportLabel(item.support),
    Object.entries(item.products)
      .map(([product, support]) => `${product}: ${supportLabel(support)}`)
      .join('; '),
    item.controls.join('; '),
  ];
}

/** Each framework's requirements over the system: supported only where every product in scope supports it. */
export function coverageTable(a: Assessment): Table {
  return {
    header: [
      'framework',
      'framework_title',
      'version',
      'scope',
      'requirement',
      'title',
      'status',
      'addressees',
      'applies',
      'support',
      'per_product',
      'controls',
    ],
    rows: a.conformance.flatMap((c) => c.provisions.map((item, i) => coverageRow(c, item, i))),
  };
}
