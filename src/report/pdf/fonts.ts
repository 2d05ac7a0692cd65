/**
 * The fonts of the PDF: DejaVu Sans, embedded (pdfkit keeps only the glyphs used), so names in Cyrillic, Greek,
 * Latin with diacritics, arrows and common symbols print as written. The built-in PDF fonts carry Windows-1252 only.
 * The files come from the `dejavu-fonts-ttf` package, found beside this module at run time, so a checkout, a global
 * install and `npx` all use the copy npm installed with iotassure.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';

const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/** pdfkit takes a font file's path as the font's name and caches it per document */
export const FONT = join(fontDir, 'DejaVuSans.ttf');
export const BOLD = join(fontDir, 'DejaVuSans-Bold.ttf');

let shown: ReadonlySet<number> | undefined;

/** Code points both fonts have a glyph for: text in either weight never falls back to the empty .notdef glyph. */
export function shownCodePoints(): ReadonlySet<number> {
  if (!shown) {
    const [regular, bold] = [FONT, BOLD].map((path) => {
      const font = fontkit.openSync(path);
      if (!('characterSet' in font)) throw new Error(`${path} is a font collection, not one font`);
      return font;
    });
    shown = new Set(regular!.characterSet.filter((c) => bold!.hasGlyphForCodePoint(c)));
  }
  return shown;
}
