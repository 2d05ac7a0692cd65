/** Reading CSV back in tests, strictly, so a writer's quoting mistake fails the test instead of being forgiven. */
import assert from 'node:assert/strict';

/** A strict RFC 4180 reader: fields, quotes doubled inside quoted fields, CRLF record ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' && field === '') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        assert.ok(q >= 0, 'unterminated quoted field');
        field += text.slice(i, q);
        i = q + 1;
        if (text[i] === '"') {
          field += '"';
          i++;
        } else break;
      }
      assert.ok(text[i] === ',' || text[i] === '\r', `a quoted field ends at a separator, found ${text[i]}`);
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r') {
      assert.equal(text[i + 1], '\n', 'records end with CRLF');
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      assert.notEqual(c, '\n', 'a bare line feed only inside quotes');
      field += c;
      i++;
    }
  }
  assert.equal(field + row.join(''), '', 'the document ends with CRLF');
  return rows;
}
