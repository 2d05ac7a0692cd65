/**
 * SystemGraph: the model with the indexes and derived relations that rules and scoping ask about. Built once per
 * assessment in linear time; every query is a map lookup.
 */
import { getOrCreate } from '../util/maps.js';
import type {
  ModelDataAsset,
  ModelElement,
  ModelFlow,
  ModelOrganisation,
  ModelProduct,
  ModelZone,
  Scope,
  SystemModel,
} from './types.js';
import { DEVICE_KINDS, type TrustLevel } from './vocabulary.js';

/** The parts of a model that a product's scope is made of. */
export type PartType = 'element' | 'flow' | 'data-asset';

const NO_PRODUCTS: readonly ModelProduct[] = [];

const TRUST_RANK: Readonly<Record<TrustLevel, number>> = { untrusted: 0, low: 1, medium: 2, high: 3 };

export class SystemGraph {
  readonly model: SystemModel;
  readonly elements: ReadonlyMap<string, ModelElement>;
  readonly zones: ReadonlyMap<string, ModelZone>;
  readonly flows: ReadonlyMap<string, ModelFlow>;
  readonly dataAssets: ReadonlyMap<string, ModelDataAsset>;
  readonly organisations: ReadonlyMap<string, ModelOrganisation>;
  readonly products: ReadonlyMap<string, ModelProduct>;
  /** the products each element belongs to, as the product or one of its associated services */
  readonly productsOf: ReadonlyMap<string, ModelProduct[]>;
  readonly flowsFrom: ReadonlyMap<string, ModelFlow[]>;
  readonly flowsTo: ReadonlyMap<string, ModelFlow[]>;
  private readonly stored: ReadonlyMap<string, ModelDataAsset[]>;
  private deviceList: ModelElement[] | undefined;

  constructor(model: SystemModel) {
    this.model = model;
    this.elements = new Map(model.elements.map((e) => [e.id, e]));
    this.zones = new Map(model.zones.map((z) => [z.id, z]));
    this.flows = new Map(model.flows.map((f) => [f.id, f]));
    this.dataAssets = new Map(model.dataAssets.map((d) => [d.id, d]));
    this.organisations = new Map(model.organisations.map((o) => [o.id, o]));
    this.products = new Map(model.products.map((p) => [p.id, p]));
    const productsOf = new Map<string, ModelProduct[]>();
    for (const product of model.products) {
      for (const id of [...product.elements, ...product.services]) pushTo(productsOf, id, product);
    }
    this.productsOf = productsOf;
    const from = new Map<string, ModelFlow[]>();
    const to = new Map<string, ModelFlow[]>();
    for (const flow of model.flows) {
      pushTo(from, flow.from, flow);
      pushTo(to, flow.to, flow);
    }
    this.flowsFrom = from;
    this.flowsTo = to;
    const stored = new Map<string, ModelDataAsset[]>();
    for (const data of model.dataAssets) for (const id of data.storedIn) pushTo(stored, id, data);
    this.stored = stored;
  }

  /** The id risks about the system as a whole use: the system's own id, else `system`. */
  get systemId(): string {
    return this.model.system.id ?? 'system';
  }

  element(id: string): ModelElement {
    const element = this.elements.get(id);
    if (!element) throw new Error(`internal: unknown element ${id} (the loader checks references)`);
    return element;
  }

  isDevice(element: ModelElement): boolean {
    return DEVICE_KINDS.has(element.kind);
  }

  /** The elements that are IoT devices (computed once: rules and facts ask for them often). */
  devices(): readonly ModelElement[] {
    this.deviceList ??= this.model.elements.filter((e) => this.isDevice(e));
    return this.deviceList;
  }

  zoneOf(element: ModelElement): ModelZone | undefined {
    return element.zone === undefined ? undefined : this.zones.get(element.zone);
  }

  /** A flow crosses a trust boundary when its ends are in different zones. Unknown zones cross nothing. */
  crossesBoundary(flow: ModelFlow): boolean {
    const a = this.element(flow.from).zone;
    const b = this.element(flow.to).zone;
    return a !== undefined && b !== undefined && a !== b;
  }

  /** True when the flow enters a zone that is more trusted than the one it leaves. */
  entersMoreTrustedZone(flow: ModelFlow): boolean {
    const from = this.zoneOf(this.element(flow.from));
    const to = this.zoneOf(this.element(flow.to));
    return from !== undefined && to !== undefined && TRUST_RANK[to.trust] > TRUST_RANK[from.trust];
  }

  touchesUntrustedZone(flow: ModelFlow): boolean {
    return [flow.from, flow.to].some((id) => this.zoneOf(this.element(id))?.trust === 'untrusted');
  }

  isEncrypted(flow: { encryption: string }): boolean {
    return flow.encryption !== 'none' && flow.encryption !== 'unknown';
  }

  isAuthenticated(flow: { authentication: string }): boolean {
    return flow.authentication !== 'none' && flow.authentication !== 'unknown';
  }

  /**
   * The personal data assets a flow carries (computed once per list of data: rules and facts ask often, and the loader
   * gives flows that carry the same assets one list).
   */
  personalDataIn(flow: ModelFlow): readonly ModelDataAsset[] {
    let personal = this.personal.get(flow.data);
    if (!personal) {
      personal = [];
      for (const id of flow.data) {
        const asset = this.dataAssets.get(id);
        if (asset?.personalData !== undefined) personal.push(asset);
      }
      this.personal.set(flow.data, personal);
    }
    return personal;
  }

  private readonly personal = new Map<readonly string[], ModelDataAsset[]>();

  /** An element run by nobody with an ISO/IEC 27400 role in this system. */
  isThirdParty(element: ModelElement): boolean {
    if (element.kind === 'external-party') return true;
    if (element.operator === undefined) return false;
    return (this.organisations.get(element.operator)?.roles.length ?? 1) === 0;
  }

  /** Where an element is, for cross-border questions: its own region, else its operator's. */
  regionOf(element: ModelElement): string | undefined {
    return element.region ?? (element.operator ? this.organisations.get(element.operator)?.region : undefined);
  }

  /** Data assets the model says are stored in the element (`dataAssets[].storedIn`). */
  dataStoredIn(element: ModelElement): ModelDataAsset[] {
    return this.stored.get(element.id) ?? [];
  }

  /** Flows from and to the element (computed once per element). */
  flowsOf(element: ModelElement): readonly ModelFlow[] {
    let flows = this.touching.get(element.id);
    if (!flows) {
      flows = [...(this.flowsFrom.get(element.id) ?? []), ...(this.flowsTo.get(element.id) ?? [])];
      this.touching.set(element.id, flows);
    }
    return flows;
  }

  private readonly touching = new Map<string, ModelFlow[]>();

  /** Everything in the model, for facts about the system as a whole. */
  systemScope(): Scope {
    return { elements: this.model.elements, flows: this.model.flows, dataAssets: this.model.dataAssets };
  }

  /**
   * Some elements with the flows that touch them and the data they store or carry: the scope on which facts are
   * judged for one element or one product.
   */
  scopeOf(elements: readonly ModelElement[]): Scope {
    if (elements.length === this.model.elements.length) return this.systemScope();
    if (elements.length === 1) return this.elementScope(elements[0]!);
    const flows = new Set<ModelFlow>();
    const data = new Set<ModelDataAsset>();
    for (const element of elements) {
      for (const flow of this.flowsOf(element)) flows.add(flow);
      for (const asset of this.dataStoredIn(element)) data.add(asset);
    }
    for (const flow of flows) for (const id of flow.data) data.add(this.dataAssets.get(id)!);
    return { elements, flows: [...flows], dataAssets: [...data] };
  }

  /** One element's scope, without sets: an element has few flows, and a fleet has many elements. */
  private elementScope(element: ModelElement): Scope {
    const flows = this.flowsOf(element);
    const dataAssets: ModelDataAsset[] = [...this.dataStoredIn(element)];
    for (const flow of flows) {
      for (const id of flow.data) {
        const asset = this.dataAssets.get(id)!;
        if (!dataAssets.includes(asset)) dataAssets.push(asset);
      }
    }
    return { elements: [element], flows, dataAssets };
  }

  /** For each element, flow or data asset (by id), the products whose scope it is in. Built once, on first use. */
  productsOfPart(type: PartType): ReadonlyMap<string, readonly ModelProduct[]> {
    if (!this.partProducts) {
      const index: Record<PartType, Map<string, ModelProduct[]>> = {
        element: new Map(),
        flow: new Map(),
        'data-asset': new Map(),
      };
      // One list per set of products, shared by every part in those products (a fleet's parts belong to a few
      // products, and a list each was 400 000 lists at 100 000 elements): a part's list with one more product is
      // looked up from its list, so no list is built twice.
      const longer = new Map<readonly ModelProduct[], Map<ModelProduct, ModelProduct[]>>();
      const add = (map: Map<string, ModelProduct[]>, id: string, product: ModelProduct) => {
        const list = map.get(id) ?? NO_PRODUCTS;
        if (list[list.length - 1] === product) return;
        const next = getOrCreate(longer, list, () => new Map<ModelProduct, ModelProduct[]>());
        map.set(
          id,
          getOrCreate(next, product, () => [...list, product]),
        );
      };
      for (const product of this.model.products) {
        const scope = this.productScope(product);
        for (const e of scope.elements) add(index.element, e.id, product);
        for (const f of scope.flows) add(index.flow, f.id, product);
        for (const d of scope.dataAssets) add(index['data-asset'], d.id, product);
      }
      this.partProducts = index;
    }
    return this.partProducts[type];
  }

  private partProducts: Record<PartType, Map<string, ModelProduct[]>> | undefined;

  /** A product's elements and associated services with their flows and data (computed once per product). */
  productScope(product: ModelProduct): Scope {
    let scope = this.productScopes.get(product);
    if (!scope) {
      scope = this.scopeOf([...product.elements, ...product.services].map((id) => this.element(id)));
      this.productScopes.set(product, scope);
    }
    return scope;
  }

  private readonly productScopes = new Map<ModelProduct, Scope>();

  /** One data asset, the elements that store it and the flows that carry it. */
  dataScope(asset: ModelDataAsset): Scope {
    return {
      elements: asset.storedIn.map((id) => this.element(id)),
      flows: this.carriersOf(asset),
      dataAssets: [asset],
    };
  }

  /** The flows that carry a data asset, in model order (indexed once). */
  carriersOf(asset: ModelDataAsset): readonly ModelFlow[] {
    this.carriers ??= this.indexCarriers();
    return this.carriers.get(asset.id) ?? [];
  }

  private carriers: Map<string, ModelFlow[]> | undefined;
  private indexCarriers(): Map<string, ModelFlow[]> {
    const carriers = new Map<string, ModelFlow[]>();
    for (const flow of this.model.flows) for (const id of flow.data) pushTo(carriers, id, flow);
    return carriers;
  }

  /** One flow, the data it carries, and its two ends (whose facts describe its sender and receiver). */
  flowScope(flow: ModelFlow): Scope {
    const dataAssets = flow.data.map((id) => this.dataAssets.get(id)!);
    return { elements: [this.element(flow.from), this.element(flow.to)], flows: [flow], dataAssets };
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
