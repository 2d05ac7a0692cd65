/**
 * A minimal Office Open XML (SpreadsheetML) writer: tables of text and numbers with a bold, frozen header row, column
 * widths, an autofilter and drop-down lists, zipped with node:zlib (./zip-archive.ts). Written here rather than with
 * a spreadsheet library because iotassure needs only this much, and the libraries that do more pull in a dozen
 * packages (exceljs: archiver, unzipper, jszip, tmp, uuid…).
 *
 * Formula-safe by construction: text is always an inline string (`t="inlineStr"`), which no spreadsheet evaluates, and
 * text that starts with = + - @ also gets the quote-prefix style, so editing the cell keeps it text. Characters XML
 * cannot carry (control characters, lone surrogates) are replaced with U+FFFD.
 */
import { type ArchiveFile, zipArchive } from './zip-archive.js';

export type CellValue = string | number | undefined;

export interface Sheet {
  /** at most 31 characters, none of : \ / ? * [ ] (see sheetName) */
  name: string;
  header: readonly string[];
  rows: readonly CellValue[][];
  /** column widths in characters; default from the header */
  widths?: readonly number[];
  /** drop-down lists of allowed values, by column index */
  lists?: { column: number; values: readonly string[] }[];
}

/** Excel refuses longer cells. */
const MAX_CELL = 32_767;
const FORMULA_START = /^[=+\-@\t\r]/;
// XML 1.0 forbids C0 controls other than tab, LF, CR, and unpaired surrogates; U+FFFE/U+FFFF too
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding the characters XML cannot carry is what this is for
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A character xml() changes (or may: a surrogate is changed when it is unpaired); most cells have none. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: as NOT_XML
const XML_SPECIAL = /[&<>"\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;

function xml(text: string): string {
  if (!XML_SPECIAL.test(text)) return text;
  return (
    text
      .replace(NOT_XML, '\uFFFD')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // a literal carriage return is read back as a line feed (XML 1.0, 2.11): a reference keeps it
      .replace(/\r/g, '&#13;')
  );
}

/** A1-style column letters: 0 → A, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** A valid, unique sheet name: forbidden characters replaced, cut to 31 characters. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const base =
    wanted
      .replace(/[:\\/?*[\]]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 31)
      .trim() || 'sheet';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

// style 0: default; 1: bold header; 2: wrapped text; 3: wrapped text shown as typed (quote prefix)
const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="2"><font><sz val="10"/><name val="Calibri"/></font><font><b/><sz val="10"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1" quotePrefix="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

function cell(ref: string, value: CellValue, header: boolean): string {
  if (value === undefined || value === '') return '';
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"><v>${value}</v></c>` : '';
  const text = value.length > MAX_CELL ? `${value.slice(0, MAX_CELL - 1)}…` : value;
  const style = header ? 1 : FORMULA_START.test(text) ? 3 : 2;
  return `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${xml(text)}</t></is></c>`;
}

function row(index: number, values: readonly CellValue[], header = false): string {
  const cells = values.map((v, i) => cell(`${columnName(i)}${index}`, v, header)).join('');
  return `<row r="${index}">${cells}</row>`;
}

/** A worksheet's XML, a row at a time: a fleet's risk sheet is over 100 MB of XML, never built as one string. */
function* worksheet(sheet: Sheet): Generator<string> {
  const columns = sheet.header.length;
  const last = `${columnName(Math.max(0, columns - 1))}${sheet.rows.length + 1}`;
  const widths = sheet.header.map((h, i) => sheet.widths?.[i] ?? Math.min(60, Math.max(10, h.length + 4)));
  const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<dimension ref="A1:${last}"/>` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<cols>${cols}</cols><sheetData>`;
  yield row(1, sheet.header, true);
  for (let i = 0; i < sheet.rows.length; i++) yield row(i + 2, sheet.rows[i]!);
  const lists = (sheet.lists ?? []).filter((l) => sheet.rows.length > 0 && l.values.join(',').length <= 255);
  const validations = lists.length
    ? `<dataValidations count="${lists.length}">${lists
        .map(
          (l) =>
            `<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="${columnName(l.column)}2:${columnName(l.column)}${sheet.rows.length + 1}">` +
            `<formula1>"${xml(l.values.join(','))}"</formula1></dataValidation>`,
        )
        .join('')}</dataValidations>`
    : '';
  yield `</sheetData><autoFilter ref="A1:${last}"/>${validations}</worksheet>`;
}

/** A fixed time stamp keeps the file the same for the same assessment. */
const MTIME = new Date('2020-01-01T00:00:00Z');

/**
 * The workbook as the bytes of an .xlsx file. Each part is deflated as it is written, so only the compressed file is
 * ever held whole.
 */
export function xlsxWorkbook(sheets: readonly Sheet[]): Uint8Array {
  return zipArchive(workbookParts(sheets), MTIME);
}

/** The workbook's parts in the order the archive lists them; each sheet's text is made as it is zipped. */
function* workbookParts(sheets: readonly Sheet[]): Generator<ArchiveFile> {
  const part = (path: string, text: string | Iterable<string>): ArchiveFile => ({ path, text });
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  yield part(
    '[Content_Types].xml',
    `${head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      sheets
        .map(
          (_, i) =>
            `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
        )
        .join('') +
      '</Types>',
  );
  yield part(
    '_rels/.rels',
    `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      '</Relationships>',
  );
  yield part(
    'xl/workbook.xml',
    `${head}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` +
      sheets.map((s, i) => `<sheet name="${xml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets><definedNames>' +
      sheets
        .map(
          (s, i) =>
            `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${xml(s.name.replace(/'/g, "''"))}'!$A$1:$${columnName(Math.max(0, s.header.length - 1))}$${s.rows.length + 1}</definedName>`,
        )
        .join('') +
      '</definedNames></workbook>',
  );
  yield part(
    'xl/_rels/workbook.xml.rels',
    `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      sheets
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
      '</Relationships>',
  );
  yield part('xl/styles.xml', STYLES);
  for (const [i, s] of sheets.entries()) yield part(`xl/worksheets/sheet${i + 1}.xml`, worksheet(s));
}
