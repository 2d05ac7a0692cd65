/**
 * The page's stylesheet, inline. Colours meet WCAG AA contrast for their text; levels and flow marks are never
 * shown by colour alone (badges carry the level name, flagged flows a ⚠ label and a dash pattern). The print
 * rules hide the controls, keep the diagram, heat maps and table rows whole, and repeat table headers.
 */
export const STYLES = `
:root { --ink: #1a1f2b; --muted: #4b5563; --line: #d3d8e0; --accent: #0b57d0; --bg-soft: #f5f7fa; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; line-height: 1.45; }
body { margin: 0; font-size: 15px; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em; overflow-wrap: anywhere; }
.skip-link { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 10; }
.skip-link:focus { left: 1rem; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
header.page { background: #14213d; color: #fff; padding: 1.4rem 2rem 1.2rem; }
header.page h1 { margin: 0 0 .3rem; font-size: 1.6rem; }
header.page p { margin: .2rem 0; color: #e5e9f2; max-width: 75rem; }
header.page code { color: #fff; }
.layout { display: grid; grid-template-columns: 15rem minmax(0, 1fr); gap: 0; }
nav.toc { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; padding: 1rem 1rem 2rem 2rem; border-right: 1px solid var(--line); background: var(--bg-soft); }
nav.toc h2 { font-size: .95rem; margin: .2rem 0 .6rem; }
nav.toc ol { margin: 0; padding-left: 1.2rem; }
nav.toc li { margin: .25rem 0; }
main { padding: 0 2rem 3rem; min-width: 0; }
section.major { border-top: 1px solid var(--line); padding-top: .4rem; margin-top: 1.6rem; }
section.major:first-of-type { border-top: 0; }
h2 { font-size: 1.35rem; margin: 1rem 0 .6rem; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 .5rem; }
p.note, .note { color: var(--muted); font-size: .9rem; }
p.empty { color: var(--muted); font-style: italic; }
.kpis { display: flex; flex-wrap: wrap; gap: .8rem; list-style: none; padding: 0; margin: .6rem 0 1rem; }
.kpis li { border: 1px solid var(--line); border-radius: 8px; padding: .6rem .9rem; min-width: 10rem; background: var(--bg-soft); }
.kpis strong { display: block; font-size: 1.5rem; }
.grid-2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 0 1.5rem; }
.table-wrap { overflow-x: auto; margin: .3rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; caption-side: top; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #e8ecf2; position: sticky; top: 0; z-index: 1; }
tbody th { font-weight: 600; }
tbody tr:nth-child(even) { background: #fafbfc; }
tr:target { outline: 3px solid #f59e0b; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.msg { font-weight: 400; color: #2d3748; }
.small { font-size: .82rem; color: var(--muted); }
button.sort { all: unset; cursor: pointer; font-weight: 700; display: inline-block; width: 100%; }
button.sort::after { content: " ↕"; color: #6b7280; font-weight: 400; }
th[aria-sort="ascending"] button.sort::after { content: " ▲"; color: var(--ink); }
th[aria-sort="descending"] button.sort::after { content: " ▼"; color: var(--ink); }
.table-tools { display: flex; flex-wrap: wrap; gap: .4rem 1rem; align-items: center; margin: .6rem 0 .2rem; font-size: .88rem; }
.table-tools input, .table-tools select { font: inherit; padding: .2rem .35rem; border: 1px solid #8a94a6; border-radius: 4px; }
.table-tools input { min-width: 14rem; }
.row-count { color: var(--muted); }
.lvl { display: inline-block; padding: 0 .4rem; border-radius: 3px; font-weight: 600; white-space: nowrap; }
.lvl-0 { background: #d9f2e3; color: #0f3d24; }
.lvl-1 { background: #fbe7a1; color: #4a3400; }
.lvl-2 { background: #c2410c; color: #fff; }
.lvl-3 { background: #7f1d1d; color: #fff; }
.lvl-none { background: #eef0f3; color: #333a45; }
.sup-yes { background: #d1e7dd; color: #0f5132; }
.sup-partial { background: #fff3cd; color: #664d03; }
.sup-no { background: #f8d7da; color: #842029; }
.sup-not-applicable { background: #e2e3e5; color: #41464b; }
.badge { display: inline-block; padding: 0 .35rem; border-radius: 3px; font-weight: 600; white-space: nowrap; }
.warn { color: #a61b1b; font-weight: 600; }
.heatmaps { display: flex; flex-wrap: wrap; gap: 1.5rem; }
.heatmaps .heat { flex: 1 1 22rem; }
table.heatmap { width: auto; }
table.heatmap td { text-align: center; min-width: 4.2rem; height: 2.4rem; vertical-align: middle; border-radius: 0; display: table-cell; font-size: 1rem; }
table.heatmap td.lvl { font-weight: 400; }
table.heatmap td.has-risks strong { font-size: 1.15rem; }
progress { width: 10rem; height: .9rem; vertical-align: middle; accent-color: #1d6f42; }
ul.progress { list-style: none; padding: 0; }
ul.progress li { margin: .3rem 0; display: flex; gap: .6rem; align-items: center; flex-wrap: wrap; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
details { margin: .6rem 0; }
summary { cursor: pointer; font-weight: 600; }
figure.diagram { margin: .5rem 0; border: 1px solid var(--line); border-radius: 8px; padding: .5rem; background: #fff; }
.diagram-scroll { overflow: auto; }
figure.diagram svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figure.diagram.full-size svg { max-width: none; }
figure.diagram figcaption { font-size: .9rem; color: #2d3748; margin-top: .4rem; }
button.zoom { font: inherit; font-size: .85rem; margin-bottom: .4rem; padding: .15rem .6rem; border: 1px solid #8a94a6; border-radius: 4px; background: #fff; cursor: pointer; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1.4rem; font-size: .88rem; }
ul.legend li { display: flex; align-items: center; gap: .4rem; }
.legend-swatch { flex: none; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
footer.page { border-top: 1px solid var(--line); padding: 1rem 2rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 900px) { .layout { display: block; } nav.toc { position: static; max-height: none; border-right: 0; } main { padding: 0 1rem 2rem; } }
@media print {
  @page { size: A4; margin: 12mm 10mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 9.5pt; }
  header.page { background: #fff; color: var(--ink); padding: 0 0 .5rem; border-bottom: 2px solid var(--ink); }
  header.page p, header.page code { color: var(--ink); }
  .layout { display: block; }
  nav.toc, .no-print, .table-tools, .skip-link, button.zoom { display: none !important; }
  main { padding: 0; }
  section.major { break-before: page; border-top: 0; margin-top: 0; }
  section.major:first-of-type { break-before: auto; }
  h2, h3, caption, summary { break-after: avoid; page-break-after: avoid; }
  figure.diagram, .heatmaps, .kpis, ul.legend, dl.facts { break-inside: avoid; page-break-inside: avoid; }
  tr, td, th { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  thead th { position: static; }
  .table-wrap, .diagram-scroll { overflow: visible; }
  figure.diagram { border: 0; padding: 0; }
  figure.diagram svg { max-width: 100%; max-height: 240mm; width: auto; height: auto; }
  table { font-size: 7.5pt; width: 100%; }
  th, td { padding: .15rem .25rem; overflow-wrap: break-word; }
  button.sort { display: inline; }
  button.sort::after, th[aria-sort] button.sort::after { content: none !important; }
  /* the wide tables get landscape pages, so no column is cut off */
  @page wide { size: A4 landscape; margin: 10mm; }
  #soa, #risks, #conformance, #actions { page: wide; }
  details > summary { list-style: none; }
  a { color: inherit; }
}
`;
