/**
 * The system diagram of the camera example, read back from the HTML report's SVG: one frame per zone with its
 * elements inside, each flow label centred on its own edge and clear of the elements, the data carried and a
 * personal-data badge on each flow, the modelled trust boundaries outlined, and arrowheads at both ends of a
 * bidirectional flow. Summaries keep zones as frames.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Assessment } from '../src/assess/assessment.js';
import { assess } from '../src/assess/pipeline.js';
import { loadCatalog } from '../src/catalog/load.js';
import { loadModelText } from '../src/model/load.js';
import { diagramSpec } from '../src/report/diagram/model.js';
import { renderHtml } from '../src/report/html.js';
import { RULES } from '../src/rules/index.js';
import { assessFile, CAMERA } from './support/reports.js';

interface Point {
  x: number;
  y: number;
}

interface Box extends Point {
  width: number;
  height: number;
}

interface Group {
  classes: string[];
  data: Record<string, string>;
  title: string;
  body: string;
}

/** The `<g>` items of the diagram (zones, boundaries, flows, labels, nodes) with their attributes and content. */
function items(svg: string): Group[] {
  return [...svg.matchAll(/<g class="([^"]*)"((?: data-[a-z-]+="[^"]*")*)><title>([^<]*)<\/title>(.*?)<\/g>/g)].map(
    (m) => ({
      classes: m[1]!.split(' '),
      data: Object.fromEntries([...m[2]!.matchAll(/data-([a-z-]+)="([^"]*)"/g)].map((d) => [d[1]!, d[2]!])),
      title: m[3]!,
      body: m[4]!,
    }),
  );
}

const of = (groups: Group[], cls: string) => groups.filter((g) => g.classes.includes(cls));

function firstRect(body: string): Box {
  const m = /<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(body);
  assert.ok(m, `a rect in ${body.slice(0, 80)}`);
  return { x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: Number(m[4]) };
}

const points = (list: string): Point[] =>
  list.split(' ').map((p) => {
    const [x, y] = p.split(',').map(Number);
    return { x: x!, y: y! };
  });

function polyline(body: string): Point[] {
  const m = /<polyline points="([^"]*)"/.exec(body);
  assert.ok(m, 'a polyline');
  return points(m[1]!);
}

const arrowheads = (body: string) =>
  [...body.matchAll(/<polygon class="arrowhead" points="([^"]*)"/g)].map((m) => points(m[1]!));

const contains = (outer: Box, inner: Box) =>
  inner.x >= outer.x - 0.1 &&
  inner.y >= outer.y - 0.1 &&
  inner.x + inner.width <= outer.x + outer.width + 0.1 &&
  inner.y + inner.height <= outer.y + outer.height + 0.1;
const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** How far `p` is from the polyline: the least distance to any of its segments. */
function distanceToLine(line: Point[], p: Point): number {
  let least = Number.POSITIVE_INFINITY;
  for (let i = 1; i < line.length; i++) {
    const [a, b] = [line[i - 1]!, line[i]!];
    const length = (b.x - a.x) ** 2 + (b.y - a.y) ** 2;
    const t =
      length === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y)) / length));
    least = Math.min(least, distance(p, { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) }));
  }
  return least;
}

describe('diagram: the camera example', () => {
  let a: Assessment;
  let groups: Group[];
  let html: string;
  before(async () => {
    a = assessFile(CAMERA).assessment;
    html = await renderHtml(a);
    groups = items(html.slice(html.indexOf('<svg class="system-diagram"'), html.indexOf('</svg>')));
  });

  it('draws each zone as one frame holding all of its elements, though the cloud zone spans two domains', () => {
    const cloud = a.system.elements.filter((e) => e.zone === 'vistacam-cloud');
    assert.ok(new Set(cloud.map((e) => e.domain)).size > 1, 'the case that used to split a zone');
    const zones = of(groups, 'zone');
    assert.deepEqual(zones.map((z) => z.data['zone-id']).sort(), a.system.zones.map((z) => z.id).sort());
    const frame = new Map(zones.map((z) => [z.data['zone-id']!, firstRect(z.body)]));
    for (const n of of(groups, 'node')) {
      const element = a.system.elements.find((e) => e.id === n.data['element-id'])!;
      const box = firstRect(n.body);
      for (const [zone, f] of frame) assert.equal(contains(f, box), zone === element.zone, `${element.id} / ${zone}`);
      assert.ok(n.body.includes(`>${element.domain} · ${element.kind}`), `${element.id} shows its domain`);
    }
  });

  it('centres each flow label on its own edge, clear of every element and of the other labels', () => {
    const edges = new Map(of(groups, 'flow').map((f) => [f.data['flow-id']!, polyline(f.body)]));
    const nodes = of(groups, 'node').map((n) => firstRect(n.body));
    const labels = of(groups, 'flow-label');
    assert.equal(labels.length, a.system.flows.length);
    for (const l of labels) {
      const box = firstRect(l.body);
      const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      const line = edges.get(l.data['flow-id']!)!;
      assert.ok(distanceToLine(line, centre) < 1.5, `${l.data['flow-id']} label on its edge`);
      for (const n of nodes) assert.ok(!intersects(box, n), `${l.data['flow-id']} label clear of elements`);
    }
    const boxes = labels.map((l) => firstRect(l.body));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) assert.ok(!intersects(boxes[i]!, boxes[j]!), 'labels do not overlap');
    }
  });

  it('labels each flow with the data it carries, full names in the tooltip, and marks personal data', () => {
    const label = of(groups, 'flow-label').find((l) => l.data['flow-id'] === 'app-to-cloud')!;
    assert.match(label.body, />Account and contact data, Video r…</);
    assert.match(
      label.title,
      /Account and contact data \(account-data\), Video recordings \(recordings\), Motion events and thumbnails \(motion-events\) — personal data/,
    );
    for (const f of a.system.flows) {
      const drawn = of(groups, 'flow-label').find((l) => l.data['flow-id'] === f.id)!;
      assert.equal(drawn.classes.includes('flow-personal'), f.personalData, f.id);
      assert.equal(drawn.body.includes('>PD</text>'), f.personalData, `${f.id} badge`);
    }
    assert.ok(a.system.flows.some((f) => !f.personalData) && a.system.flows.some((f) => f.personalData));
    assert.match(html, /<ul class="legend"[^>]*>.*carries personal data/);
  });

  it('outlines each modelled trust boundary around the zone it protects, with a legend entry', () => {
    const frame = new Map(of(groups, 'zone').map((z) => [z.data['zone-id']!, firstRect(z.body)]));
    const outlines = new Map(of(groups, 'boundary').map((b) => [b.data['boundary-id']!, firstRect(b.body)]));
    assert.deepEqual([...outlines.keys()].sort(), ['cloud-edge', 'shop-router']);
    // shop-router: shop network (trust derived from its kind) against the untrusted internet; cloud-edge: the cloud
    assert.ok(contains(outlines.get('shop-router')!, frame.get('shop-lan')!));
    assert.ok(contains(outlines.get('cloud-edge')!, frame.get('vistacam-cloud')!));
    assert.ok(!contains(outlines.get('cloud-edge')!, frame.get('internet')!));
    const label = of(groups, 'boundary-label').find((b) => b.data['boundary-id'] === 'shop-router')!;
    assert.match(label.body, />boundary shop-router</);
    assert.match(label.title, /Shop network and Internet: firewall, nat/);
    assert.match(html, /modelled trust boundary, around the zone it protects/);
    assert.match(html, /<table id="boundaries-table"/);
  });

  it('draws arrowheads at both ends of a bidirectional flow and at the target end only otherwise', () => {
    for (const f of of(groups, 'flow')) {
      const line = polyline(f.body);
      const heads = arrowheads(f.body);
      const both = f.data['flow-id'] === 'app-to-cloud';
      assert.equal(a.system.flows.find((x) => x.id === f.data['flow-id'])!.bidirectional, both);
      assert.equal(heads.length, both ? 2 : 1, f.data['flow-id']);
      const tips = heads.map((h) => h[0]!);
      // the line stops inside its arrowhead, so a thick line does not blunt the tip
      const end = line[line.length - 1]!;
      assert.ok(
        tips.some((t) => distance(t, end) < 12),
        'a tip at the target',
      );
      if (both)
        assert.ok(
          tips.some((t) => distance(t, line[0]!) < 12),
          'a tip at the source',
        );
    }
  });
});

describe('diagram: summaries keep zones as frames', () => {
  it('draws a zone spanning domains as one frame holding one box per domain, and its boundary', async () => {
    const elements = Array.from({ length: 120 }, (_, i) => ({
      id: `e${i}`,
      kind: i % 2 ? 'cloud-service' : 'management-service',
      zone: i < 60 ? 'cloud' : 'lan',
    }));
    const model = {
      iotassure: 1,
      system: { name: 'Summary' },
      zones: [
        { id: 'cloud', kind: 'cloud' },
        { id: 'lan', kind: 'customer-premises' },
      ],
      boundaries: [{ id: 'edge', between: ['lan', 'cloud'] }],
      elements,
      flows: elements.slice(1).map((e, i) => ({ id: `f${i}`, from: 'e0', to: e.id, protocol: 'https' })),
    };
    const a = assess(loadModelText('summary.yaml', JSON.stringify(model)), loadCatalog(), RULES, {
      date: '2026-01-01',
    });
    const spec = diagramSpec(a.system);
    assert.equal(spec.mode, 'zones');
    assert.deepEqual(spec.frames.map((f) => f.zoneId).sort(), ['cloud', 'lan']);
    assert.equal(spec.nodes.length, 4, 'two domains in each of two zones');
    assert.equal(spec.boundaries.length, 1);
    const html = await renderHtml(a);
    assert.equal(html.match(/<g class="zone" data-zone-id="cloud"/g)?.length, 1);
    assert.match(html, /<g class="boundary" data-boundary-id="edge">/);
  });
});

describe('diagram: nested zones and elements outside any zone', () => {
  it('draws a zone inside its parent zone frame, and an element with no zone outside every frame', async () => {
    const model = `iotassure: 1
system: { name: Nested }
zones:
  - { id: site, name: Site, kind: customer-premises }
  - { id: plant, name: Plant floor, kind: industrial, parent: site }
  - { id: cloud, name: Cloud, kind: cloud }
boundaries:
  - { id: plant-fw, between: [site, plant], enforcement: [firewall] }
elements:
  - { id: plc, name: PLC, kind: controller, zone: plant }
  - { id: gw, name: Gateway, kind: gateway, zone: site }
  - { id: svc, name: Service, kind: cloud-service, zone: cloud }
  - { id: tech, name: Technician, kind: user }
flows:
  - { id: f1, from: plc, to: gw, protocol: modbus, authentication: none }
  - { id: f2, from: gw, to: svc, protocol: mqtts, authentication: certificate, serverAuthenticated: true }
  - { id: f3, from: tech, to: gw, protocol: https, authentication: password, serverAuthenticated: true }
`;
    const a = assess(loadModelText('nested.yaml', model), loadCatalog(), RULES, { date: '2026-01-01' });
    const html = await renderHtml(a);
    const groups = items(html.slice(html.indexOf('<svg class="system-diagram"'), html.indexOf('</svg>')));
    const frame = new Map(of(groups, 'zone').map((z) => [z.data['zone-id']!, firstRect(z.body)]));
    assert.deepEqual([...frame.keys()].sort(), ['cloud', 'plant', 'site']);
    assert.ok(contains(frame.get('site')!, frame.get('plant')!), 'the plant floor inside the site');
    assert.ok(!intersects(frame.get('site')!, frame.get('cloud')!));
    const node = new Map(of(groups, 'node').map((n) => [n.data['element-id']!, firstRect(n.body)]));
    for (const f of frame.values()) assert.ok(!intersects(f, node.get('tech')!), 'the technician is in no zone');
    // the boundary between a zone and the zone inside it is drawn around the inner one
    const outline = firstRect(of(groups, 'boundary')[0]!.body);
    assert.ok(contains(outline, frame.get('plant')!) && contains(frame.get('site')!, outline));
  });
});
