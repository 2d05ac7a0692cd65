import type { Assessment } from '../../assess/assessment.js';
import type { Observation } from '../../assess/context.js';
import { DEFAULT_MATRIX, levelRank } from '../../assess/matrix.js';
import { assess } from '../../assess/pipeline.js';
import { modelSystemView } from '../../assess/system-view.js';
import type { Catalog } from '../../catalog/catalog.js';
import type { SystemModel } from '../../model/types.js';
import { STAKEHOLDERS, type Stakeholder } from '../../model/vocabulary.js';
import { MODES, writeFileSet } from '../../output/write.js';
import type { Layout } from '../../report/diagram/layout.js';
import { diagramSpec } from '../../report/diagram/model.js';
import { FORMATS, renderer } from '../../report/index.js';
import { type PdfThread, pdfThreadPays, startPdfThread, wantsPdfThread } from '../../report/pdf-thread.js';
import type { RenderContext, RenderedFile } from '../../report/renderer.js';
import { terminalSummary } from '../../report/terminal.js';
import { drain, isBinary } from '../../report/write.js';
import { inputError } from '../../util/diagnostics.js';
import { collectBetweenPhases } from '../../util/heap.js';
import { closest } from '../../util/suggest.js';
import {
  COMMON_OPTIONS,
  type CommandIO,
  type CommandSpec,
  choice,
  dateOption,
  flag,
  matchWord,
  oneOf,
  type ParsedArgs,
  string,
  strings,
  UsageError,
} from '../command.js';
import { reportFindings } from '../findings.js';
import { modelProvenance } from '../provenance.js';
import { loadWorkspace } from '../workspace.js';
import { readObservations } from './evidence-file.js';

export const assessCommand: CommandSpec = {
  usage: 'MODEL [--format FORMATS] [--out DIR] [--fail-on LEVEL]',
  description:
    'Without --out, one --format is written to standard output (or a summary is printed when no format is given). ' +
    'With --out, every requested format is written to the folder and a summary is printed.',
  positionals: [1, 1],
  options: {
    format: {
      type: 'string',
      short: 'f',
      value: 'FORMATS',
      description: `comma-separated: ${FORMATS.join(', ')} or all`,
    },
    out: { type: 'string', short: 'o', value: 'DIR', description: 'write the reports into this folder' },
    stakeholder: { type: 'string', value: 'ROLE', description: 'only controls owed by developer, provider or user' },
    stage: {
      type: 'string',
      value: 'STAGE',
      description: "only controls owed at this stage (of the model's stage set)",
    },
    'fail-on': {
      type: 'string',
      value: 'LEVEL',
      description: 'exit 1 when an unaccepted risk has this residual level or higher',
    },
    catalog: COMMON_OPTIONS.catalog,
    rules: COMMON_OPTIONS.rules,
    'allow-path': COMMON_OPTIONS['allow-path'],
    force: COMMON_OPTIONS.force,
    evidence: {
      type: 'string',
      multiple: true,
      value: 'FILE',
      description: 'results of `iotassure verify` to use as evidence',
    },
    date: COMMON_OPTIONS.date,
    strict: COMMON_OPTIONS.strict,
    quiet: { type: 'boolean', short: 'q', description: 'print nothing but errors' },
  },
  examples: [
    { command: 'iotassure assess system.yaml', description: 'print a summary of the assessment' },
    {
      command: 'iotassure assess system.yaml --format all --out out/',
      description: 'write every report format to out/',
    },
    {
      command: 'iotassure assess system.yaml --format json > assessment.json',
      description: 'the JSON on standard output',
    },
    {
      command: 'iotassure assess system.yaml --fail-on high',
      description: 'in CI: fail while a high or critical risk is open',
    },
    {
      command: 'iotassure assess system.yaml --stakeholder user --format md',
      description: 'what the IoT user owes, as Markdown',
    },
  ],
  async run(args, io) {
    const formats = parseFormats(args);
    const out = string(args, 'out');
    if (!out && formats.length > 1) throw new UsageError('several formats need --out DIR');
    const progress = progressReporter(io, flag(args, 'quiet'));
    const pdfThread = out && wantsPdfThread(formats) ? startPdfThread() : undefined;
    try {
      return await assessAndReport(args, io, { formats, out, progress, pdfThread });
    } finally {
      pdfThread?.stop();
    }
  },
};

interface ReportRequest {
  formats: string[];
  out: string | undefined;
  progress: (step: string) => void;
  /** started before assessing, when the PDF is rendered on a thread beside other formats */
  pdfThread: PdfThread | undefined;
}

async function assessAndReport(args: ParsedArgs, io: CommandIO, request: ReportRequest): Promise<number> {
  const { formats, out, progress } = request;
  let pdfThread: PdfThread | undefined;
  let diagramLayout: Promise<Layout | undefined> | undefined;
  const loaded = (model: SystemModel) => {
    if (!request.pdfThread) return;
    // a fleet too large for the thread to pay has its PDF made here: the thread and its memory go now
    if (!pdfThreadPays(model.elements.length)) return request.pdfThread.stop();
    pdfThread = request.pdfThread;
    // the thread lays out the system diagram while this thread assesses: for the PDF, and for the HTML here
    diagramLayout = pdfThread.layOut(diagramSpec(modelSystemView(model)));
  };
  const { assessment, catalog } = runAssessmentWithCatalog(args, { progress, loaded });
  const context: RenderContext = { catalog, ...(diagramLayout && { diagramLayout }) };
  const failOn = failLevel(args, assessment);
  if (out) {
    // all formats or none: a renderer or a write that fails leaves the previous reports in place
    const written = await writeFileSet(out, { mode: MODES.report, force: flag(args, 'force') }, async (add) => {
      const plan = await renderPlan(formats, assessment, context, pdfThread);
      for (const { format, render } of plan) {
        // A large model's formats each start on a heap without what assessing or the format before it left: at
        // 100 000 elements, `--format all` peaked at 2.8 GB without and 1.9 GB with, and `--format json` at 1.65 GB
        // without and 1.44 GB with, in the same time (docs/performance.md, 2026-12-05, morning)
        collectBetweenPhases();
        for (const file of await render()) add(file.name, file.content);
        progress(`wrote ${format}`);
      }
    });
    if (!flag(args, 'quiet')) {
      io.stdout(terminalSummary(assessment, { colour: io.tty }));
      io.stdout(`\nWrote ${written.join(', ')}\n`);
    }
  } else if (formats.length === 1) {
    const files = await (await renderer(formats[0]!))!.render(assessment, context);
    if (files.length > 1) {
      throw new UsageError(
        `--format ${formats[0]} writes ${files.length} files (${files.map((f) => f.name).join(', ')}); give --out DIR`,
      );
    }
    if (files.some((f) => isBinary(f.content))) {
      throw new UsageError(`--format ${formats[0]} writes a binary file; give --out DIR`);
    }
    for (const file of files) drain(file.content, (text) => typeof text === 'string' && io.stdout(text));
  } else if (!flag(args, 'quiet')) {
    io.stdout(terminalSummary(assessment, { colour: io.tty }));
  }
  if (!flag(args, 'quiet')) reportFindings(io, assessment.findings);
  if (flag(args, 'strict') && assessment.findings.length > 0) return 2;
  return failOn === undefined ? 0 : exceeds(assessment, failOn) ? 1 : 0;
}

/**
 * The formats in the order they are rendered. With other formats beside it, the PDF is rendered on its own thread,
 * started before assessing and collected last, while the main thread writes the others (./report/pdf-thread.ts).
 */
async function renderPlan(
  formats: readonly string[],
  assessment: Assessment,
  context: RenderContext,
  pdfThread: PdfThread | undefined,
): Promise<{ format: string; render: () => Promise<RenderedFile[]> }[]> {
  // what the PDF says is worked out here and sent: the thread typesets it while this thread writes the others
  const content = pdfThread && (await import('../../report/pdf/content.js')).pdfContent(assessment, context);
  const pdf = pdfThread && content ? [{ format: 'pdf', render: pdfThread.render(content) }] : [];
  // the assessment file made before OSCAL: its digest, which OSCAL's document UUID is made from, is taken as it passes
  const json = formats.indexOf('json');
  const formatContext = json >= 0 && formats.indexOf('oscal') > json ? { ...context, shared: {} } : context;
  return [
    ...formats
      .filter((format) => !pdfThread || format !== 'pdf')
      .map((format) => ({ format, render: async () => (await renderer(format))!.render(assessment, formatContext) })),
    ...pdf,
  ];
}

export function runAssessment(args: ParsedArgs): Assessment {
  return runAssessmentWithCatalog(args).assessment;
}

/**
 * Progress on long work: on a terminal, one line per step on standard error with the time it took; silent
 * otherwise, so piped output and CI logs stay clean.
 */
export function progressReporter(io: CommandIO, quiet: boolean): (step: string) => void {
  if (!io.tty || quiet) return () => {};
  let last = performance.now();
  return (step) => {
    const now = performance.now();
    io.stderr(`  ${step} (${((now - last) / 1000).toFixed(1)} s)\n`);
    last = now;
  };
}

/** The assessment, and the model and catalog it was made from (renderers such as OSCAL describe the catalog too). */
export function runAssessmentWithCatalog(
  args: ParsedArgs,
  hooks: {
    /** told of each step done (progressReporter) */
    progress?: (step: string) => void;
    /** given the model once it is read, before it is assessed */
    loaded?: (model: SystemModel) => void;
  } = {},
): { assessment: Assessment; catalog: Catalog; model: SystemModel } {
  const { progress = () => {}, loaded = () => {} } = hooks;
  const stakeholder = choice(args, 'stakeholder', Object.keys(STAKEHOLDERS) as Stakeholder[]);
  const date = dateOption(args);
  const { model, catalog, rules } = loadWorkspace(args.positionals[0]!, {
    catalogs: strings(args, 'catalog'),
    rules: strings(args, 'rules'),
    allowPaths: strings(args, 'allow-path'),
  });
  progress(
    `loaded ${model.file}: ${model.elements.length} elements, ${model.flows.length} flows; ${catalog.controls.size} controls`,
  );
  loaded(model);
  const observations: Observation[] = strings(args, 'evidence').flatMap(readObservations);
  const assessment = assess(model, catalog, rules, {
    date,
    stakeholder,
    stage: string(args, 'stage'),
    observations,
    ...modelProvenance(model.file),
  });
  progress(`assessed: ${assessment.risks.length} risks, ${assessment.gaps.length} gaps`);
  const stage = string(args, 'stage');
  if (stage !== undefined && !assessment.model.stages.includes(stage)) {
    throw inputError(
      model.file,
      `--stage ${stage} is not among the model's stages (${assessment.model.stages.join(', ')})`,
    );
  }
  return { assessment, catalog, model };
}

function parseFormats(args: ParsedArgs): string[] {
  const value = string(args, 'format');
  if (value === undefined) return [];
  const requested = value
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
    .flatMap((f) => {
      if (matchWord(f, ['all']) === 'all') return FORMATS;
      const format = matchWord(f, FORMATS);
      if (format === undefined) {
        const suggestion = closest(f, FORMATS);
        throw new UsageError(
          `unknown format "${f}"; ${suggestion ? `did you mean ${suggestion}? ` : ''}formats: ${FORMATS.join(', ')}, all`,
        );
      }
      return [format];
    });
  return [...new Set(requested)];
}

function failLevel(args: ParsedArgs, assessment: Assessment): string | undefined {
  const level = string(args, 'fail-on');
  return level === undefined ? undefined : oneOf('fail-on', level, assessment.riskMatrix.levels, 'a risk level');
}

/** True when a risk nobody accepted, transferred or avoided has a residual level at or above `level`. */
export function exceeds(assessment: Assessment, level: string): boolean {
  const matrix = assessment.riskMatrix ?? DEFAULT_MATRIX;
  const threshold = levelRank(matrix, level);
  return assessment.risks.some(
    (r) => (r.status === 'open' || r.status === 'mitigated') && levelRank(matrix, r.residual.level) >= threshold,
  );
}
