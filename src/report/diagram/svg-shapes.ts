/**
 * A scene shape as an SVG element: its tag, its attributes and its text. The HTML report writes these as markup
 * (diagram-svg.ts) and the workspace creates them as React elements, so both draw the diagram with the same
 * attributes. Keys are the DOM's camelCase property names React takes (`strokeWidth`); `svgAttributeName` gives
 * the attribute written in markup (`stroke-width`). Values are unescaped; text stays raw, for each renderer to escape.
 */
import type { Paint, Shape } from './scene.js';

export interface SvgShape {
  tag: 'rect' | 'polyline' | 'polygon' | 'text';
  /** in the order they are written */
  attributes: [string, string][];
  text?: string;
}

const r = (n: number) => String(Math.round(n * 10) / 10);

function paintAttributes(p: Paint): [string, string][] {
  const attributes: [string, string][] = [['fill', p.fill ?? 'none']];
  if (p.fillOpacity !== undefined) attributes.push(['fillOpacity', String(p.fillOpacity)]);
  if (p.stroke !== undefined) attributes.push(['stroke', p.stroke], ['strokeWidth', r(p.strokeWidth ?? 1)]);
  if (p.dash !== undefined) attributes.push(['strokeDasharray', p.dash.join(' ')]);
  return attributes;
}

const pointList = (points: { x: number; y: number }[]) => points.map((p) => `${r(p.x)},${r(p.y)}`).join(' ');

export function svgShape(s: Shape): SvgShape {
  switch (s.type) {
    case 'rect': {
      const { x, y, width, height } = s.box;
      const box: [string, string][] = [
        ['x', r(x)],
        ['y', r(y)],
        ['width', r(width)],
        ['height', r(height)],
        ['rx', String(s.radius)],
      ];
      return { tag: 'rect', attributes: [...box, ...paintAttributes(s.paint)] };
    }
    case 'polyline':
      return {
        tag: 'polyline',
        attributes: [['points', pointList(s.points)], ...paintAttributes(s.paint), ['strokeLinejoin', 'round']],
      };
    case 'polygon':
      return {
        tag: 'polygon',
        attributes: [['className', 'arrowhead'], ['points', pointList(s.points)], ...paintAttributes(s.paint)],
      };
    case 'text': {
      const f = s.font;
      const attributes: [string, string][] = [
        ['x', r(s.x)],
        ['y', r(s.y)],
        ['fontSize', String(f.size)],
        ['fill', f.colour],
      ];
      if (f.bold) attributes.push(['fontWeight', '600']);
      if (f.anchor === 'middle') attributes.push(['textAnchor', 'middle']);
      // a background-coloured outline painted under the letters, so a line under the text does not hide it
      if (f.halo)
        attributes.push(
          ['paintOrder', 'stroke'],
          ['stroke', f.halo],
          ['strokeWidth', '4'],
          ['strokeLinejoin', 'round'],
        );
      return { tag: 'text', attributes, text: s.text };
    }
  }
}

/** The attribute a property name stands for in SVG markup: `className` → `class`, `strokeWidth` → `stroke-width`. */
export function svgAttributeName(property: string): string {
  return property === 'className' ? 'class' : property.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
