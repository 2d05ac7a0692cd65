/** The diagram scene as inline SVG: one group per zone, boundary, flow and element, with a tooltip; all text escaped. */
import type { Paint, Scene, SceneItem, Shape } from '../diagram/scene.js';
import { esc } from './escape.js';

const r = (n: number) => Math.round(n * 10) / 10;

function paintAttrs(p: Paint): string {
  const attrs = [
    `fill="${p.fill ?? 'none'}"`,
    p.fillOpacity === undefined ? '' : `fill-opacity="${p.fillOpacity}"`,
    p.stroke === undefined ? '' : `stroke="${p.stroke}" stroke-width="${r(p.strokeWidth ?? 1)}"`,
    p.dash === undefined ? '' : `stroke-dasharray="${p.dash.join(' ')}"`,
  ];
  return attrs.filter(Boolean).join(' ');
}

const pointList = (points: { x: number; y: number }[]) => points.map((p) => `${r(p.x)},${r(p.y)}`).join(' ');

function shapeSvg(s: Shape): string {
  switch (s.type) {
    case 'rect':
      return `<rect x="${r(s.box.x)}" y="${r(s.box.y)}" width="${r(s.box.width)}" height="${r(s.box.height)}" rx="${s.radius}" ${paintAttrs(s.paint)}/>`;
    case 'polyline':
      return `<polyline points="${pointList(s.points)}" ${paintAttrs(s.paint)} stroke-linejoin="round"/>`;
    case 'polygon':
      return `<polygon class="arrowhead" points="${pointList(s.points)}" ${paintAttrs(s.paint)}/>`;
    case 'text': {
      const f = s.font;
      const halo = f.halo ? ` paint-order="stroke" stroke="${f.halo}" stroke-width="4" stroke-linejoin="round"` : '';
      const anchor = f.anchor === 'middle' ? ' text-anchor="middle"' : '';
      const weight = f.bold ? ' font-weight="600"' : '';
      return `<text x="${r(s.x)}" y="${r(s.y)}" font-size="${f.size}" fill="${f.colour}"${weight}${anchor}${halo}>${esc(s.text)}</text>`;
    }
  }
}

function itemSvg(item: SceneItem): string {
  const data = Object.entries(item.data)
    .map(([k, v]) => ` data-${k}="${esc(v)}"`)
    .join('');
  return `<g class="${item.classes.map(esc).join(' ')}"${data}><title>${esc(item.title)}</title>${item.shapes.map(shapeSvg).join('')}</g>`;
}

export interface SvgText {
  title: string;
  desc: string;
}

const GROUP: Record<SceneItem['kind'], string> = {
  zone: 'zones',
  boundary: 'boundaries',
  flow: 'flows',
  'zone-label': 'zone-labels',
  node: 'nodes',
  'flow-label': 'flow-labels',
  'boundary-label': 'boundary-labels',
};

/** Consecutive items of one kind go in one group (`zones`, `flows`, `nodes`…), in the scene's paint order. */
function groups(items: SceneItem[]): string {
  const out: string[] = [];
  let open: string | undefined;
  for (const item of items) {
    if (item.kind !== open) {
      if (open !== undefined) out.push('</g>\n');
      out.push(`<g class="${GROUP[item.kind]}">`);
      open = item.kind;
    }
    out.push(itemSvg(item));
  }
  if (open !== undefined) out.push('</g>');
  return out.join('');
}

export function diagramSvg(scene: Scene, mode: string, text: SvgText): string {
  const w = Math.ceil(scene.width);
  const h = Math.ceil(scene.height);
  return (
    `<svg class="system-diagram" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" ` +
    `aria-labelledby="diagram-title diagram-desc" data-mode="${esc(mode)}" preserveAspectRatio="xMidYMin meet">` +
    `<title id="diagram-title">${esc(text.title)}</title><desc id="diagram-desc">${esc(text.desc)}</desc>\n` +
    `${groups(scene.items)}</svg>`
  );
}

/** A legend sample as a small inline SVG. */
export function sampleSvg(shapes: Shape[], width: number, height: number): string {
  return `<svg class="legend-swatch" width="${width}" height="${height}" aria-hidden="true" focusable="false">${shapes.map(shapeSvg).join('')}</svg>`;
}
