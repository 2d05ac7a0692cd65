/**
 * Escaping for HTML and SVG text and attribute values. Everything that comes from the model, a catalog file or an
 * evidence record goes through `esc`, so a name such as `<script>` or `"><img onerror=…>` stays inert text.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML/SVG text node or a quoted attribute value. */
export function esc(text: string | number | boolean | undefined | null): string {
  if (text === undefined || text === null) return '';
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Only absolute http(s) URLs become links; anything else (paths, `javascript:`, `data:`) stays text. */
export function isWebUrl(location: string): boolean {
  return /^https?:\/\/[^\s"'<>]+$/i.test(location);
}

/**
 * A user-provided evidence location: an http(s) URL as a link that opens in a new tab without access to this page
 * (rel="noopener noreferrer"), anything else as code text. The report itself never fetches it.
 */
export function evidenceLocation(location: string): string {
  return isWebUrl(location)
    ? `<a href="${esc(location)}" rel="noopener noreferrer" target="_blank">${esc(location)}</a>`
    : `<code>${esc(location)}</code>`;
}
