/** Builds models for tests from a small YAML text: the loader, defaults and graph are the real ones. */
import { SystemGraph } from '../../src/model/graph.js';
import { loadModelText } from '../../src/model/load.js';
import type { SystemModel } from '../../src/model/types.js';

/** A model from YAML that only needs `elements` (and whatever else the test is about). */
export function modelFrom(yaml: string, file = 'test.yaml'): SystemModel {
  const text = /^system:/m.test(yaml) ? yaml : `system: { name: Test system, region: EU }\n${yaml}`;
  return loadModelText(file, text);
}

export function graphFrom(yaml: string): SystemGraph {
  return new SystemGraph(modelFrom(yaml));
}
