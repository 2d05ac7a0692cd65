/**
 * The diagram and privacy tabs in Debian's Chromium against a real `iotassure serve` holding the camera example.
 * What they must show is read from the assessment the server sends (the model's ids and names), and the diagram is
 * compared with the HTML report's drawing of the same assessment: the same layout, drawn by the browser under the
 * server's CSP. Selecting an element or a flow lists its risks; axe-core finds nothing serious on either tab. A
 * generated 400-element system gets the reports' summary instead of every element.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Assessment } from '../../src/assess/assessment.js';
import { decodeAssessment } from '../../src/report/assessment-json.js';
import { diagramDescription } from '../../src/report/diagram/describe.js';
import { diagramSpec, SUMMARY_MAX_NODES } from '../../src/report/diagram/model.js';
import { diagramSection } from '../../src/report/html/diagram.js';
import { generatedModelText } from '../report-html-models.js';
import { ADMIN } from '../support/server.js';
import { accessibility, CAMERA, serveWith, signIn } from '../support/web.js';

/** A screenshot into IOTASSURE_SCREENSHOTS, when set, to look at the tabs. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.IOTASSURE_SCREENSHOTS;
  if (dir) await page.screenshot({ path: join(dir, `workspace-${name}.png`), fullPage: true });
}

const isElkWorker = (path: string) => /\/elk-worker\.min-[\w-]+\.js$/.test(path);

const sorted = (values: Iterable<string>) => [...values].sort();

/** The `data-…` attribute of every element matching `selector`, sorted. */
async function ids(page: Page, selector: string, attribute: string): Promise<string[]> {
  return sorted(
    await page.locator(selector).evaluateAll((els, a) => els.map((e) => e.getAttribute(a) ?? ''), attribute),
  );
}

/** The rectangle of each element's node in an SVG (markup from the report, or the page's), by element id. */
function nodeBoxes(svg: string): Map<string, string> {
  return new Map(
    [
      ...svg.matchAll(
        /<g class="node[^"]*" data-element-id="([^"]*)"[^>]*><title[^>]*>[^<]*<\/title><rect ([^>]*?)\/?>/g,
      ),
    ].map((m) => [m[1]!, m[2]!.match(/x="[^"]*" y="[^"]*" width="[^"]*" height="[^"]*"/)![0]]),
  );
}

test('the diagram and privacy tabs show the system of the camera example', async (t) => {
  // markup in an element's and a personal data asset's name must stay text on both tabs
  const hostile = '<img src=x onerror="window.__pwned=1">';
  const yaml = readFileSync(CAMERA, 'utf8')
    .replace('    name: Indoor camera\n', `    name: 'Indoor camera ${hostile}'\n`)
    .replace('    name: Live video and audio\n', `    name: 'Live video ${hostile}'\n`);
  assert.equal(yaml.split(hostile).length, 3);
  const started = await serveWith(t, 'camera', yaml);
  if (!started) return;
  const { b, server, call } = started;
  const page = await (await b.newContext()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // a CSP refusal is logged as a console error, so this also says the tabs keep to the server's policy
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text());
  });
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await signIn(page, server.url, ADMIN.email, ADMIN.password);
  await page.getByRole('link', { name: 'Vistacam shop monitoring' }).click();
  await page.getByRole('heading', { name: /Summary \(assessed/ }).waitFor({ timeout: 60_000 });
  const a = decodeAssessment((await call('GET', '/api/systems/camera/assessment')).json) as Assessment;
  const { system } = a;

  // The diagram: every element and flow of the model, as the reports draw them.
  assert.equal(requested.filter(isElkWorker).length, 0, 'the layout engine is not loaded before the diagram tab');
  await page.getByRole('link', { name: 'diagram', exact: true }).click();
  const svg = page.locator('svg.system-diagram');
  await svg.waitFor({ timeout: 30_000 });
  assert.equal(await svg.getAttribute('data-mode'), 'detailed');
  assert.deepEqual(await ids(page, 'g.node', 'data-element-id'), sorted(system.elements.map((e) => e.id)));
  for (const e of system.elements) {
    const title = await page.locator(`g.node[data-element-id="${e.id}"] > title`).textContent();
    assert.ok(title?.startsWith(`${e.name} (${e.id})`), title ?? e.id);
  }
  assert.deepEqual(await ids(page, 'g.flow', 'data-flow-id'), sorted(system.flows.map((f) => f.id)));
  for (const f of system.flows) {
    const label = await page.locator(`g.flow-label[data-flow-id="${f.id}"]`).textContent();
    assert.ok(label?.includes(f.protocol), `${f.id}: ${label}`);
  }
  const personal = system.flows.filter((f) => f.personalData).map((f) => f.id);
  const both = system.flows.filter((f) => f.bidirectional).map((f) => f.id);
  assert.ok(personal.length > 0 && both.length > 0, 'the example has personal-data and two-way flows');
  assert.deepEqual(await ids(page, 'g.flow-label.flow-personal', 'data-flow-id'), sorted(personal));
  assert.deepEqual(await ids(page, 'g.flow.flow-both', 'data-flow-id'), sorted(both));
  assert.equal(await page.locator('g.flow.flow-both').first().locator('polygon.arrowhead').count(), 2);
  const boundaries = (system.boundaries ?? []).map((x) => x.id);
  assert.ok(boundaries.length > 0);
  assert.deepEqual(await ids(page, 'g.boundary', 'data-boundary-id'), sorted(boundaries));
  const zones = new Set(await ids(page, 'g.zone', 'data-zone-id'));
  for (const e of system.elements) assert.ok(e.zone === undefined || zones.has(e.zone), `zone of ${e.id}`);

  assert.ok((await page.locator('g.node[data-element-id="indoor-camera"]').textContent())?.includes('<img'));
  // ELK ran in its web worker, fetched only for this tab
  assert.equal(requested.filter(isElkWorker).length, 1, requested.join(' '));

  // The words for screen readers, and the very layout of the HTML report.
  const desc = diagramDescription(a, diagramSpec(system));
  assert.equal(await page.locator('svg.system-diagram > desc').textContent(), desc);
  assert.equal(await page.locator('#diagram-text').textContent(), desc);
  const report = nodeBoxes(await diagramSection(a));
  const drawn = nodeBoxes(await svg.evaluate((el) => el.outerHTML));
  assert.equal(drawn.size, system.elements.length);
  assert.deepEqual(drawn, report);

  // Selecting: a click on an element, the keyboard on a flow's label, each lists the risks found there.
  const risksOn = (type: string, id: string) =>
    sorted(a.risks.filter((r) => r.subject.type === type && r.subject.id === id).map((r) => r.id));
  const element = a.risks.find((r) => r.subject.type === 'element')!.subject.id;
  await page.locator(`g.node[data-element-id="${element}"]`).click();
  await page.getByRole('heading', { name: `Risks on element ${element}` }).waitFor();
  assert.deepEqual(await ids(page, '.diagram-selection li[data-risk]', 'data-risk'), risksOn('element', element));
  const flow = a.risks.find((r) => r.subject.type === 'flow')!.subject.id;
  await page.locator(`g.flow-label[data-flow-id="${flow}"]`).focus();
  await page.getByRole('heading', { name: `Risks on flow ${flow}` }).waitFor();
  assert.deepEqual(await ids(page, '.diagram-selection li[data-risk]', 'data-risk'), risksOn('flow', flow));
  assert.ok(risksOn('flow', flow).length > 0);
  await shot(page, 'diagram');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate('document.activeElement.getAttribute("role")'), 'button');
  assert.deepEqual(await accessibility(page), []);

  // Privacy: the personal data, the flows carrying it, the LINDDUN threats and the privacy controls.
  await page.getByRole('link', { name: 'privacy', exact: true }).click();
  await page.locator('#pd-inventory').waitFor();
  const assets = system.dataAssets.filter((d) => d.personalData);
  assert.ok(assets.length > 0);
  assert.deepEqual(await ids(page, '#pd-inventory tr[data-asset]', 'data-asset'), sorted(assets.map((d) => d.id)));
  for (const d of assets) {
    const row = await page.locator(`#pd-inventory tr[data-asset="${d.id}"]`).textContent();
    for (const text of [d.name, ...d.personalData!.categories, ...d.purposes])
      assert.ok(row?.includes(text), `${d.id}: ${text}`);
  }
  assert.deepEqual(await ids(page, '#pd-flows tr[data-flow]', 'data-flow'), sorted(personal));
  const threats = a.risks.filter((r) => r.linddun.length > 0);
  assert.ok(threats.length > 0);
  assert.deepEqual(await ids(page, '#pd-linddun tr[data-risk]', 'data-risk'), sorted(threats.map((r) => r.id)));
  const controls = a.controls.filter((c) => c.family.startsWith('7.2') && c.applies !== false);
  assert.ok(controls.length > 0);
  assert.deepEqual(await ids(page, '#pd-controls tr[data-control]', 'data-control'), sorted(controls.map((c) => c.id)));
  for (const c of controls) {
    const status = await page.locator(`#pd-controls tr[data-control="${c.id}"] td`).nth(1).textContent();
    assert.equal(status, c.status, c.id);
  }
  await shot(page, 'privacy');
  assert.ok((await page.locator('#pd-inventory').textContent())?.includes(hostile));
  assert.equal(await page.evaluate('window.__pwned'), undefined);
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.deepEqual(await accessibility(page), []);
  assert.deepEqual(errors, []);
});

test('a large system: the diagram tab draws the summary the reports draw, not every element', async (t) => {
  const started = await serveWith(t, 'large', generatedModelText(400));
  if (!started) return;
  const { b, server, call } = started;
  const page = await (await b.newContext()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, server.url, ADMIN.email, ADMIN.password);
  await page.getByRole('link', { name: 'Generated system of 400 elements' }).click();
  await page.getByRole('heading', { name: /Summary \(assessed/ }).waitFor({ timeout: 120_000 });
  const a = decodeAssessment((await call('GET', '/api/systems/large/assessment')).json) as Assessment;
  const spec = diagramSpec(a.system);
  assert.notEqual(spec.mode, 'detailed');

  await page.getByRole('link', { name: 'diagram', exact: true }).click();
  const svg = page.locator('svg.system-diagram');
  await svg.waitFor({ timeout: 30_000 });
  assert.equal(await svg.getAttribute('data-mode'), spec.mode);
  assert.equal(await page.locator('g.node').count(), spec.nodes.length);
  assert.ok(spec.nodes.length <= SUMMARY_MAX_NODES);
  assert.equal(await page.locator('g[data-element-id]').count(), 0, 'no element is drawn one by one');
  assert.match((await page.locator('#diagram-mode').textContent()) ?? '', /the diagram is summarised/);
  // nothing in a summary is selectable, so the scrolling box is what the keyboard reaches
  assert.equal(await page.locator('.diagram-scroll').getAttribute('tabindex'), '0');
  assert.equal(await page.locator('.diagram-selection').count(), 0, 'no invitation to select what cannot be');
  await shot(page, 'diagram-summary');
  assert.deepEqual(await accessibility(page), []);
  assert.deepEqual(errors, []);
});

test('a layout worker that cannot be loaded is an error on the diagram tab, not a wait for ever', async (t) => {
  const started = await serveWith(t, 'camera', readFileSync(CAMERA, 'utf8'));
  if (!started) return;
  const { b, server } = started;
  const page = await (await b.newContext()).newPage();
  let refused = 0;
  await page.route(
    (url) => isElkWorker(url.pathname),
    (route) => {
      refused++;
      return route.fulfill({ status: 404, body: 'not found' });
    },
  );
  await signIn(page, server.url, ADMIN.email, ADMIN.password);
  await page.getByRole('link', { name: 'Vistacam shop monitoring' }).click();
  await page.getByRole('heading', { name: /Summary \(assessed/ }).waitFor({ timeout: 60_000 });
  await page.getByRole('link', { name: 'diagram', exact: true }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor({ timeout: 30_000 });
  assert.match((await alert.textContent()) ?? '', /could not be laid out: the layout worker could not be started/);
  assert.ok(refused > 0, 'the worker was asked for and refused');
  assert.equal(await page.locator('svg.system-diagram').count(), 0);
  assert.equal(await page.getByText('Laying out the diagram…').count(), 0);
});
