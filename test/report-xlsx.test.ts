/**
 * XLSX, read back by an independent reader (Python's openpyxl, Debian python3-openpyxl), not by the code that wrote
 * it: sheet names, frozen and filtered headers, a known row of the statement of applicability and of a conformance
 * statement, the statements and coverage sheets equal to their CSV files, the risk register worst first, and hostile
 * model text that stays a string however it begins.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Assessment } from '../src/assess/assessment.js';
import { csvRenderer } from '../src/report/csv.js';
import { renderer } from '../src/report/index.js';
import { contentText } from '../src/report/write.js';
import { columnName, sheetName } from '../src/report/xlsx-writer.js';
import { tempDir } from './fixtures/system.js';
import { parseCsv } from './support/csv.js';
import { assessFile, CAMERA } from './support/reports.js';

interface SheetDump {
  name: string;
  freeze: string | null;
  filter: string | null;
  validations: string[];
  /** quote: the cell's style keeps what is typed into it as text (Excel's quote prefix) */
  rows: { value: unknown; type: string; quote: boolean }[][];
}

/** The workbook as openpyxl sees it: every sheet with its cells' values and types. */
function readBack(file: string): SheetDump[] {
  const script = `
import json, sys, warnings
warnings.simplefilter('ignore')
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    out.append({'name': ws.title, 'freeze': ws.freeze_panes, 'filter': ws.auto_filter.ref,
                'validations': [str(v.sqref) for v in ws.data_validations.dataValidation],
                'rows': [[{'value': c.value, 'type': c.data_type, 'quote': bool(c.quotePrefix)} for c in row]
                         for row in ws.iter_rows()]})
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { maxBuffer: 1 << 28 }).toString());
}

const HOSTILE = [
  '=HYPERLINK("http://attacker.invalid","x")',
  '+1+1',
  '-2+3',
  '@SUM(A1)',
  "=cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=2+2',
];

async function write(a: Assessment): Promise<SheetDump[]> {
  const [file] = await (await renderer('xlsx'))!.render(a, { catalog: assessFile(CAMERA).catalog });
  assert.equal(file!.name, 'report.xlsx');
  assert.ok(file!.content instanceof Uint8Array, 'bytes');
  const path = join(tempDir('iotassure-xlsx-'), file!.name);
  writeFileSync(path, file!.content);
  return readBack(path);
}

describe('xlsx: the camera example read back by openpyxl', () => {
  let a: Assessment;
  let sheets: SheetDump[];
  const sheet = (name: string) => {
    const s = sheets.find((x) => x.name === name);
    assert.ok(s, `sheet ${name}`);
    return s;
  };
  const values = (row: { value: unknown }[] | undefined) => (row ?? []).map((c) => c.value);

  before(async () => {
    a = assessFile(CAMERA).assessment;
    sheets = await write(a);
  });

  it('has the sheets in order, each with a frozen, filtered header', () => {
    const names = sheets.map((s) => s.name);
    assert.deepEqual(names.slice(0, 3), ['summary', 'risk register', 'statement of applicability']);
    assert.deepEqual(names.slice(-5), ['coverage', 'action plan', 'questions', 'findings', 'provenance']);
    const products = a.conformance.flatMap((c) =>
      c.scope.applies === false ? [] : c.products.filter((p) => p.scope.applies !== false),
    );
    assert.equal(names.length, 8 + products.length, 'one sheet per framework and product in scope');
    assert.ok(
      names.includes('5 etsi-en-303-645-v2 c2-camera') || names.some((n) => /etsi-en-303-645 c2-camera$/.test(n)),
    );
    for (const s of sheets) {
      assert.equal(s.freeze, 'A2', `${s.name} header frozen`);
      assert.match(s.filter ?? '', /^A1:[A-Z]+\d+$/, `${s.name} has a filter`);
      assert.ok(s.name.length <= 31);
    }
  });

  it('holds every control in clause order, with its statement and derived not-applicable shown as such', () => {
    const soa = sheet('statement of applicability');
    assert.equal(soa.rows.length, 1 + a.controls.length);
    const header = values(soa.rows[0]);
    assert.deepEqual(header.slice(0, 6), ['control', 'clause', 'title', 'statement', 'applies', 'status']);
    const clauses = soa.rows.slice(1).map((r) => String(r[1]!.value).split('.').map(Number));
    for (let i = 1; i < clauses.length; i++) {
      const [x, y] = [clauses[i - 1]!, clauses[i]!];
      const k = x.findIndex((n, j) => n !== y[j]);
      assert.ok(k < 0 || y[k] === undefined || (x[k] ?? -1) < y[k]!, `clause order at row ${i + 1}`);
    }
    const row = soa.rows.find((r) => r[0]!.value === 'password-credential-quality');
    assert.ok(row, 'a known control');
    assert.ok(String(row[3]!.value).length > 20, 'with its statement');
    const derived = soa.rows.find((r) => r[0]!.value === 'code-execution-control');
    assert.ok(derived, 'a control the model rules out');
    assert.equal(derived[5]!.value, 'not applicable (derived from the model)');
    assert.match(String(derived[6]!.value), /does not apply/);
    assert.deepEqual(soa.validations, [`E2:E${a.controls.length + 1}`]);
  });

  it('writes the EN 303 645 statement per product with a known provision', () => {
    const ics = sheets.find((s) => /^\d+ etsi-en-303-645 c2-camera$/.test(s.name));
    assert.ok(ics, 'EN 303 645 V3 for the camera');
    const row = ics.rows.find((r) => r[4]!.value === '5.1-1');
    assert.deepEqual(values(row).slice(0, 9), [
      'Vistacam C2 camera',
      'c2-camera',
      'ETSI EN 303 645 V3.1.3',
      'etsi-en-303-645',
      '5.1-1',
      'Once out of the factory state, each login password is unique to its device or chosen by the user',
      'M C',
      'a holds',
      'yes',
    ]);
    assert.deepEqual(ics.validations, [`I2:I${ics.rows.length}`], 'support offers its values');
    const unjustified = ics.rows.filter((r) => r[10]!.value === 'MISSING: no justification recorded');
    const provisions = a.conformance.find((c) => c.framework === 'etsi-en-303-645')!.products[0]!;
    assert.equal(unjustified.length, provisions.summary.recommendationsWithoutJustification);
    assert.ok(unjustified.length > 0, 'the example leaves recommendations unjustified');
  });

  it('holds the same rows as statements.csv and coverage.csv', async () => {
    const csv = Object.fromEntries(
      (await csvRenderer.render(a)).map((f) => [f.name, parseCsv(contentText(f.content).slice(1))]),
    );
    // openpyxl reads an empty cell as None and CSV as an empty field
    const text = (s: SheetDump) => s.rows.map((r) => r.map((c) => (c.value === null ? '' : String(c.value))));
    const statements = csv['statements.csv']!;
    const ics = sheets.filter((s) => /^\d+ /.test(s.name));
    assert.ok(ics.length > 0);
    for (const s of ics) assert.deepEqual(text(s)[0], statements[0], `${s.name}: the same columns as statements.csv`);
    assert.deepEqual(
      ics.flatMap((s) => text(s).slice(1)),
      statements.slice(1),
      'the sheets, one after the other, are statements.csv row for row',
    );
    const recorder = sheets.find((s) => /^\d+ etsi-en-303-645 recorder-nvr$/.test(s.name));
    assert.ok(recorder, 'EN 303 645 V3 for the recorder');
    const csvRows = statements.filter((r) => r[1] === 'recorder-nvr' && r[3] === 'etsi-en-303-645');
    assert.equal(csvRows.length, recorder.rows.length - 1);
    assert.deepEqual(text(recorder).slice(1), csvRows);
    assert.equal(csvRows.find((r) => r[4] === '5.1-1')![8], 'no', "the recorder's shared default password");

    const coverage = sheet('coverage');
    assert.equal(coverage.rows.length, csv['coverage.csv']!.length, 'as many rows as coverage.csv');
    assert.equal(coverage.rows.length, 1 + a.conformance.reduce((n, c) => n + c.provisions.length, 0));
    assert.deepEqual(text(coverage), csv['coverage.csv'], 'cell for cell');
    assert.deepEqual(values(coverage.rows[0]).slice(4, 8), ['requirement', 'title', 'status', 'addressees']);
    assert.deepEqual(coverage.validations, [`J2:J${coverage.rows.length}`], 'support offers its values');
  });

  it('lists risks worst first', () => {
    const risks = sheet('risk register');
    assert.equal(risks.rows.length, 1 + a.risks.length);
    const rank = (level: unknown) => a.riskMatrix.levels.indexOf(String(level));
    const levels = risks.rows.slice(1).map((r) => rank(r[4]!.value));
    assert.deepEqual(
      levels,
      [...levels].sort((x, y) => y - x),
    );
  });
});

describe('xlsx: hostile text stays text', () => {
  it('writes model text that looks like a formula as a string, never a formula', async () => {
    const a = structuredClone(assessFile(CAMERA).assessment);
    a.model.name = HOSTILE[0]!;
    a.risks[0]!.title = HOSTILE[1]!;
    a.controls[0]!.title = HOSTILE[2]!;
    a.findings.push({
      kind: 'contradiction',
      message: HOSTILE[3]!,
      action: `${HOSTILE[4]}\u0000\u0007`,
      source: a.model.source,
    });
    a.questions[0]!.title = HOSTILE[5]!;
    a.gaps[0]!.owner = HOSTILE[6]!;
    const sheets = await write(a);
    const cells = sheets.flatMap((s) => s.rows.flat());
    for (const text of HOSTILE) {
      const found = cells.filter((c) => typeof c.value === 'string' && c.value.startsWith(text));
      assert.ok(found.length > 0, `${text} is in the workbook`);
      for (const c of found) {
        assert.equal(c.type, 's', `${JSON.stringify(text)} is a string cell`);
        assert.ok(c.quote, `${JSON.stringify(text)} stays text when edited (quote prefix)`);
      }
    }
    assert.ok(
      cells.some((c) => c.value === HOSTILE[6]),
      'a carriage return survives (XML readers turn a literal one into a line feed)',
    );
    const plain = cells.filter((c) => c.value === 'system');
    assert.ok(plain.length > 0 && plain.every((c) => !c.quote), 'plain text has no quote prefix');
    assert.ok(!cells.some((c) => c.type === 'f'), 'no formula cells at all');
    assert.ok(
      cells.some((c) => c.value === `${HOSTILE[4]}\uFFFD\uFFFD`),
      'characters XML cannot carry are replaced',
    );
  });
});

describe('xlsx: sheet names and cell references', () => {
  it('makes valid, unique sheet names and A1 columns', () => {
    const taken = new Set<string>();
    assert.equal(sheetName('a/b:c*d?[e]', taken), 'a b c d e');
    assert.equal(sheetName('A B C D E', taken), 'A B C D E 2');
    assert.equal(sheetName('x'.repeat(40), taken).length, 31);
    assert.deepEqual([0, 25, 26, 701, 702].map(columnName), ['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });
});
