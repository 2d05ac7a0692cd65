/**
 * The page shell: landmarks (banner, navigation, main, contentinfo), a skip link, the table of contents, and a
 * Content-Security-Policy that lets only this page's own style and script run and fetch nothing at all — a
 * second line of defence behind the escaping.
 */
import { createHash } from 'node:crypto';
import { esc } from './escape.js';
import { SCRIPT } from './script.js';
import { STYLES } from './styles.js';

export interface Section {
  id: string;
  title: string;
  html: string;
}

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `style-src ${hash(STYLES)}`,
    `script-src ${hash(SCRIPT)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function toc(sections: Section[]): string {
  const items = sections.map((s) => `<li><a href="#${s.id}">${esc(s.title)}</a></li>`).join('');
  return `<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">Contents</h2><ol>${items}</ol></nav>`;
}

function section(s: Section): string {
  return `<section class="major" id="${s.id}" aria-labelledby="${s.id}-title"><h2 id="${s.id}-title">${esc(s.title)}</h2>\n${s.html}\n</section>`;
}

export function page(options: { title: string; header: string; sections: Section[]; footer: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy())}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="iotassure">
<title>${esc(options.title)}</title>
<link rel="icon" href="data:,">
<style>${STYLES}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to the report</a>
<header class="page" role="banner">${options.header}</header>
<div class="layout">
${toc(options.sections)}
<main id="main" tabindex="-1">
${options.sections.map(section).join('\n')}
</main>
</div>
<footer class="page" role="contentinfo">${options.footer}</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
