/** The diagram scene as inline SVG: one group per zone, boundary, flow and element, with a tooltip; all text escaped. */
import type { Scene, SceneItem, Shape } from '../diagram/scene.js';
import { svgAttributeName, svgShape } from '../diagram/svg-shapes.js';
import { esc } from './escape.js';

/** A shape as markup: the attributes and text svgShape gives, escaped. */
function shapeSvg(s: Shape): string {
  const { tag, attributes, text } = svgShape(s);
  const attrs = attributes.map(([name, value]) => ` ${svgAttributeName(name)}="${esc(value)}"`).join('');
  return text === undefined ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${esc(text)}</${tag}>`;
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
