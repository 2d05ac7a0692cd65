/** Plain scalars as the YAML 1.2 core schema reads them, shared by both YAML readers. */

/** The plain scalars that are null or a boolean (YAML 1.2 core schema); the empty scalar is null too. */
const KEYWORDS: ReadonlyMap<string, null | boolean> = new Map([
  ...['~', 'null', 'Null', 'NULL'].map((word) => [word, null] as const),
  ...['true', 'True', 'TRUE'].map((word) => [word, true] as const),
  ...['false', 'False', 'FALSE'].map((word) => [word, false] as const),
]);

/** The first characters a number can have. */
const NUMBER_START = new Set('-+.0123456789');

/** YAML 1.2 core schema resolution of plain scalars. Dates stay strings on purpose. */
export function resolvePlainScalar(raw: string): unknown {
  if (raw === '') return null;
  const keyword = KEYWORDS.get(raw);
  if (keyword !== undefined) return keyword;
  // Most scalars are words (ids, kinds, protocols): one look at the first character spares them six regexes, which
  // were half the time of reading a fleet model.
  if (!NUMBER_START.has(raw[0]!)) return raw;
  if (/^[-+]?[0-9]+$/.test(raw)) return Number.parseInt(raw, 10);
  if (/^0o[0-7]+$/.test(raw)) return Number.parseInt(raw.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(raw)) return Number.parseInt(raw.slice(2), 16);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(raw)) return Number.parseFloat(raw);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(raw))
    return raw.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^\.(nan|NaN|NAN)$/.test(raw)) return Number.NaN;
  return raw;
}
