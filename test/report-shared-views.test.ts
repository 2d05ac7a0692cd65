/**
 * The pieces the reports and the workspace share: a diagram shape's SVG attributes (markup in the HTML report,
 * React elements in the workspace), capping a table, and the privacy view's rows — privacy controls, worst risks
 * first — computed from the assessment or from only the parts of it the workspace passes.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Assessment } from '../src/assess/assessment.js';
import type { Shape } from '../src/report/diagram/scene.js';
import { svgAttributeName, svgShape } from '../src/report/diagram/svg-shapes.js';
import { capRows } from '../src/report/html/common.js';
import { capList, isPrivacyControl, privacyControls, privacyThreats, worstResidualFirst } from '../src/report/text.js';
import { assessFile, CAMERA } from './support/reports.js';

describe('a diagram shape as SVG', () => {
  it('gives the attributes in the order written, rounded to a tenth, with markup names for each', () => {
    const rect: Shape = {
      type: 'rect',
      box: { x: 1.26, y: 2, width: 30.04, height: 10 },
      radius: 3,
      paint: { fill: '#fff', fillOpacity: 0.5, stroke: '#000', strokeWidth: 1.25, dash: [6, 4] },
    };
    const { tag, attributes, text } = svgShape(rect);
    assert.equal(tag, 'rect');
    assert.equal(text, undefined);
    assert.deepEqual(
      attributes.map(([k, v]) => `${svgAttributeName(k)}=${v}`),
      [
        'x=1.3',
        'y=2',
        'width=30',
        'height=10',
        'rx=3',
        'fill=#fff',
        'fill-opacity=0.5',
        'stroke=#000',
        'stroke-width=1.3',
        'stroke-dasharray=6 4',
      ],
    );
  });

  it('leaves an unfilled line without fill, names the arrowhead class, and keeps text raw for the renderer', () => {
    const line = svgShape({
      type: 'polyline',
      points: [
        { x: 0, y: 0 },
        { x: 10.04, y: 5 },
      ],
      paint: { stroke: '#111' },
    });
    assert.deepEqual(line.attributes, [
      ['points', '0,0 10,5'],
      ['fill', 'none'],
      ['stroke', '#111'],
      ['strokeWidth', '1'],
      ['strokeLinejoin', 'round'],
    ]);
    const head = svgShape({ type: 'polygon', points: [{ x: 1, y: 1 }], paint: { fill: '#222' } });
    assert.deepEqual(head.attributes[0], ['className', 'arrowhead']);
    assert.equal(svgAttributeName('className'), 'class');
    const written: Shape = {
      type: 'text',
      x: 4,
      y: 5,
      text: '<b>&',
      font: { size: 11, bold: true, colour: '#333', anchor: 'middle', halo: '#fff' },
    };
    const label = svgShape(written);
    assert.equal(label.text, '<b>&');
    assert.deepEqual(
      label.attributes.map(([k]) => svgAttributeName(k)),
      [
        'x',
        'y',
        'font-size',
        'fill',
        'font-weight',
        'text-anchor',
        'paint-order',
        'stroke',
        'stroke-width',
        'stroke-linejoin',
      ],
    );
    const plain = svgShape({ ...written, font: { size: 11, bold: false, colour: '#333', anchor: 'start' } });
    assert.deepEqual(
      plain.attributes.map(([k]) => k),
      ['x', 'y', 'fontSize', 'fill'],
    );
  });
});

describe('capping a table', () => {
  it('keeps every row up to the cap, and says how many it left out above it, as text and as the HTML note', () => {
    const rows = Array.from({ length: 1205 }, (_, i) => i);
    assert.deepEqual(capList(rows.slice(0, 3), 'risks'), { rows: [0, 1, 2] });
    const { rows: shown, cut } = capList(rows, 'risks <all>');
    assert.equal(shown.length, 1000);
    assert.equal(cut, 'Showing the first 1,000 of 1,205 risks <all>. The complete list is in the JSON report');
    assert.equal(
      capRows(rows, 'risks <all>').note,
      '<p class="note cap-note">Showing the first 1,000 of 1,205 risks &lt;all&gt;. The complete list is in the JSON report (<code>--format json</code>).</p>',
    );
    assert.equal(capRows(rows.slice(0, 3), 'risks').note, '');
  });
});

describe('the privacy view', () => {
  let a: Assessment;
  before(() => {
    a = assessFile(CAMERA).assessment;
  });

  it('lists the privacy controls (7.2.x) that apply or may apply, in catalog order', () => {
    const controls = privacyControls(a);
    assert.ok(controls.length > 0);
    assert.deepEqual(
      controls.map((c) => c.id),
      a.controls.filter((c) => c.family.startsWith('7.2.') && c.applies !== false).map((c) => c.id),
    );
    assert.ok(
      a.controls.some((c) => isPrivacyControl(c) && c.applies === false),
      'one that does not apply is left out',
    );
    assert.ok(!controls.some((c) => c.family.startsWith('7.1.')));
    assert.equal(isPrivacyControl({ family: '7.1.2' }), false);
    assert.equal(isPrivacyControl({ family: '7.2.3' }), true);
  });

  it('orders risks worst residual level first and keeps the given order within a level', () => {
    const levels = ['low', 'medium', 'high'];
    const risks = [
      { id: 'a', residual: { level: 'low' } },
      { id: 'b', residual: { level: 'high' } },
      { id: 'c', residual: { level: 'low' } },
      { id: 'd', residual: { level: 'medium' } },
    ];
    assert.deepEqual(
      worstResidualFirst(levels, risks).map((r) => r.id),
      ['b', 'd', 'a', 'c'],
    );
    assert.deepEqual(
      risks.map((r) => r.id),
      ['a', 'b', 'c', 'd'],
      'the list given is left as it was',
    );
  });

  it('finds the same LINDDUN threats from the parts of the assessment the workspace holds', () => {
    const threats = privacyThreats(a);
    assert.ok(threats.length > 0);
    assert.ok(threats.every((r) => r.linddun.length > 0));
    assert.equal(threats.length, a.risks.filter((r) => r.linddun.length > 0).length);
    const parts = {
      riskMatrix: { levels: a.riskMatrix.levels },
      risks: a.risks.map((r) => ({ id: r.id, linddun: r.linddun, residual: { level: r.residual.level } })),
    };
    assert.deepEqual(
      privacyThreats(parts).map((r) => r.id),
      threats.map((r) => r.id),
    );
  });
});
