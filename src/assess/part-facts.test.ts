/**
 * Facts on every part at once answer exactly what judging each part's own scope answers: for every fact, on every
 * element, flow and data asset of the bundled examples, and for conditions combining them with all / any / not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateCondition } from '../model/condition.js';
import { evaluateFacts, FACTS, judgeFact } from '../model/facts.js';
import { SystemGraph } from '../model/graph.js';
import { loadModelFile } from '../model/load.js';
import type { Scope } from '../model/types.js';
import { ScopedFacts } from './context.js';
import { type LevelParts, PartFacts, type PartLevel, truthOfCode } from './part-facts.js';

const EXAMPLES = ['monitoring-camera', 'smart-home', 'industrial-sensors'];

function partsOf(graph: SystemGraph): (level: PartLevel) => LevelParts {
  const levels: Record<PartLevel, { id: string; scope: () => Scope }[]> = {
    element: graph.model.elements.map((e) => ({ id: e.id, scope: () => graph.scopeOf([e]) })),
    flow: graph.model.flows.map((f) => ({ id: f.id, scope: () => graph.flowScope(f) })),
    'data-asset': graph.model.dataAssets.map((d) => ({ id: d.id, scope: () => graph.dataScope(d) })),
  };
  return (level) => ({
    ids: levels[level].map((p) => p.id),
    index: new Map(levels[level].map((p, i) => [p.id, i])),
    scope: (i) => levels[level][i]!.scope(),
  });
}

for (const example of EXAMPLES) {
  describe(`part facts on ${example}`, () => {
    const graph = new SystemGraph(loadModelFile(`examples/${example}/system.yaml`));
    const parts = partsOf(graph);
    const partFacts = new PartFacts(graph, new ScopedFacts(graph, evaluateFacts(graph)), parts);
    const levels: PartLevel[] = ['element', 'flow', 'data-asset'];

    it('every fact on every part equals the fact judged on that part’s scope alone', () => {
      let compared = 0;
      for (const level of levels) {
        const { ids, scope } = parts(level);
        for (const fact of FACTS) {
          const answers = partFacts.condition(fact.id, level, fact.id);
          ids.forEach((id, i) => {
            assert.equal(
              truthOfCode(answers[i]!),
              judgeFact(fact, graph, scope(i)).holds,
              `${fact.id} on ${level} ${id}`,
            );
            compared++;
          });
        }
      }
      assert.ok(compared > 1000, `compared ${compared}`);
    });

    it('conditions combine the answers in three-valued logic', () => {
      const [a, b, c] = ['devices-present', 'personal-data-processed', 'remote-access'];
      const condition = { all: [a!, { any: [b!, { not: c! }] }] };
      const { ids, scope } = parts('element');
      const answers = partFacts.condition(condition, 'element', 'test');
      ids.forEach((id, i) => {
        const expected = evaluateCondition(condition, (f) =>
          judgeFact(FACTS.find((x) => x.id === f)!, graph, scope(i)),
        );
        assert.equal(truthOfCode(answers[i]!), expected.holds, id);
      });
    });
  });
}
