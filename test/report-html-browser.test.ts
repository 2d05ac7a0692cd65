/**
 * The HTML report in a real browser (Debian's Chromium through playwright-core): it opens from a file:// URL with
 * no console errors and no requests, the diagram shows every element, the tables hold the right rows, sorting and
 * filtering work, the print view hides the controls, and a 10 000-element report opens. Screenshots of the summary
 * and the diagrams are taken too; to look at them, name a folder in IOTASSURE_SCREENSHOTS (otherwise they stay in
 * the test's temporary folder, like everything else a test writes).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it, type TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import type { Assessment } from '../src/assess/assessment.js';
import { assess } from '../src/assess/pipeline.js';
import { loadCatalog } from '../src/catalog/load.js';
import { loadModelFile, loadModelText } from '../src/model/load.js';
import { renderHtml } from '../src/report/html.js';
import { MAX_TABLE_ROWS } from '../src/report/text.js';
import { RULES } from '../src/rules/index.js';
import { tempDir } from './fixtures/system.js';
import { generatedAssessment, THIRTY_ELEMENT_MODEL } from './report-html-models.js';
import { launchBrowser as launch } from './support/browser.js';

const DATE = '2026-01-01';
const catalog = loadCatalog();
const dir = tempDir('iotassure-html-');
const SCREENSHOTS = process.env.IOTASSURE_SCREENSHOTS || join(dir, 'screenshots');

before(() => {
  mkdirSync(SCREENSHOTS, { recursive: true });
});

interface Opened {
  page: Page;
  problems: string[];
}

/** Writes the report, opens it from disk and records console errors, page errors and every non-file request. */
async function open(t: TestContext, a: Assessment, name: string, timeout = 30_000): Promise<Opened | undefined> {
  const b = await launch(t);
  if (!b) return undefined;
  const file = join(dir, `${name}.html`);
  writeFileSync(file, await renderHtml(a));
  const page = await b.newPage({ viewport: { width: 1400, height: 1000 } });
  t.after(() => page.close());
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`);
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout });
  return { page, problems };
}

const rows = (page: Page, table: string) => page.locator(`#${table} tbody tr:not([hidden])`).count();

describe('HTML report in Chromium: the camera example', () => {
  const a = assess(loadModelFile('examples/monitoring-camera/system.yaml'), catalog, RULES, { date: DATE });

  it('opens without errors or requests, shows every element and the right rows', async (t) => {
    const opened = await open(t, a, 'camera');
    if (!opened) return;
    const { page, problems } = opened;
    const ids = await page
      .locator('svg.system-diagram [data-element-id]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-element-id')));
    assert.deepEqual(ids.sort(), a.system.elements.map((e) => e.id).sort());
    for (const id of ids) assert.ok(await page.locator(`[data-element-id="${id}"]`).isVisible(), `${id} is visible`);
    assert.equal(await rows(page, 'risk-register'), a.risks.length);
    assert.equal(await rows(page, 'soa'), a.controls.length);
    assert.equal(await rows(page, 'action-plan'), a.gaps.length);
    assert.equal(await rows(page, 'flows-table'), a.system.flows.length);
    await page.locator('#summary').screenshot({ path: join(SCREENSHOTS, 'camera-summary.png') });
    await page.locator('figure.diagram').screenshot({ path: join(SCREENSHOTS, 'camera-diagram.png') });
    await page.locator('#heatmap').screenshot({ path: join(SCREENSHOTS, 'camera-heatmap.png') });
    assert.deepEqual(problems, []);
  });

  it('sorts a column and filters by text and by drop-down', async (t) => {
    const opened = await open(t, a, 'camera-interactive');
    if (!opened) return;
    const { page, problems } = opened;
    const header = page.locator('#soa thead th', { hasText: 'mitigates' });
    const values = () =>
      page.locator('#soa tbody tr td:last-child').evaluateAll((cells) => cells.map((c) => Number(c.textContent)));
    await header.locator('button').click();
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    const up = await values();
    assert.deepEqual(
      up,
      [...up].sort((x, y) => x - y),
    );
    await header.locator('button').click();
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    const down = await values();
    assert.deepEqual(
      down,
      [...down].sort((x, y) => y - x),
    );
    assert.ok(down[0]! > down.at(-1)!, 'the column has different values');

    await page.fill('#soa-filter', 'password-credential-quality');
    const matching = a.controls.filter((c) => JSON.stringify(c).includes('password-credential-quality')).length;
    assert.ok((await rows(page, 'soa')) >= 1);
    assert.ok((await rows(page, 'soa')) <= matching);
    await page.fill('#soa-filter', '');
    assert.equal(await rows(page, 'soa'), a.controls.length);

    const select = page.locator('.table-tools label', { hasText: 'applies' }).locator('select[aria-controls="soa"]');
    await select.selectOption('no');
    assert.equal(await rows(page, 'soa'), a.controls.filter((c) => !c.applies).length);
    assert.match(
      (await page
        .locator('.table-tools output')
        .nth(await toolIndex(page, 'soa'))
        .textContent()) ?? '',
      /of 1?\d+ rows/,
    );
    await select.selectOption('');

    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.table-tools').first().isVisible(), false, 'filters are hidden in print');
    assert.equal(await page.locator('nav.toc').isVisible(), false);
    assert.ok(await page.locator('figure.diagram svg').isVisible());
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(SCREENSHOTS, 'camera-report.pdf'), pdf);
    assert.ok(pdf.length > 10_000);
    assert.deepEqual(problems, []);
  });
});

async function toolIndex(page: Page, table: string): Promise<number> {
  return page
    .locator('.table-tools')
    .evaluateAll((tools, id) => tools.findIndex((t) => t.querySelector(`[aria-controls="${id}"]`)), table);
}

describe('HTML report in Chromium: larger models', () => {
  it('draws all 30 elements of a 30-element model', async (t) => {
    const a = assess(loadModelText('thirty.yaml', THIRTY_ELEMENT_MODEL), catalog, RULES, { date: DATE });
    const opened = await open(t, a, 'thirty');
    if (!opened) return;
    const { page, problems } = opened;
    assert.equal(await page.locator('svg.system-diagram [data-element-id]').count(), 30);
    await page.locator('figure.diagram').screenshot({ path: join(SCREENSHOTS, 'thirty-diagram.png') });
    assert.deepEqual(problems, []);
  });

  it('opens the report of a 10 000-element model with the summarised diagram', { timeout: 180_000 }, async (t) => {
    const a = generatedAssessment(10_000);
    const opened = await open(t, a, 'large', 120_000);
    if (!opened) return;
    const { page, problems } = opened;
    assert.equal(await page.locator('svg.system-diagram').getAttribute('data-mode'), 'zones');
    assert.equal(await rows(page, 'risk-register'), MAX_TABLE_ROWS);
    await page.locator('#risk-register thead th', { hasText: 'residual' }).locator('button').click();
    await page.fill('#risk-register-filter', 'el-1');
    assert.ok((await rows(page, 'risk-register')) < MAX_TABLE_ROWS);
    await page.locator('figure.diagram').screenshot({ path: join(SCREENSHOTS, 'large-diagram.png') });
    assert.deepEqual(problems, []);
  });
});
