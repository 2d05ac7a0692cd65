/**
 * Text from a device (a banner, a header, a resource name) or from a model file is printed on a terminal next to
 * iotassure's own words; a control sequence in it would be obeyed — a hostile device could clear the screen, move
 * the cursor or paint its own "PASS". Such text goes through `forTerminal` on its way to a terminal, and only there:
 * JSON, evidence and reports keep it intact (JSON escapes control characters itself).
 */

/**
 * C0 and C1 controls, DEL, and the invisible format characters that reorder or hide text (bidi overrides and
 * isolates, zero-width characters, the byte-order mark).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this is for
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** The text with every unsafe character shown as a visible escape (\x1b, \n, \u202e), on one line. */
export function forTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
