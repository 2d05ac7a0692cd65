/**
 * Who can command what acts on the world. Commands are flows for control or administration; services and gateways
 * that receive commands and send commands on are taken to relay them, which is what aggregators, demand-response
 * platforms and cloud integrations do.
 */
import type { Truth } from '../model/condition.js';
import type { SystemGraph } from '../model/graph.js';
import type { ModelElement, ModelFlow } from '../model/types.js';
import type { ZoneKind } from '../model/vocabulary.js';

const COMMANDS = new Set(['control', 'admin']);
const ACTING_KINDS = new Set(['actuator', 'controller']);

/** Zones the site does not run and cannot keep available: the internet, a cloud, a supplier's own network. */
const OFF_SITE: ReadonlySet<ZoneKind> = new Set(['internet', 'cloud', 'vendor-network']);

/** Whether the element is off site; a zone the model does not state is not taken to be, so nothing rests on a guess. */
export function offSite(graph: SystemGraph, element: ModelElement): boolean {
  const kind = graph.zoneOf(element)?.kind;
  return kind !== undefined && OFF_SITE.has(kind);
}

export const isCommand = (flow: ModelFlow): boolean => COMMANDS.has(flow.purpose ?? '');

/** Devices act on the world, so an unstated device may be safety-relevant; software is not unless stated. */
export const safetyRelevant = (graph: SystemGraph, e: ModelElement): Truth =>
  e.safetyRelevant ?? (graph.isDevice(e) ? 'unknown' : false);

/**
 * Whether misusing the element's commands acts on the world: actuators and controllers do, anything stated
 * safety-relevant does; other devices are unknown until `safetyRelevant` is stated, and software does not.
 */
export function actsOnWorld(graph: SystemGraph, e: ModelElement): Truth {
  return ACTING_KINDS.has(e.kind) || safetyRelevant(graph, e);
}

/** The elements commands from `start` reach, directly or relayed, with the first flows on each path. */
export function commandReach(graph: SystemGraph, start: ModelElement): Map<string, ModelFlow> {
  const reached = new Map<string, ModelFlow>();
  const queue: [string, ModelFlow | undefined][] = [[start.id, undefined]];
  // an index, not shift(): a fleet's queue holds thousands and shift() moves every one of them each time
  for (let head = 0; head < queue.length; head++) {
    const [id, first] = queue[head]!;
    for (const flow of graph.flowsFrom.get(id) ?? []) {
      if (!isCommand(flow) || flow.to === start.id || reached.has(flow.to)) continue;
      reached.set(flow.to, first ?? flow);
      queue.push([flow.to, first ?? flow]);
    }
  }
  return reached;
}
