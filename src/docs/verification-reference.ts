/**
 * The check-to-control link is stored once, in each check's `meta.controls`. From it come the check table in
 * docs/verification.md (between its `checks:begin` and `checks:end` markers) and the `verification.checks` line of
 * every control in catalog/controls/*.yaml; `npm run docs` rewrites both and a test keeps them current. The evidence
 * takes the same list from the meta when an observation is made.
 */

import { getOrCreate } from '../util/maps.js';
import { checks, sbomChecks } from '../verify/checks/index.js';
import type { CheckMeta } from '../verify/types.js';

const BEGIN =
  '<!-- checks:begin — generated from each check’s meta by `npm run docs`; edit the check, not this table -->';
const END = '<!-- checks:end -->';
const LINE_MARK = '# generated from the checks’ meta by `npm run docs`';

const metas = (): CheckMeta[] => [...checks, ...sbomChecks].map((c) => c.meta);
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** EN 5.1-1 for EN 303 645 provisions, the id itself for other frameworks. */
const requirement = (id: string) => id.replace(/^etsi-en-303-645:/, 'EN ');

function intrusiveness(meta: CheckMeta): string {
  const optIn = meta.optIn ?? (meta.intrusiveness === 'intrusive' ? 'intrusive' : undefined);
  return optIn ? `${meta.intrusiveness} (allow: ${optIn})` : meta.intrusiveness;
}

/** The check table: one row per check, in registry order. */
export function checkTable(): string {
  const rows = metas().map((m) =>
    [
      `**${m.id}**`,
      cell(`${m.title}. ${m.description}`),
      cell(m.passes),
      intrusiveness(m),
      m.controls.join(', '),
      m.requirements.map(requirement).join(', '),
      cell(m.equivalent ?? ''),
    ].join(' | '),
  );
  return [
    '| check | what it does, PASS and FAIL | a PASS needs | intrusiveness | controls evidenced | requirements | same as |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

/** docs/verification.md with its check table regenerated. */
export function withCheckTable(document: string): string {
  const begin = document.indexOf(BEGIN);
  const end = document.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`docs/verification.md lacks the markers ${BEGIN} … ${END}`);
  return `${document.slice(0, begin + BEGIN.length)}\n\n${checkTable()}\n\n${document.slice(end)}`;
}

/** Control id → the checks whose meta names it, in registry order. */
export function checksByControl(): Map<string, string[]> {
  const links = new Map<string, string[]>();
  for (const meta of metas()) {
    for (const control of meta.controls) getOrCreate(links, control, () => []).push(meta.id);
  }
  return links;
}

/**
 * A catalog controls file with each control's `verification.checks` line set to the checks that name the control
 * (added, replaced or removed). Only that line changes; comments and layout stay. A control that a check names must
 * already say how it is verified (a `verification:` block with `methods`).
 */
export function withCatalogChecks(yaml: string, file: string, links = checksByControl()): string {
  const lines = yaml.split('\n');
  const out: string[] = [];
  let control: string | undefined;
  let inVerification = false;
  const done = new Set<string>();
  const emit = (id: string) => {
    const ids = links.get(id);
    if (ids?.length) out.push(`      checks: [${ids.join(', ')}] ${LINE_MARK}`);
    done.add(id);
  };
  for (const line of lines) {
    const start = /^ {2}- id: (\S+)/.exec(line);
    if (start) {
      control = start[1];
      inVerification = false;
    } else if (/^ {4}verification:\s*$/.test(line)) inVerification = true;
    else if (/^ {4}\S/.test(line)) inVerification = false;
    if (inVerification && control && /^ {6}checks:/.test(line)) continue; // replaced below, after methods
    out.push(line);
    if (inVerification && control && /^ {6}methods:/.test(line)) emit(control);
  }
  const missing = [...links.keys()].filter(
    (id) => !done.has(id) && new RegExp(`^ {2}- id: ${id}\\s*$`, 'm').test(yaml),
  );
  if (missing.length > 0) {
    throw new Error(
      `${file}: ${missing.join(', ')} must say how they are verified (verification.methods) before checks can be listed`,
    );
  }
  return out.join('\n');
}
