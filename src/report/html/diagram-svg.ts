/** The laid-out system diagram as inline SVG: lanes, zone frames, flow edges and element nodes, all text escaped. */

import type { Box, Layout } from './diagram-layout.js';
import { FRAME_LABEL_HEIGHT, LANE_HEADER_WIDTH, NODE_PADDING, wrap } from './diagram-layout.js';
import type { DiagramEdge, DiagramNode, DiagramSpec, Protection } from './diagram-model.js';
import { DOMAIN_TITLES } from './diagram-model.js';
import { esc } from './escape.js';

const r = (n: number) => Math.round(n * 10) / 10;

const MARKS: Protection[] = ['protected', 'unauthenticated', 'cleartext'];

function markers(): string {
  return MARKS.map(
    (m) =>
      `<marker id="iaq-arrow-${m}" class="arrow-${m}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>`,
  ).join('');
}

function laneSvg(layout: Layout): string {
  return layout.lanes
    .map((lane, i) => {
      const title = wrap(DOMAIN_TITLES[lane.domain] ?? lane.domain, 17, 3);
      const cy = lane.y + lane.height / 2 - ((title.length + 1) * 14) / 2 + 12;
      const lines = title.map((t, j) => `<tspan x="12" y="${r(cy + (j + 1) * 14)}">${esc(t)}</tspan>`).join('');
      return (
        `<g class="lane lane-${esc(lane.domain)}${i % 2 ? ' lane-odd' : ''}" data-domain="${esc(lane.domain)}">` +
        `<rect x="0" y="${r(lane.y)}" width="${r(lane.width)}" height="${r(lane.height)}"/>` +
        `<line x1="${LANE_HEADER_WIDTH}" y1="${r(lane.y)}" x2="${LANE_HEADER_WIDTH}" y2="${r(lane.y + lane.height)}"/>` +
        `<text class="lane-title"><tspan class="lane-code" x="12" y="${r(cy)}">${esc(lane.domain)}</tspan>${lines}</text></g>`
      );
    })
    .join('\n');
}

function frameSvg(spec: DiagramSpec, layout: Layout): string {
  return spec.frames
    .map((f) => {
      const b = layout.frames.get(f.key);
      if (!b) return '';
      return (
        `<g class="zone" data-zone-id="${esc(f.zoneId)}"><title>Zone ${esc(f.label)} (${esc(f.zoneId)}) in ${esc(f.domain)}</title>` +
        `<rect x="${r(b.x)}" y="${r(b.y)}" width="${r(b.width)}" height="${r(b.height)}" rx="8"/></g>`
      );
    })
    .join('\n');
}

/** Zone names, drawn after the flows (with a halo) so an edge crossing a frame does not hide its name. */
function frameLabelSvg(spec: DiagramSpec, layout: Layout): string {
  return spec.frames
    .map((f) => {
      const b = layout.frames.get(f.key);
      if (!b) return '';
      const label = wrap(f.label, Math.floor((b.width - 16) / 6.6), 1)[0];
      return `<text class="zone-label" x="${r(b.x + 8)}" y="${r(b.y + FRAME_LABEL_HEIGHT - 1)}">${esc(label)}</text>`;
    })
    .join('\n');
}

function pathOf(points: { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(p.x)},${r(p.y)}`).join(' ');
}

function edgeAttrs(e: DiagramEdge): string {
  return `class="flow flow-${e.mark}"${e.flowId === undefined ? '' : ` data-flow-id="${esc(e.flowId)}"`}`;
}

function edgeSvg(spec: DiagramSpec, layout: Layout): string {
  return spec.edges
    .map((e) => {
      const l = layout.edges.get(e.key);
      if (!l) return '';
      const width = e.count > 1 ? Math.min(5, 1.4 + Math.log10(e.count)) : undefined;
      const style = width === undefined ? '' : ` stroke-width="${r(width)}"`;
      return (
        `<g ${edgeAttrs(e)}><title>${esc(e.tooltip)}</title>` +
        `<path d="${pathOf(l.points)}" marker-end="url(#iaq-arrow-${e.mark})"${style}/></g>`
      );
    })
    .join('\n');
}

function edgeLabelSvg(spec: DiagramSpec, layout: Layout): string {
  return spec.edges
    .map((e) => {
      const b = layout.edges.get(e.key)?.label;
      if (!b) return '';
      return (
        `<g ${edgeAttrs(e).replace('class="flow ', 'class="flow-label ')}><title>${esc(e.tooltip)}</title>` +
        `<rect x="${r(b.x)}" y="${r(b.y)}" width="${r(b.width)}" height="${r(b.height)}" rx="3"/>` +
        `<text x="${r(b.x + b.width / 2)}" y="${r(b.y + b.height - 4)}">${esc(e.label)}</text></g>`
      );
    })
    .join('\n');
}

function nodeSvg(n: DiagramNode, b: Box, lines: string[]): string {
  const id = n.elementId === undefined ? '' : ` data-element-id="${esc(n.elementId)}"`;
  const cx = b.x + b.width / 2;
  const text = lines
    .map((t, i) => `<tspan x="${r(cx)}" y="${r(b.y + NODE_PADDING + 12 + i * 15)}">${esc(t)}</tspan>`)
    .join('');
  const detailY = b.y + NODE_PADDING + 12 + lines.length * 15;
  return (
    `<g class="node node-${esc(n.domain)}"${id}><title>${esc(n.tooltip)}</title>` +
    `<rect x="${r(b.x)}" y="${r(b.y)}" width="${r(b.width)}" height="${r(b.height)}" rx="6"/>` +
    `<text class="node-name">${text}</text>` +
    `<text class="node-detail" x="${r(cx)}" y="${r(detailY)}">${esc(n.detail)}</text></g>`
  );
}

export interface SvgText {
  title: string;
  desc: string;
}

export function diagramSvg(spec: DiagramSpec, layout: Layout, text: SvgText): string {
  const nodes = spec.nodes
    .map((n) => {
      const b = layout.nodes.get(n.key);
      return b ? nodeSvg(n, b, layout.text.get(n.key) ?? n.lines) : '';
    })
    .join('\n');
  const w = Math.ceil(layout.width);
  const h = Math.ceil(layout.height);
  return (
    `<svg class="system-diagram" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" ` +
    `aria-labelledby="diagram-title diagram-desc" data-mode="${spec.mode}" data-layout="${layout.strategy}" preserveAspectRatio="xMidYMin meet">` +
    `<title id="diagram-title">${esc(text.title)}</title><desc id="diagram-desc">${esc(text.desc)}</desc>` +
    `<defs>${markers()}</defs>\n<g class="lanes">${laneSvg(layout)}</g>\n<g class="zones">${frameSvg(spec, layout)}</g>\n` +
    `<g class="flows">${edgeSvg(spec, layout)}</g>\n<g class="zone-labels">${frameLabelSvg(spec, layout)}</g>\n<g class="nodes">${nodes}</g>\n` +
    `<g class="flow-labels">${edgeLabelSvg(spec, layout)}</g></svg>`
  );
}
