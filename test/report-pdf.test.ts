/**
 * PDF, checked with poppler (Debian poppler-utils), not with the library that wrote it: it parses, its pages are A4
 * (portrait and landscape), it has the cover's provenance, a conformance statement per product with a known
 * provision, the statement of applicability, the system diagram drawn as vector graphics (text found, no image,
 * not blank when rendered), the privacy section, numbered pages, and hostile model text printed as plain text.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import PDFDocument from 'pdfkit';
import type { Assessment } from '../src/assess/assessment.js';
import { assess } from '../src/assess/pipeline.js';
import { modelSystemView } from '../src/assess/system-view.js';
import { loadCatalog } from '../src/catalog/load.js';
import { loadModelFile, loadModelText } from '../src/model/load.js';
import { bundledElk, diagramLayout } from '../src/report/diagram/elk.js';
import { layoutDiagram } from '../src/report/diagram/layout.js';
import { diagramSpec } from '../src/report/diagram/model.js';
import { renderer } from '../src/report/index.js';
import type { PdfContent } from '../src/report/pdf/blocks.js';
import { drawLines, NOT_SHOWN, operatorsAsText, pdfText, table, wrappedLines } from '../src/report/pdf/common.js';
import { pdfContent } from '../src/report/pdf/content.js';
import { diagramSceneOf, drawDiagram } from '../src/report/pdf/diagram.js';
import { BOLD, FONT } from '../src/report/pdf/fonts.js';
import { PDF_THREAD_MAX_ELEMENTS, pdfThreadPays, startPdfThread, wantsPdfThread } from '../src/report/pdf-thread.js';
import { RULES } from '../src/rules/index.js';
import { tempDir } from './fixtures/system.js';
import { generatedAssessment, generatedModelText } from './report-html-models.js';
import { assessFile, CAMERA } from './support/reports.js';

const HOSTILE = '<script>alert(1)</script> =HYPERLINK("x") (evil) \\) Tj';

async function writePdf(a: Assessment): Promise<string> {
  const [file] = await (await renderer('pdf'))!.render(a, { catalog: assessFile(CAMERA).catalog });
  assert.equal(file!.name, 'report.pdf');
  assert.ok(file!.content instanceof Uint8Array);
  const path = join(tempDir('iotassure-pdf-'), file!.name);
  writeFileSync(path, file!.content);
  return path;
}

const poppler = (tool: string, ...args: string[]) => execFileSync(tool, args, { maxBuffer: 1 << 28 }).toString();

/**
 * The share of coloured pixels on a page rendered by pdftoppm (binary PPM): the diagram's nodes, flows, badges and
 * outlines are coloured, text pages are black on white, so a blank or text-only page gives about 0.
 */
function colouredShare(path: string, page: number): number {
  const prefix = join(tempDir('iotassure-pdf-page-'), 'page');
  poppler('pdftoppm', '-f', String(page), '-l', String(page), '-r', '40', '-singlefile', path, prefix);
  const ppm = readFileSync(`${prefix}.ppm`);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'));
  assert.ok(header, 'an 8-bit PPM');
  const pixels = ppm.subarray(header[0].length);
  let coloured = 0;
  for (let i = 0; i + 2 < pixels.length; i += 3) {
    const [r, g, b] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 15) coloured++;
  }
  return coloured / (pixels.length / 3);
}

describe('pdf: the camera example read by poppler', () => {
  let a: Assessment;
  let path: string;
  let text: string;
  before(async () => {
    a = structuredClone(assessFile(CAMERA).assessment);
    a.model.name = HOSTILE;
    path = await writePdf(a);
    text = poppler('pdftotext', '-layout', path, '-');
  });

  it('parses, with A4 pages in both orientations and every page numbered', () => {
    const info = poppler('pdfinfo', '-f', '1', '-l', '9999', path);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
    assert.ok(pages > 10, `${pages} pages`);
    const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [
      Math.round(Number(m[1])),
      Math.round(Number(m[2])),
    ]);
    assert.equal(sizes.length, pages);
    for (const [w, h] of sizes) assert.ok((w === 595 && h === 842) || (w === 842 && h === 595), `A4: ${w} x ${h}`);
    assert.ok(
      sizes.some(([w]) => w === 842),
      'wide tables are on landscape pages',
    );
    assert.match(text, new RegExp(`page ${pages} of ${pages}`));
  });

  it('has the cover with provenance and a statement per product with a known provision', () => {
    assert.match(text, /Document control/);
    assert.ok(text.includes(a.provenance.modelSha256), 'the model SHA-256 on the cover');
    // a heading longer than the page is wide wraps
    const flat = text.replace(/\s+/g, ' ');
    for (const p of a.system.products) {
      assert.ok(
        flat.includes(`Implementation conformance statement: EU CRA Annex I Regulation (EU) 2024/2847 — ${p.name}`),
        p.name,
      );
    }
    assert.match(text, /Implementation conformance statement: ETSI EN 303 645 V3\.1\.3 — Vistacam C2 camera/);
    assert.match(text, /Implementation conformance statement: UK PSTI SI 2023\/1007 — Vistacam NVR-1 recorder/);
    assert.match(text, /5\.1-1\s+Once out of the factory state/);
    assert.match(text, /Statement of applicability/);
    assert.match(text, /password-credential-quality/);
  });

  it('has the system diagram as vector graphics on one page, with element names, flow labels and legend as text', () => {
    const pages = text.split('\f');
    const index = pages.findIndex((p) => p.trimStart().startsWith('System diagram'));
    assert.ok(index > 0, 'a page that starts with the diagram heading');
    const page = pages[index]!;
    for (const name of [
      'Indoor camera',
      'Local video recorder',
      'Recording store',
      'Vistacam app',
      'Footfall analytics',
    ]) {
      assert.ok(page.includes(name), `element ${name}`);
    }
    for (const zone of ['Shop network', 'Vistacam cloud (EU)', 'Staff and family phones'])
      assert.ok(page.includes(zone), zone);
    for (const label of [
      'http ⚠ cleartext',
      'Video recordings',
      'webrtc',
      'Live video and audio',
      'boundary shop-router',
    ]) {
      assert.ok(page.includes(label), `label ${label}`);
    }
    assert.match(page, /PD\s+carries personal data/);
    const n = String(index + 1);
    const size = /size:\s+([\d.]+) x ([\d.]+) pts \(A4\)/.exec(poppler('pdfinfo', '-f', n, '-l', n, path));
    assert.ok(size, 'an A4 page');
    // drawn, not pasted in: no image on the page
    assert.equal(poppler('pdfimages', '-list', '-f', n, '-l', n, path).trim().split('\n').length, 2, 'header only');
    const drawn = colouredShare(path, index + 1);
    assert.ok(drawn > 0.01, `${(drawn * 100).toFixed(1)} % of the diagram page is coloured`);
    const summary = pages.findIndex((p) => p.trimStart().startsWith('Summary'));
    assert.ok(colouredShare(path, summary + 1) < 0.001, 'a text page is not');
  });

  it('has the privacy section with its four parts and a contents entry', () => {
    assert.match(text, /Privacy\s+\d+\n/);
    for (const part of ['Personal data inventory', 'Where personal data goes', 'Flows that carry personal data']) {
      assert.ok(text.includes(part), part);
    }
    assert.match(text, /Privacy threats \(LINDDUN\)/);
    assert.match(text, /Video recordings \(recordings\)\s+image, audio/);
    assert.match(text, /recorder-to-cloud\s+Local video recorder \(NVR\) → Vistacam cloud video service\s+recordings/);
  });

  it('keeps words whole in narrow columns', () => {
    const header = text.split('\n').find((l) => /^control\s+clause\s+title\s+statement/.test(l));
    assert.ok(header, 'the statement of applicability header on one line');
    assert.match(header, /\sapplies\s+status\s.*\sreviewer\s+mitigates\s*$/);
    assert.match(text, /\sdecommissioning\s/, 'the longest life-cycle stage');
  });

  it('prints hostile model text as text', () => {
    assert.ok(text.includes(HOSTILE), 'the hostile name, verbatim');
  });
});

describe('pdf: the diagram of a summarised model', () => {
  it('fits the diagram, legend and note on one page', async () => {
    const section = pdfContent(generatedAssessment(400, 10, 1)).sections.find((s) => 'diagram' in s);
    assert.ok(section && 'diagram' in section);
    assert.equal(section.diagram.spec.mode, 'zones');
    const scene = await diagramSceneOf(section.diagram.spec);
    const doc = new PDFDocument({
      size: 'A4',
      margin: 36,
      layout: scene.width >= scene.height ? 'landscape' : 'portrait',
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => doc.on('end', resolve));
    drawDiagram(doc, section.diagram, scene);
    doc.end();
    await ended;
    const path = join(tempDir('iotassure-pdf-'), 'diagram.pdf');
    writeFileSync(path, Buffer.concat(chunks));
    assert.match(poppler('pdfinfo', path), /^Pages:\s+1$/m);
    const text = poppler('pdftotext', path, '-');
    assert.match(text, /so the diagram is summarised/);
    assert.match(text, /Zone 3/, 'the zone frames are named');
    assert.ok(colouredShare(path, 1) > 0.01);
  });
});

describe('pdf: names in any script', () => {
  const NAMES = {
    organisation: 'Αισθητήρας',
    product: 'Камера К-2',
    element: 'Czujnik Łódź',
    system: 'Überwachung → Cloud',
  };
  let path: string;
  let text: string;
  before(async () => {
    const a = structuredClone(assessFile(CAMERA).assessment);
    const [camera] = a.system.elements;
    camera!.name = NAMES.element;
    a.system.products[0]!.name = NAMES.product;
    for (const o of a.system.organisations) o.name = NAMES.organisation;
    a.model.name = NAMES.system;
    path = await writePdf(a);
    text = poppler('pdftotext', '-layout', path, '-');
  });

  it('prints Cyrillic, Greek, Polish and arrows as written, as pdftotext reads them back', () => {
    for (const [what, name] of Object.entries(NAMES)) assert.ok(text.includes(name), `${what}: ${name}`);
    assert.ok(!text.includes('\uFFFD'), 'no character replaced');
  });

  it('embeds every font it uses, as a TrueType subset', () => {
    const rows = poppler('pdffonts', path).trim().split('\n').slice(2);
    assert.ok(rows.length > 0, 'fonts listed');
    for (const row of rows) {
      // name, type (two words), encoding, then the emb / sub / uni columns
      const [name, , , , emb, sub] = row.split(/\s+/);
      assert.match(name!, /^[A-Z]{6}\+DejaVuSans/, row);
      assert.match(row, /CID TrueType/, row);
      assert.equal(emb, 'yes', `embedded: ${row}`);
      assert.equal(sub, 'yes', `subset: ${row}`);
    }
  });
});

describe('pdf: text the fonts cannot show', () => {
  it('keeps what DejaVu Sans has, and marks controls, lone surrogates and missing glyphs with U+FFFD', () => {
    assert.equal(pdfText('a → b ⚠ ✓ ≥ € Ω Ж ł'), 'a → b ⚠ ✓ ≥ € Ω Ж ł');
    assert.equal(pdfText('café — “x”'), 'café — “x”');
    assert.equal(pdfText('温度\u0000\u0085\ud800!\r\nx\ty'), `${NOT_SHOWN.repeat(5)}! x y`);
    assert.equal(pdfText('x'.repeat(5000)).length, 1201);
    // bidirectional overrides and isolates would reorder the text wherever it is shown or copied
    assert.equal(
      pdfText('a\u202Efdp.exe\u202C \u2067b\u2069'),
      `a${NOT_SHOWN}fdp.exe${NOT_SHOWN} ${NOT_SHOWN}b${NOT_SHOWN}`,
    );
  });

  it('draws a CJK name as visible markers that pdftotext reads back as U+FFFD, not as nothing', async () => {
    const a = structuredClone(assessFile(CAMERA).assessment);
    a.model.name = 'Sensor 温度传感器 A';
    const text = poppler('pdftotext', await writePdf(a), '-');
    assert.ok(text.includes(`Sensor ${NOT_SHOWN.repeat(5)} A`), 'five markers in place of five characters');
  });
});

describe('pdf: a fleet', () => {
  it('lists the worst 1 000 risks, counts every risk per rule, and says where the complete register is', async () => {
    const a = generatedAssessment(1000);
    assert.ok(a.risks.length > 1000, `precondition: more risks than the table shows (${a.risks.length})`);
    const text = poppler('pdftotext', '-layout', await writePdf(a), '-');
    assert.match(text, new RegExp(`Showing the first 1,000 of ${a.risks.length.toLocaleString('en')} risks`));
    assert.match(text, /risk register, risks\.csv and the JSON report/);
    assert.ok(text.includes(`${a.risks.length.toLocaleString('en')} risks from ${a.rules.length} rules, by rule:`));
    // every rule's row gives its count of risks, and the counts add up to the register
    let counted = 0;
    for (const rule of a.rules) {
      const count = a.risks.filter((r) => r.rule === rule.id).length;
      const row = text.split('\n').find((line) => line.trimStart().startsWith(`${rule.id} `));
      assert.ok(row?.includes(` ${count} `), `${rule.id}: ${count} in "${row}"`);
      counted += count;
    }
    assert.equal(counted, a.risks.length);
    const worst = a.risks[0]!;
    assert.ok(text.includes(worst.message.slice(0, 30)), 'the worst risk is listed');
  });
});

describe('pdf: document information', () => {
  // a lone surrogate, C0 controls and escape, PDF string syntax, CJK the fonts lack, right-to-left marks and text
  const NAME = 'Cam\ud800 (x) \\) Tj\u0000\u0007\u001b 温度 \u200f\u202eשלום end';
  const ORGANISATION = 'Maker\udc00 \r\n(Ltd)';

  it('gives title, subject and author through the body text filter, as strings poppler reads without complaint', async () => {
    const a = structuredClone(assessFile(CAMERA).assessment);
    a.model.name = NAME;
    a.system.organisations[0]!.name = ORGANISATION;
    const path = await writePdf(a);
    const run = spawnSync('pdfinfo', ['-enc', 'UTF-8', path], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '', 'no syntax error or warning');
    const field = (name: string) => new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(run.stdout)?.[1];
    const shown = pdfText(NAME);
    assert.ok(shown.includes(NOT_SHOWN) && !/[\ud800-\udfff\p{Cc}]/u.test(shown), 'the filter replaces what it must');
    assert.equal(field('Title'), `${shown} - IoT security and privacy assessment`);
    assert.equal(
      field('Subject'),
      `ISO/IEC 27400:2022 IoT security and privacy assessment of ${shown}, as of ${a.date}`,
    );
    const author = field('Author');
    assert.ok(author?.startsWith(`${pdfText(ORGANISATION)}, `), `author: ${author}`);
    assert.ok(author?.includes(a.system.organisations[1]!.name), 'every organisation');
    assert.equal(field('Creator'), `iotassure ${a.tool.version}`);
    // what a viewer's title bar shows is what the cover prints
    const cover = poppler('pdftotext', '-f', '1', '-l', '1', path, '-');
    assert.ok(cover.includes('Cam\uFFFD (x) \\) Tj\uFFFD\uFFFD\uFFFD'), cover.slice(0, 200));
  });
});

describe('pdf: table text is black, on the shaded header too', () => {
  it('draws every row of a table, header included, in dark text', async () => {
    const doc = new PDFDocument({ size: 'A4', margin: 36, font: FONT, info: { CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => doc.on('end', resolve));
    const rows = Array.from({ length: 3 }, (_, i) => [`WWWWWWWW ${i}`, 'MMMMMMMM', 'HHHHHHHH']);
    table(doc, ['WWWWWWWW', 'MMMMMMMM', 'HHHHHHHH'], [1, 1, 1], rows);
    doc.end();
    await ended;
    const path = join(tempDir('iotassure-pdf-table-'), 'table.pdf');
    writeFileSync(path, Buffer.concat(chunks));
    // one pixel per point: rows are 12 px high from the margin at 36 px
    const prefix = join(tempDir('iotassure-pdf-table-page-'), 'page');
    poppler('pdftoppm', '-r', '72', '-gray', '-singlefile', path, prefix);
    const pgm = readFileSync(`${prefix}.pgm`);
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
    assert.ok(header, 'an 8-bit PGM');
    const width = Number(header[1]);
    const pixels = pgm.subarray(header[0].length);
    const darkest = (top: number, bottom: number) => {
      let min = 255;
      for (let y = top; y < bottom; y++) {
        for (let x = 36; x < width - 36; x++) min = Math.min(min, pixels[y * width + x]!);
      }
      return min;
    };
    // the header and three rows, 12 px each, and nothing under them
    for (const top of [36, 48, 60, 72]) assert.ok(darkest(top, top + 12) < 80, `dark text in the row at ${top} px`);
    assert.equal(darkest(84, 96), 255, 'white under the table');
  });
});

describe('pdf: drawing operators kept as text until a page is written', () => {
  /** A document of several pages in both orientations, revisited after they are made, as the report's footers are. */
  async function document(keepAsText: boolean): Promise<Buffer> {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 36,
      font: FONT,
      bufferPages: true,
      info: { CreationDate: new Date(0) },
    });
    if (keepAsText) operatorsAsText(doc);
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => doc.on('end', resolve));
    doc.font(BOLD).fontSize(22).text('Cover: Überwachung → Cloud', 36, 120);
    for (const layout of ['landscape', 'portrait'] as const) {
      doc.addPage({ size: 'A4', layout, margin: 36 });
      doc.rect(40, 40, 200, 30).dash(3, { space: 2 }).fillOpacity(0.5).fillAndStroke('#e8ecf2', '#445566').undash();
      table(
        doc,
        ['risk', 'where', 'detail'],
        [2, 3, 6],
        [
          ['Камера К-2', 'site-1 (fleet.yaml:12:3)', 'Unencrypted communication crosses a trust boundary'.repeat(3)],
          ['Αισθητήρας', 42, 'Czujnik Łódź'],
        ],
      );
    }
    const { count } = doc.bufferedPageRange();
    for (let i = 0; i < count; i++) {
      doc.switchToPage(i);
      doc.fontSize(7).text(`page ${i + 1} of ${count}`, 36, doc.page.height - 60, { lineBreak: false });
    }
    doc.end();
    await ended;
    return Buffer.concat(chunks);
  }

  it('makes the same bytes as pdfkit writing each operator as it comes', async () => {
    const [asText, byPdfkit] = [await document(true), await document(false)];
    assert.ok(byPdfkit.length > 5000, `${byPdfkit.length} bytes`);
    assert.ok(asText.equals(byPdfkit));
  });
});

describe('pdf: table cells drawn from their wrapped lines', () => {
  const TEXTS = [
    'critical',
    'Unencrypted communication crosses a trust boundary: telemetry from the gateway to the cloud platform',
    'https://example.com/a/very/long/path/without/any/spaces/that/must/break/somewhere/in/the/middle/of/it',
    `firm\u00ADware\u00ADup\u00ADdate\u00ADveri\u00ADfi\u00ADca\u00ADtion ${'sig\u00ADna\u00ADture '.repeat(6)}`,
    'two  spaces   between and trailing   ',
    '   ',
    'self-signed/unsigned-firmware-update-path-for-the-legacy-recorder',
    'Камера → Ελληνικά, Zürich; øre',
  ];
  const WIDTHS = [30, 61.5, 200];
  const CELL_SIZE = 6.5;

  /** One page per text, width and font, each text drawn at the same place by `draw`. */
  async function document(
    draw: (doc: PDFKit.PDFDocument, font: string, width: number, text: string, x: number, y: number) => void,
  ) {
    const doc = new PDFDocument({ size: 'A4', margin: 36, font: FONT, info: { CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => doc.on('end', resolve));
    for (const font of [FONT, BOLD]) {
      for (const width of WIDTHS) {
        for (const text of TEXTS) {
          doc.addPage().font(font).fontSize(CELL_SIZE);
          draw(doc, font, width, text, 40.25, 50.5);
          // again elsewhere: a line drawn before is repeated, not drawn anew
          draw(doc, font, width, text, 61.125, 320.75);
        }
      }
    }
    doc.end();
    await ended;
    return Buffer.concat(chunks);
  }

  it("makes the same pages as pdfkit's own wrapping text", async () => {
    const lineCounts = new Set<number>();
    const byPdfkit = await document((doc, _font, width, text, x, y) => doc.text(text, x, y, { width }));
    const fromLines = await document((doc, font, width, text, x, y) => {
      const lines = wrappedLines(doc, font, CELL_SIZE, width, text);
      assert.equal(lines.length, Math.round(doc.heightOfString(text, { width }) / doc.currentLineHeight(true)), text);
      lineCounts.add(lines.length);
      drawLines(doc, lines, x, y);
    });
    assert.ok(lineCounts.has(1) && Math.max(...lineCounts) > 5, `line counts ${[...lineCounts]}`);
    assert.ok(fromLines.equals(byPdfkit), 'the same document, byte for byte');
  });

  it('has pdfkit set a line once, and repeats what it drew', () => {
    const doc = new PDFDocument({ size: 'A4', margin: 36, font: FONT });
    doc.fontSize(CELL_SIZE);
    const lines = TEXTS.flatMap((text) => wrappedLines(doc, FONT, CELL_SIZE, 61.5, text));
    const fragments = doc as unknown as { _fragment: (...args: unknown[]) => void };
    const fragment = fragments._fragment;
    let set = 0;
    fragments._fragment = (...args) => {
      set++;
      fragment.apply(doc, args);
    };
    drawLines(doc, lines, 40.25, 50.5);
    const first = set;
    drawLines(doc, lines, 61.125, 320.75);
    doc.addPage().fontSize(CELL_SIZE);
    drawLines(doc, lines, 40.25, 50.5);
    assert.ok(first > 20, `${first} lines set`);
    assert.equal(set, first, 'no line set again');
  });
});

describe('pdf: on a thread of its own', () => {
  it('is the same document as the main thread makes', async () => {
    const { assessment, catalog } = assessFile(CAMERA);
    const [onMain] = await (await renderer('pdf'))!.render(assessment, { catalog });
    const [onThread] = await startPdfThread().render(pdfContent(assessment, { catalog }))();
    assert.equal(onThread!.name, 'report.pdf');
    assert.ok(onThread!.content instanceof Uint8Array);
    assert.ok(Buffer.from(onThread!.content).equals(Buffer.from(onMain!.content as Uint8Array)));
  });

  it('starts wherever the process has moved to since it started (run from the sources, as the fuzzer does)', async () => {
    const { assessment, catalog } = assessFile(CAMERA);
    const before = process.cwd();
    process.chdir(tempDir('iotassure-pdf-cwd-')); // no node_modules here, so no `tsx` to find from it
    try {
      const [file] = await startPdfThread().render(pdfContent(assessment, { catalog }))();
      assert.ok(file!.content instanceof Uint8Array && file!.content.length > 0);
    } finally {
      process.chdir(before);
    }
  });

  it("reports the thread's error, with its stack, when it is collected", async () => {
    // a table without its parts: what a bug in the content would send
    const broken = { title: 'x', page: 'portrait', blocks: [{ table: {} }] };
    const content = { ...pdfContent(assessFile(CAMERA).assessment), sections: [broken] } as unknown as PdfContent;
    const collect = startPdfThread().render(content);
    await new Promise((resolve) => setTimeout(resolve, 50)); // a failure while the caller is busy is not lost
    await assert.rejects(collect(), (error: Error) => {
      assert.match(error.message, /Cannot read properties of undefined/);
      assert.match(error.stack ?? '', /pdf\.ts/, 'the stack of the thread, where it failed');
      return true;
    });
  });

  it('says it was stopped when it is collected after being stopped, and does not wait for an assessment', async () => {
    const thread = startPdfThread();
    thread.stop();
    await assert.rejects(thread.render(pdfContent(assessFile(CAMERA).assessment))(), /the PDF thread stopped/);
  });

  it('is wanted for the PDF beside other formats only', () => {
    assert.equal(wantsPdfThread(['json', 'pdf']), true);
    assert.equal(wantsPdfThread(['pdf']), false);
    assert.equal(wantsPdfThread(['json', 'html']), false);
  });

  it('is used up to a stated fleet size, beyond which it costs memory and saves no time', () => {
    assert.equal(pdfThreadPays(PDF_THREAD_MAX_ELEMENTS), true);
    assert.equal(pdfThreadPays(PDF_THREAD_MAX_ELEMENTS + 1), false);
  });
});

describe('pdf: the diagram laid out on the thread while the assessment is made', () => {
  const MODELS = [
    ...readdirSync('examples').map((name) => loadModelFile(`examples/${name}/system.yaml`)),
    loadModelText('generated.yaml', generatedModelText(400)),
  ];

  it('draws the system as the assessment will hold it, from the model before it is assessed', () => {
    for (const model of MODELS) {
      const { system } = assess(model, loadCatalog(model.catalogs), RULES, { date: '2026-11-27' });
      assert.deepEqual(modelSystemView(model), system, model.file);
    }
  });

  it('gives the layout made here, and the same PDF and HTML as without it', async () => {
    const { assessment, catalog } = assessFile(CAMERA);
    const thread = startPdfThread();
    const layout = thread.layOut(diagramSpec(modelSystemView(loadModelFile(CAMERA))));
    const fromThread = await thread.render(pdfContent(assessment, { catalog }))();
    assert.deepEqual(await layout, await layoutDiagram(diagramSpec(assessment.system), bundledElk()));
    const [alone] = await (await renderer('pdf'))!.render(assessment, { catalog });
    assert.ok(Buffer.from(fromThread[0]!.content as Uint8Array).equals(Buffer.from(alone!.content as Uint8Array)));
    const html = await (await renderer('html'))!.render(assessment, { catalog });
    const withLayout = await (await renderer('html'))!.render(assessment, { catalog, diagramLayout: layout });
    assert.equal(withLayout[0]!.content, html[0]!.content);
  });

  it('leaves the layout to the caller when the thread could not make it', async () => {
    const thread = startPdfThread();
    thread.stop();
    assert.equal(await thread.layOut(diagramSpec(modelSystemView(loadModelFile(CAMERA)))), undefined);
    const spec = diagramSpec(assessFile(CAMERA).assessment.system);
    assert.deepEqual(await diagramLayout(spec, Promise.resolve(undefined)), await layoutDiagram(spec, bundledElk()));
  });
});
