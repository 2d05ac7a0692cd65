/**
 * The import structure: no module imports itself through others, and the layers keep their direction. The
 * observation/evidence contract (src/evidence) sits between verify, which writes it, and assess, which reads it;
 * neither of those imports the other, and the model does not import verify.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const SRC = resolve(import.meta.dirname, '../src');

/** Every module under src and the modules it imports (relative imports, `import type` included). */
function importGraph(): Map<string, string[]> {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? files(join(dir, e.name))
        : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
          ? [join(dir, e.name)]
          : [],
    );
  const graph = new Map<string, string[]>();
  for (const file of files(SRC)) {
    const text = readFileSync(file, 'utf8');
    const imports = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+['"](\.[^'"]+)['"]/gm)].map((m) =>
      relative(SRC, resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'))),
    );
    graph.set(relative(SRC, file), imports);
  }
  return graph;
}

/** The cycles of the graph, each as the modules on it (Tarjan's strongly connected components of size > 1). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('architecture', () => {
  const graph = importGraph();

  it('finds the modules and their imports', () => {
    assert.ok(graph.size > 100, `${graph.size} modules`);
    assert.ok(graph.get('verify/runner.ts')?.includes('evidence/observation.ts'));
  });

  it('the cycle finder finds a cycle', () => {
    const looped = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    assert.deepEqual(cycles(looped), [['a.ts', 'b.ts', 'c.ts']]);
  });

  it('has no import cycles', () => {
    assert.deepEqual(cycles(graph), []);
  });

  const rules: [string, string[]][] = [
    ['evidence/', ['verify/', 'assess/', 'report/', 'cli/', 'server/']],
    ['verify/', ['assess/', 'report/', 'cli/', 'server/']],
    ['assess/', ['verify/']],
    ['model/', ['verify/', 'assess/', 'evidence/', 'report/', 'cli/']],
  ];
  for (const [layer, forbidden] of rules) {
    it(`src/${layer} imports nothing from ${forbidden.map((f) => `src/${f}`).join(', ')}`, () => {
      const offending = [...graph]
        .filter(([module]) => module.startsWith(layer))
        .flatMap(([module, imports]) =>
          imports.filter((i) => forbidden.some((f) => i.startsWith(f))).map((i) => `${module} → ${i}`),
        );
      assert.deepEqual(offending, []);
    });
  }
});
