/** References from findings to the model nodes they are about. */
import type { SystemGraph } from '../model/graph.js';
import { flowName, type SubjectRef } from './assessment.js';

/** Looks a model id up among elements, flows, data assets, zones, organisations and products. */
export function subjectRef(graph: SystemGraph, id: string): SubjectRef {
  const element = graph.elements.get(id);
  if (element) return { id, type: 'element', name: element.name, source: element.source };
  const flow = graph.flows.get(id);
  if (flow) return { id, type: 'flow', name: flowName(flow.from, flow.to), source: flow.source };
  const data = graph.dataAssets.get(id);
  if (data) return { id, type: 'data-asset', name: data.name, source: data.source };
  const zone = graph.zones.get(id);
  if (zone) return { id, type: 'zone', name: zone.name, source: zone.source };
  const organisation = graph.organisations.get(id);
  if (organisation) return { id, type: 'organisation', name: organisation.name, source: organisation.source };
  const product = graph.products.get(id);
  if (product) return { id, type: 'product', name: product.name, source: product.source };
  return { id, type: 'system', name: graph.model.system.name, source: graph.model.system.source };
}
