/**
 * The HTML report's structure, from the string: every section, row counts equal to the assessment, one diagram
 * node per element, escaping of a hostile model, no external URLs, and the summarised diagram and capped tables
 * of a 10 000-element model.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, describe, it } from 'node:test';
import type { Assessment } from '../src/assess/assessment.js';
import { assess } from '../src/assess/pipeline.js';
import { loadCatalog } from '../src/catalog/load.js';
import { loadModelFile, loadModelText } from '../src/model/load.js';
import { bundledElk } from '../src/report/diagram/elk.js';
import { type Box, layoutDiagram, wrap } from '../src/report/diagram/layout.js';
import { DETAIL_MAX_ELEMENTS, diagramSpec, protection } from '../src/report/diagram/model.js';
import { esc, evidenceLocation } from '../src/report/html/escape.js';
import { SCRIPT } from '../src/report/html/script.js';
import { STYLES } from '../src/report/html/styles.js';
import { HTML_SECTIONS, renderHtml } from '../src/report/html.js';
import { renderer } from '../src/report/index.js';
import { MAX_TABLE_ROWS } from '../src/report/text.js';
import { contentText } from '../src/report/write.js';
import { RULES } from '../src/rules/index.js';
import { generatedAssessment, THIRTY_ELEMENT_MODEL } from './report-html-models.js';

const catalog = loadCatalog();
const DATE = '2026-01-01';
const camera = () => assess(loadModelFile('examples/monitoring-camera/system.yaml'), catalog, RULES, { date: DATE });

/** The body rows of the table with this id (0 when the table is absent). */
function rowCount(html: string, id: string): number {
  const start = html.indexOf(`<table id="${id}"`);
  if (start < 0) return 0;
  const table = html.slice(start, html.indexOf('</table>', start));
  const body = table.slice(table.indexOf('<tbody>'));
  return body.match(/<tr[\s>]/g)?.length ?? 0;
}

function attributeValues(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);
}

describe('HTML report: the camera example', () => {
  let a: Assessment;
  let html: string;
  before(async () => {
    a = camera();
    html = await renderHtml(a);
  });

  it('is registered as format html, writing report.html', async () => {
    const files = await (await renderer('html'))!.render(a);
    assert.deepEqual(
      files.map((f) => f.name),
      ['report.html'],
    );
    assert.ok(contentText(files[0]!.content).startsWith('<!DOCTYPE html>'));
  });

  it('has every section, with an anchor and a link in the contents', () => {
    for (const [id, title] of HTML_SECTIONS) {
      assert.match(html, new RegExp(`<section class="major" id="${id}" aria-labelledby="${id}-title">`), id);
      assert.ok(html.includes(`<a href="#${id}">${esc(title)}</a>`), `contents link to ${id}`);
    }
  });

  it('uses landmarks and accessible tables', () => {
    for (const landmark of [
      '<header class="page" role="banner">',
      '<nav class="toc"',
      '<main id="main"',
      'role="contentinfo"',
    ]) {
      assert.ok(html.includes(landmark), landmark);
    }
    const tables = html.match(/<table[\s>]/g)!.length;
    assert.equal(html.match(/<caption>/g)!.length, tables, 'every table has a caption');
    assert.ok(!/<th(?![^>]*scope=)[^>]*>/.test(html.replace(/<thead>.*?<\/thead>/gs, '')), 'body th have scope');
    assert.ok(!/<thead><tr>(?:(?!<\/tr>).)*<th(?![^>]*scope="col")/s.test(html), 'header th have scope="col"');
  });

  it('has table rows matching the assessment', () => {
    const s = a.system;
    const expected: Record<string, number> = {
      'risk-register': a.risks.length,
      soa: a.controls.length,
      'action-plan': a.gaps.length,
      'elements-table': s.elements.length,
      'flows-table': s.flows.length,
      'pd-inventory': s.dataAssets.filter((d) => d.personalData).length,
      'pd-destinations': s.dataAssets.filter((d) => d.personalData).length,
      'pd-flows': s.flows.filter((f) => f.personalData).length,
      'pd-linddun': a.risks.filter((r) => r.linddun.length > 0).length,
      // privacy controls (7.2.x) that apply or may
      'pd-controls': a.controls.filter((c) => c.family.startsWith('7.2') && c.applies !== false).length,
      'coverage-summary': a.conformance.length,
      findings: a.findings.length,
      questions: a.questions.length,
    };
    for (const [id, count] of Object.entries(expected)) {
      if (count === 0) assert.ok(html.includes(`id="${id}-empty"`), `${id} says it is empty`);
      else assert.equal(rowCount(html, id), count, id);
    }
    assert.ok(a.risks.length > 0 && a.gaps.length > 0);
  });

  it('draws one SVG node per element, with title and description, and marks the cleartext flow', () => {
    const svg = html.slice(html.indexOf('<svg class="system-diagram"'), html.indexOf('</svg>'));
    assert.match(svg, /role="img" aria-labelledby="diagram-title diagram-desc"/);
    assert.match(svg, /<title id="diagram-title">System diagram of Vistacam shop monitoring<\/title>/);
    assert.match(svg, /<desc id="diagram-desc">[^<]+<\/desc>/);
    assert.match(svg, /data-mode="detailed"/);
    const drawn = attributeValues(svg, 'data-element-id');
    assert.deepEqual(drawn.sort(), a.system.elements.map((e) => e.id).sort());
    assert.match(svg, /<g class="flow flow-cleartext flow-personal" data-flow-id="recorder-to-cloud">/);
    assert.match(svg, /http ⚠ cleartext/);
    for (const zone of ['shop-lan', 'vistacam-cloud', 'relay-cloud', 'phones', 'internet']) {
      assert.ok(svg.includes(`data-zone-id="${zone}"`), zone);
    }
  });

  it('fetches nothing: no src attributes, in-page anchors or evidence links only, and a strict CSP', () => {
    assert.deepEqual(attributeValues(html, 'src'), []);
    const evidence = new Set(a.controls.flatMap((c) => c.evidence.map((e) => esc(e.location ?? ''))));
    for (const [, href, rest] of html.matchAll(/<a href="([^"]*)"([^>]*)>/g)) {
      if (href!.startsWith('#')) continue;
      assert.ok(evidence.has(href!), `${href} is an evidence location`);
      assert.match(rest!, /rel="noopener noreferrer"/);
    }
    for (const href of attributeValues(html, 'href'))
      assert.ok(href.startsWith('#') || href === 'data:,' || evidence.has(href), href);
    const hash = (t: string) => `'sha256-${createHash('sha256').update(t).digest('base64')}'`;
    assert.ok(html.includes(esc(`script-src ${hash(SCRIPT)}`)));
    assert.ok(html.includes(esc(`style-src ${hash(STYLES)}`)));
    assert.ok(html.includes(esc("default-src 'none'")));
    assert.equal(html.match(/<script[\s>]/g)!.length, 1);
  });
});

const HOSTILE = `iotassure: 1
system: { name: '<script>alert(1)</script>', description: '"><img src=x onerror=alert(1)>', region: EU }
organisations: [{ id: evil, name: '<script>alert(1)</script>', roles: [developer, provider, user] }]
zones:
  - { id: lan, name: '"><img src=x onerror=alert(1)>', kind: customer-premises }
  - { id: net, name: '<script>alert(1)</script>', kind: internet }
boundaries:
  - { id: edge, between: [lan, net], description: '<script>alert(1)</script>"><img src=x onerror=alert(1)>' }
elements:
  - { id: cam, name: '<script>alert(1)</script>', kind: camera, zone: lan, authentication: { passwords: shared-default } }
  - { id: svc, name: '"><img src=x onerror=alert(1)>', kind: cloud-service, zone: net }
dataAssets:
  - { id: video, name: '<script>alert(1)</script>', personalData: { categories: [image], subjects: ['"><img src=x onerror=alert(1)>'] }, purposes: ['<script>alert(1)</script>'], storedIn: [svc] }
flows:
  - { id: up, from: cam, to: svc, protocol: http, authentication: none, data: [video], bidirectional: true }
assessment:
  controls:
    password-credential-quality: { status: implemented, owner: '<script>alert(1)</script>', evidence: [ev1, ev2, ev3, ev4] }
  risks:
    shared-default-password: { treatment: accept, owner: '"><img src=x onerror=alert(1)>', justification: '<script>alert(1)</script>' }
  evidence:
    - { id: ev1, kind: document, title: '<script>alert(1)</script>', location: 'javascript:alert(1)' }
    - { id: ev2, kind: document, title: Pen test, location: 'https://evidence.example/report?a=1&b=2' }
    - { id: ev3, kind: document, title: Local file, location: 'docs/<b>report</b>.pdf' }
    - { id: ev4, kind: document, title: Quoted, location: 'https://evil.example/"onmouseover=alert(1)' }
`;

describe('HTML report: a hostile model stays inert', () => {
  let html: string;
  before(async () => {
    html = await renderHtml(assess(loadModelText('hostile.yaml', HOSTILE), catalog, RULES, { date: DATE }));
  });

  it('shows the names only escaped', () => {
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(!html.includes('<script>alert'), 'no script element from the model');
    assert.ok(!/<img/i.test(html), 'no img element at all');
    assert.ok(!html.includes('"><img'), 'no attribute break-out');
    assert.equal(html.match(/<script[\s>]/g)!.length, 1, 'only the report script');
    assert.match(html, /<g class="boundary" data-boundary-id="edge"><title>[^<]*&lt;script&gt;alert\(1\)/);
  });

  it('links only http(s) evidence, with rel="noopener noreferrer"; other locations are text', () => {
    assert.ok(html.includes('<code>javascript:alert(1)</code>'));
    assert.ok(!/href="javascript:/i.test(html));
    assert.ok(html.includes('<code>docs/&lt;b&gt;report&lt;/b&gt;.pdf</code>'));
    const links = [...html.matchAll(/<a href="(https?:[^"]*)"([^>]*)>/g)];
    assert.equal(links.length, 1);
    assert.equal(links[0]![1], 'https://evidence.example/report?a=1&amp;b=2');
    assert.ok(html.includes('<code>https://evil.example/&quot;onmouseover=alert(1)</code>'));
    assert.match(links[0]![2]!, /rel="noopener noreferrer"/);
    for (const href of attributeValues(html, 'href')) {
      assert.ok(href.startsWith('#') || href === 'data:,' || href.startsWith('https://evidence.example/'), href);
    }
  });

  it('escapes helpers as documented', () => {
    assert.equal(esc(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.equal(evidenceLocation('data:text/html,<script>'), '<code>data:text/html,&lt;script&gt;</code>');
    assert.match(evidenceLocation('http://e.example/a'), /^<a href="http:\/\/e.example\/a" rel="noopener noreferrer"/);
  });
});

const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const contains = (outer: Box, inner: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

describe('HTML report: diagram layout', () => {
  it('draws every element of a 30-element model in one frame per zone, frames and labels never overlapping', async () => {
    const a = assess(loadModelText('thirty.yaml', THIRTY_ELEMENT_MODEL), catalog, RULES, { date: DATE });
    assert.equal(a.system.elements.length, 30);
    const spec = diagramSpec(a.system);
    assert.equal(spec.mode, 'detailed');
    assert.deepEqual(spec.domains, ['PED', 'SCD', 'OMD', 'ASD', 'RAID', 'UD']);
    const layout = await layoutDiagram(spec, bundledElk());
    assert.equal(layout.nodes.size, 30);
    const zones = new Set(a.system.elements.flatMap((e) => (e.zone ? [e.zone] : [])));
    assert.deepEqual(spec.frames.map((f) => f.zoneId).sort(), [...zones].sort(), 'one frame per zone');
    const frames = [...layout.frames.values()];
    for (let i = 0; i < frames.length; i++) {
      for (let j = i + 1; j < frames.length; j++) assert.ok(!intersects(frames[i]!, frames[j]!), `frames ${i}, ${j}`);
    }
    const labels = [...layout.edges.values()].map((e) => e.label!);
    for (const [i, label] of labels.entries()) {
      for (const node of layout.nodes.values()) assert.ok(!intersects(label, node), 'a label clear of elements');
      for (const other of labels.slice(i + 1)) assert.ok(!intersects(label, other), 'labels do not overlap');
    }
    for (const n of spec.nodes) {
      const node = layout.nodes.get(n.key)!;
      for (const f of spec.frames) {
        const inside = contains(layout.frames.get(f.key)!, node);
        assert.equal(inside, f.key === n.frame, `${n.elementId} ${inside ? 'inside' : 'outside'} ${f.zoneId}`);
      }
    }
    const html = await renderHtml(a);
    assert.equal(attributeValues(html, 'data-element-id').length, 30);
  });

  it('classifies flow protection and wraps labels', () => {
    assert.equal(protection({ encryption: 'none', authentication: 'certificate' }), 'cleartext');
    assert.equal(protection({ encryption: 'unknown', authentication: 'none' }), 'cleartext');
    assert.equal(protection({ encryption: 'tls', authentication: 'unknown' }), 'unauthenticated');
    assert.equal(protection({ encryption: 'dtls', authentication: 'token' }), 'protected');
    assert.deepEqual(wrap('Entrance camera (sees the street)', 20, 2), ['Entrance camera', '(sees the street)']);
    assert.deepEqual(wrap('a very long name that goes on and on', 10, 2), ['a very', 'long name…']);
  });
});

describe('HTML report: a 10 000-element model', () => {
  let a: Assessment;
  let html: string;
  before(async () => {
    a = generatedAssessment(10_000);
    html = await renderHtml(a);
  });

  it('summarises the diagram by domain and zone', () => {
    assert.ok(a.system.elements.length > DETAIL_MAX_ELEMENTS);
    assert.match(html, /<svg class="system-diagram"[^>]* data-mode="zones"/);
    assert.deepEqual(attributeValues(html, 'data-element-id'), []);
    assert.match(html, /so the diagram is summarised/);
    const nodes = html.match(/<g class="node node-/g)!.length;
    const groups = new Set(a.system.elements.map((e) => `${e.domain} ${e.zone}`)).size;
    assert.equal(nodes, groups);
    const zones = new Set(a.system.elements.map((e) => e.zone));
    const frames = html.match(/<g class="zone" data-zone-id="[^"]*"/g)!;
    assert.equal(frames.length, zones.size, 'one frame per zone, holding a box per domain');
  });

  it('caps long tables with a note and keeps the file small enough to open', () => {
    assert.ok(a.risks.length > MAX_TABLE_ROWS);
    assert.equal(rowCount(html, 'risk-register'), MAX_TABLE_ROWS);
    assert.equal(rowCount(html, 'elements-table'), MAX_TABLE_ROWS);
    assert.match(html, new RegExp(`Showing the first 1,000 of ${a.risks.length.toLocaleString('en')} risks`));
    assert.equal(rowCount(html, 'soa'), a.controls.length);
    assert.ok(html.length < 15_000_000, `${html.length} bytes`);
    assert.ok(html.trimEnd().endsWith('</html>'));
  });
});
