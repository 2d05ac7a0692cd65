/** Wording that several rules share, so their messages name things the same way. */
import type { SystemGraph } from '../model/graph.js';
import type { ModelService } from '../model/types.js';

/** "TELNET 23", "HTTPS" */
export const serviceLabel = (s: Pick<ModelService, 'protocol' | 'port'>): string =>
  `${s.protocol.toUpperCase()}${s.port ? ` ${s.port}` : ''}`;

/** The names of some elements, in order, without repeats. */
export const namesOf = (graph: SystemGraph, ids: Iterable<string>): string =>
  [...new Set(ids)].map((id) => graph.element(id).name).join(', ');

/** "3 flows", "1 flow" */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
