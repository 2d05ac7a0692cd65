/** Builds models for tests from a small YAML text: the loader, defaults and graph are the real ones. */
import type { SystemModel } from '../../src/model/types.js';
import { snippetGraph, snippetModel } from '../../src/rules/tester.js';

/** A model from YAML that only needs `elements` (and whatever else the test is about). */
export const modelFrom = (yaml: string, file = 'test.yaml'): SystemModel => snippetModel(yaml, file);

export const graphFrom = snippetGraph;
