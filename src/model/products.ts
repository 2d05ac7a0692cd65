/**
 * Products: what is placed on the market or operated as a unit. EN 303 645 conformance statements, UK PSTI statements
 * of compliance and CRA assessments are made per product, so the assessment judges every requirement per product.
 *
 * A model that declares no `products` gets default ones: each device template that devices use is a product (its
 * instances are the product); devices without a template, and apps, are one product per kind and developer (named
 * after the element when it is the only one). A model with
 * neither gets one product holding everything the system runs. Markets, category, support period and SBOM come from
 * the product, else from `system:`; where neither says, they are unknown.
 */
import type { SourcePosition } from '../util/diagnostics.js';
import { getOrCreate } from '../util/maps.js';
import type { RawProduct, RawSystemModel } from './schema.js';
import type { ModelElement, ModelFlow, ModelOrganisation, ModelProduct } from './types.js';
import { DEVICE_KINDS, type ElementKind, type ProductKind } from './vocabulary.js';

const APP_KINDS: ReadonlySet<ElementKind> = new Set(['mobile-app', 'web-app']);
const SERVICE_KINDS: ReadonlySet<ElementKind> = new Set([
  'cloud-service',
  'management-service',
  'message-broker',
  'api-gateway',
  'data-store',
  'edge-service',
]);
/** Elements that are never part of a product: people, outside parties and the physical world. */
const NOT_PRODUCT_KINDS: ReadonlySet<ElementKind> = new Set(['user', 'external-party', 'physical-entity']);

type System = RawSystemModel['system'];
type Templates = ReadonlyMap<string, { id: string; name?: string }>;

interface Neighbourhood {
  elements: ReadonlyMap<string, ModelElement>;
  /** ids of the elements each element exchanges flows with */
  peers: ReadonlyMap<string, ReadonlySet<string>>;
  organisations: ReadonlyMap<string, ModelOrganisation>;
}

function neighbourhood(
  elements: readonly ModelElement[],
  flows: readonly ModelFlow[],
  organisations: readonly ModelOrganisation[],
): Neighbourhood {
  const peers = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    const set = getOrCreate(peers, a, () => new Set());
    set.add(b);
  };
  for (const flow of flows) {
    link(flow.from, flow.to);
    link(flow.to, flow.from);
  }
  return {
    elements: new Map(elements.map((e) => [e.id, e])),
    peers,
    organisations: new Map(organisations.map((o) => [o.id, o])),
  };
}

function isThirdParty(element: ModelElement, n: Neighbourhood): boolean {
  if (element.kind === 'external-party') return true;
  return element.operator !== undefined && n.organisations.get(element.operator)?.roles.length === 0;
}

/** Services the product's elements exchange data with directly, unless a third party runs them. */
function associatedServices(members: readonly string[], n: Neighbourhood): string[] {
  const memberSet = new Set(members);
  const services = new Set<string>();
  for (const id of members) {
    for (const peer of n.peers.get(id) ?? []) {
      const element = n.elements.get(peer);
      if (element && !memberSet.has(peer) && SERVICE_KINDS.has(element.kind) && !isThirdParty(element, n))
        services.add(peer);
    }
  }
  return [...services];
}

function kindOf(members: readonly string[], n: Neighbourhood): ProductKind {
  const kinds = members.map((id) => n.elements.get(id)?.kind);
  if (kinds.some((k) => k !== undefined && DEVICE_KINDS.has(k))) return 'device';
  if (kinds.some((k) => k !== undefined && APP_KINDS.has(k))) return 'app';
  return 'service';
}

/** The organisation that develops every element of the product, when they agree. */
function commonDeveloper(members: readonly string[], n: Neighbourhood): string | undefined {
  const developers = new Set(members.map((id) => n.elements.get(id)?.developer));
  return developers.size === 1 ? [...developers][0] : undefined;
}

function withSystemDefaults(
  raw: Omit<RawProduct, 'elements' | 'templates' | 'services'>,
  members: string[],
  n: Neighbourhood,
  system: System,
  services: string[] | undefined,
  declared: boolean,
  source: SourcePosition,
): ModelProduct {
  const supportPeriod = raw.supportPeriod ?? system.lifecycle?.supportPeriod;
  return {
    ...raw,
    name: raw.name ?? raw.id,
    kind: raw.kind ?? kindOf(members, n),
    elements: members,
    services: (services ?? associatedServices(members, n)).filter((id) => !members.includes(id)),
    manufacturer: raw.manufacturer ?? commonDeveloper(members, n),
    markets: raw.markets ?? system.markets,
    category: raw.category ?? system.category,
    supportPeriod: supportPeriod && {
      ...supportPeriod,
      published: supportPeriod.published === 'unknown' ? undefined : supportPeriod.published,
    },
    sbom: raw.sbom ?? system.lifecycle?.sbom,
    declared,
    source,
  };
}

/** A product the model declares, with its members resolved and the system's defaults applied. */
export function declaredProduct(
  raw: RawProduct,
  members: string[],
  elements: readonly ModelElement[],
  flows: readonly ModelFlow[],
  organisations: readonly ModelOrganisation[],
  system: System,
  source: SourcePosition,
): ModelProduct {
  const { elements: _elements, templates: _templates, services, ...rest } = raw;
  const n = neighbourhood(elements, flows, organisations);
  return withSystemDefaults(rest, members, n, system, services, true, source);
}

/** The products of a model that declares none (see the module comment). */
export function defaultProducts(
  system: System,
  elements: readonly ModelElement[],
  flows: readonly ModelFlow[],
  organisations: readonly ModelOrganisation[],
  templates: Templates,
  source: SourcePosition,
): ModelProduct[] {
  const n = neighbourhood(elements, flows, organisations);
  const groups = new Map<string, { id: string; name: string; members: ModelElement[] }>();
  for (const element of elements) {
    const device = DEVICE_KINDS.has(element.kind);
    if (!device && !APP_KINDS.has(element.kind)) continue;
    // Instances of one template are one product; elements without a template are grouped by kind and developer, so
    // a fleet written element by element is a handful of products, not one per element.
    const key =
      device && element.template !== undefined
        ? `template:${element.template}`
        : `${element.kind}|${element.developer ?? ''}`;
    const group = groups.get(key);
    if (group) group.members.push(element);
    else {
      const id = device && element.template !== undefined ? element.template : element.id;
      const name = device && element.template !== undefined ? (templates.get(id)?.name ?? id) : element.name;
      groups.set(key, { id, name, members: [element] });
    }
  }
  if (groups.size === 0) {
    const members = elements.filter((e) => !NOT_PRODUCT_KINDS.has(e.kind)).map((e) => e.id);
    const id = system.id ?? 'system';
    return [withSystemDefaults({ id, name: system.name }, members, n, system, [], false, source)];
  }
  return [...groups.values()].map((group) => {
    const single = group.members.length === 1 || group.members[0]!.template !== undefined;
    const first = group.members[0]!;
    const name = single ? group.name : `${first.kind} devices${first.developer ? ` of ${first.developer}` : ''}`;
    const id = single ? group.id : `${first.kind}${first.developer ? `-${first.developer}` : ''}`;
    const members = group.members.map((e) => e.id);
    return withSystemDefaults({ id, name }, members, n, system, undefined, false, source);
  });
}
