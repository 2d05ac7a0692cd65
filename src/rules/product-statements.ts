/**
 * Where statements made per product (the support period, the SBOM) are judged: on each product the model declares,
 * with what it states or inherits from `system.lifecycle`; or once on the system when the model declares no products,
 * since the products iotassure derives all inherit the system's statement and one finding says it once.
 */
import type { SystemGraph } from '../model/graph.js';
import type { ModelProduct } from '../model/types.js';
import type { ProductKind } from '../model/vocabulary.js';

export interface StatementHolder {
  id: string;
  name: string;
  supportPeriod?: { end: string; published?: boolean };
  sbom?: string;
  /** the model key of a statement on this holder, for questions */
  key(name: 'supportPeriod' | 'supportPeriod.published' | 'sbom'): string;
}

/** Products that run software a manufacturer supports: devices, apps and stand-alone software, not hosted services. */
const SUPPORTED: ReadonlySet<ProductKind> = new Set(['device', 'app', 'software']);

export function statementHolders(graph: SystemGraph): StatementHolder[] {
  const declared = graph.model.products.filter((p) => p.declared);
  if (declared.length > 0) return declared.filter((p) => SUPPORTED.has(p.kind)).map(ofProduct);
  const { system } = graph.model;
  const period = system.lifecycle?.supportPeriod;
  return [
    {
      id: graph.systemId,
      name: system.name,
      supportPeriod: period && {
        end: period.end,
        published: period.published === 'unknown' ? undefined : period.published,
      },
      sbom: system.lifecycle?.sbom,
      key: (name) => `system.lifecycle.${name}`,
    },
  ];
}

function ofProduct(product: ModelProduct): StatementHolder {
  return {
    id: product.id,
    name: product.name,
    supportPeriod: product.supportPeriod,
    sbom: product.sbom,
    key: (name) => name,
  };
}
