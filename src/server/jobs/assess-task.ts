/**
 * The work the server hands to its worker thread: checking a model text as `iotassure validate` does, and
 * assessing it as `iotassure assess --format json` does. Pure over the text; the same loader, catalog, rules and
 * pipeline as the command line.
 */
import type { Assessment } from '../../assess/assessment.js';
import { assess } from '../../assess/pipeline.js';
import { checkModelReferences } from '../../assess/references.js';
import { loadCatalog } from '../../catalog/load.js';
import { loadModelText } from '../../model/load.js';
import type { SystemModel } from '../../model/types.js';
import { assessmentJsonChunks } from '../../report/json.js';
import { RULES } from '../../rules/index.js';
import { type Diagnostic, InputError } from '../../util/diagnostics.js';

export type CheckResult =
  | { ok: true; id?: string; name: string; elements: number }
  | { ok: false; diagnostics: Diagnostic[] };

export type AssessResult = { ok: true; json: string; digest: AssessmentDigest } | { ok: false; error: string };

/** What lists, the portfolio and trends need from an assessment, without reading the whole JSON. */
export interface AssessmentDigest {
  name: string;
  date: string;
  levels: string[];
  summary: Assessment['summary'];
  coverage: { framework: string; title: string; applicable: number; supported: number; partial: number }[];
  /** controls past their due date and not done */
  overdue: number;
  /** evidence that has expired or expires within 30 days */
  expiringEvidence: number;
}

/**
 * A model on the server must not name files on the server: extra catalogs and rules files are paths relative to the
 * model file, which on the server would read the server's disk.
 */
function serverModel(file: string, text: string): SystemModel {
  const model = loadModelText(file, text);
  for (const key of ['catalogs', 'rules'] as const) {
    if (model[key].length === 0) continue;
    throw new InputError([
      {
        severity: 'error',
        file,
        position: model.locate([key], { key: true }),
        path: key,
        message: `${key === 'rules' ? 'rules files' : 'extra catalogs'} are not read by the workspace server (they would be files on the server)`,
        hint: `remove \`${key}\` for the workspace, or assess this model with the command line`,
      },
    ]);
  }
  return model;
}

/**
 * The model of the text checked last: storing a revision checks its text, and the assessment that follows (on this
 * process's thread, most of the time) is of the same text, so it need not be loaded twice. One model, dropped when
 * used or when another text is checked.
 */
let lastChecked: { file: string; text: string; model: SystemModel } | undefined;

export function checkModel(file: string, text: string): CheckResult {
  lastChecked = undefined;
  try {
    const model = serverModel(file, text);
    checkModelReferences(model, loadCatalog(), RULES);
    lastChecked = { file, text, model };
    return { ok: true, id: model.system.id, name: model.system.name, elements: model.elements.length };
  } catch (error) {
    if (error instanceof InputError) return { ok: false, diagnostics: error.diagnostics };
    throw error;
  }
}

export function assessModel(file: string, text: string): AssessResult {
  const checked = lastChecked?.file === file && lastChecked.text === text ? lastChecked.model : undefined;
  lastChecked = undefined;
  try {
    const assessment = assess(checked ?? serverModel(file, text), loadCatalog(), RULES);
    return { ok: true, json: [...assessmentJsonChunks(assessment)].join(''), digest: digest(assessment) };
  } catch (error) {
    if (error instanceof InputError) return { ok: false, error: error.message };
    throw error;
  }
}

const DONE = new Set(['implemented', 'verified', 'not-applicable']);

function digest(a: Assessment): AssessmentDigest {
  const soon = new Date(Date.parse(a.date) + 30 * 86_400_000).toISOString().slice(0, 10);
  const evidence = new Map(a.controls.flatMap((c) => c.evidence.map((e) => [e.id, e] as const)));
  return {
    name: a.model.name,
    date: a.date,
    levels: a.riskMatrix.levels,
    summary: a.summary,
    coverage: a.conformance.map((c) => ({
      framework: c.framework,
      title: c.shortTitle,
      applicable: c.summary.applicable,
      supported: c.summary.supported,
      partial: c.summary.partial,
    })),
    overdue: a.controls.filter(
      (c) => c.applies === true && c.due !== undefined && c.due < a.date && !DONE.has(c.status),
    ).length,
    expiringEvidence: [...evidence.values()].filter((e) => e.expired || (e.expires !== undefined && e.expires <= soon))
      .length,
  };
}
