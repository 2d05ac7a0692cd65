/** The part of the model that reports draw and list (diagram, data inventory), as plain data in the assessment. */
import { SystemGraph } from '../model/graph.js';
import type { SystemModel } from '../model/types.js';
import type { SystemView } from './assessment.js';

/** The system view a model's assessment will hold, made before assessing it (the PDF's thread draws it meanwhile). */
export const modelSystemView = (model: SystemModel): SystemView => systemView(new SystemGraph(model));

export function systemView(graph: SystemGraph): SystemView {
  const { model } = graph;
  return {
    zones: model.zones.map((z) => ({ id: z.id, name: z.name, kind: z.kind, trust: z.trust, parent: z.parent })),
    boundaries: model.boundaries.map((b) => ({
      id: b.id,
      between: b.between,
      enforcement: b.enforcement ?? [],
      description: b.description,
    })),
    elements: model.elements.map((e) => ({
      id: e.id,
      name: e.name,
      kind: e.kind,
      domain: e.domain,
      zone: e.zone,
      count: e.count,
      source: e.source,
    })),
    flows: model.flows.map((f) => ({
      id: f.id,
      from: f.from,
      to: f.to,
      protocol: f.protocol,
      encryption: f.encryption,
      authentication: f.authentication,
      crossesBoundary: graph.crossesBoundary(f),
      personalData: graph.personalDataIn(f).length > 0,
      bidirectional: f.bidirectional === true,
      data: f.data,
      source: f.source,
    })),
    dataAssets: model.dataAssets.map((d) => ({
      id: d.id,
      name: d.name,
      classification: d.classification,
      personalData: d.personalData && {
        categories: d.personalData.categories,
        sensitive: d.personalData.sensitive,
        subjects: d.personalData.subjects ?? [],
      },
      purposes: d.purposes.map((p) => p.purpose),
      legalBasis: d.legalBases.join(', ') || undefined,
      retention: d.retention,
      storedIn: d.storedIn,
      source: d.source,
    })),
    organisations: model.organisations.map((o) => ({ id: o.id, name: o.name, roles: o.roles })),
    products: model.products.map((p) => ({
      id: p.id,
      name: p.name,
      kind: p.kind,
      category: p.category,
      markets: p.markets,
      manufacturer: p.manufacturer,
      version: p.version,
      elements: p.elements,
      services: p.services,
      supportPeriodEnd: p.supportPeriod?.end,
      declared: p.declared,
      source: p.source,
    })),
  };
}
