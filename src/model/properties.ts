/**
 * Properties: what the model states about one subject — an element, a flow, a data asset or a product — that shows a
 * control in place there or not. "secureBoot: true" on a camera is the secure-boot control in place on that camera,
 * declared in the model; "secureBoot: false" says it is not. Each answers true, false or unknown (not stated).
 *
 * Which properties establish which control is data: `establishedBy` in the catalog, a condition over these ids. This
 * module only says how each property reads the model, and where in the file it is stated, so the assessment can cite
 * the fact's line as the evidence.
 */
import type { SourcePosition } from '../util/diagnostics.js';
import type { Truth } from './condition.js';
import type { SystemGraph } from './graph.js';
import type { ModelDataAsset, ModelElement, ModelFlow, ModelProduct } from './types.js';

export type Subject =
  | { type: 'element'; element: ModelElement }
  | { type: 'flow'; flow: ModelFlow }
  | { type: 'data-asset'; dataAsset: ModelDataAsset }
  | { type: 'product'; product: ModelProduct }
  | { type: 'system' };
export type SubjectType = Subject['type'];

/** A path into the model file. */
export type ModelPath = readonly (string | number)[];

interface On<K extends SubjectType, T> {
  on: K;
  value(subject: T, graph: SystemGraph): Truth;
  /** where it is stated in the model file (undefined when it is not stated) */
  where(subject: T, graph: SystemGraph): SourcePosition | undefined;
}

export type PropertyDefinition = {
  id: string;
  title: string;
  /** the model key that settles it when it is not stated (for questions) */
  asks: string;
} & (
  | On<'element', ModelElement>
  | On<'flow', ModelFlow>
  | On<'data-asset', ModelDataAsset>
  | On<'product', ModelProduct>
  | On<'system', undefined>
);

const stated = (value: boolean | undefined): Truth => (value === undefined ? 'unknown' : value);

/** Where an element's key is written: on the element itself, else on its template. */
export function elementPath(element: ModelElement, keys: readonly string[]): ModelPath | undefined {
  const top = keys[0]!;
  if (element.origin.own.has(top)) return [...element.origin.path, ...keys];
  if (element.origin.template && element.stated.has(top)) return [...element.origin.template, ...keys];
  return undefined;
}

/** A boolean property of an element, read from a key path such as ['update', 'signed']. */
function elementFlag(id: string, title: string, keys: readonly string[]): PropertyDefinition {
  return {
    id,
    title,
    asks: keys.join('.'),
    on: 'element',
    value: (e) => stated(read(e, keys)),
    where: (e, g) => (read(e, keys) === undefined ? undefined : elementWhere(g, e, keys)),
  };
}

function elementWhere(graph: SystemGraph, element: ModelElement, keys: readonly string[]) {
  const path = elementPath(element, keys);
  return path && graph.model.locate(path);
}

function read(element: ModelElement, keys: readonly string[]): boolean | undefined {
  let node: unknown = element;
  for (const key of keys)
    node = node === undefined || node === null ? undefined : (node as Record<string, unknown>)[key];
  return typeof node === 'boolean' ? node : undefined;
}

const PROTECTED_STORAGE = new Set(['encrypted', 'secure-element', 'tee', 'hsm', 'platform-keystore']);

/** A product's own statement, else the system's `lifecycle` it inherits. */
function productWhere(graph: SystemGraph, product: ModelProduct, key: string): SourcePosition {
  const own = product.declared && graph.model.locate(['products', graph.model.products.indexOf(product), key]);
  return own && own.line !== product.source.line ? own : graph.model.locate(['system', 'lifecycle', key]);
}

export const PROPERTIES: readonly PropertyDefinition[] = [
  elementFlag('secure-boot', 'it verifies its software at boot', ['secureBoot']),
  elementFlag('tamper-detection', 'it detects opening or tampering', ['tamperDetection']),
  {
    id: 'unique-passwords',
    title: 'its passwords are unique per device or set by the user',
    asks: 'authentication.passwords',
    on: 'element',
    value: (e) => {
      const practice = e.authentication?.passwords;
      if (practice === undefined || practice === 'none') return 'unknown';
      return practice === 'unique-per-device' || practice === 'user-defined';
    },
    where: (e, g) => (e.authentication?.passwords ? elementWhere(g, e, ['authentication', 'passwords']) : undefined),
  },
  elementFlag('brute-force-protection', 'it delays or locks out repeated failed logins', [
    'authentication',
    'bruteForceProtection',
  ]),
  elementFlag('multi-factor', 'accounts can use a second factor', ['authentication', 'multiFactor']),
  elementFlag('user-can-change-credentials', 'users can change its authentication values', [
    'authentication',
    'userCanChange',
  ]),
  {
    id: 'update-mechanism',
    title: 'its software can be updated',
    asks: 'update.mechanism',
    on: 'element',
    value: (e) => (e.update?.mechanism === undefined ? 'unknown' : e.update.mechanism !== 'none'),
    where: (e, g) => (e.update?.mechanism ? elementWhere(g, e, ['update', 'mechanism']) : undefined),
  },
  elementFlag('signed-updates', 'it verifies a signature on each update', ['update', 'signed']),
  elementFlag('automatic-updates-by-default', 'automatic updates are on out of the box', [
    'update',
    'automaticByDefault',
  ]),
  elementFlag('user-can-defer-updates', 'users can postpone or switch off automatic updates', [
    'update',
    'userCanDefer',
  ]),
  elementFlag('update-notifications', 'users are told about updates', ['update', 'notifications']),
  elementFlag('rollback-protection', 'older, vulnerable images cannot be installed again', [
    'update',
    'rollbackProtection',
  ]),
  elementFlag('security-logging', 'security events are logged', ['logging', 'securityEvents']),
  elementFlag('logs-protected', 'its logs are protected from tampering and prying', ['logging', 'protected']),
  elementFlag('telemetry-examined', 'its telemetry is examined for security anomalies', [
    'telemetry',
    'examinedForAnomalies',
  ]),
  elementFlag('encryption-at-rest', 'the data it stores is encrypted', ['encryptionAtRest']),
  elementFlag('user-data-deletion', 'users can erase their data from it simply', ['userDataDeletion']),
  {
    id: 'no-hardcoded-credentials',
    title: 'no credentials are built into its software image',
    asks: 'hardcodedCredentials',
    on: 'element',
    value: (e) => (e.hardcodedCredentials === undefined ? 'unknown' : !e.hardcodedCredentials),
    where: (e, g) => (e.hardcodedCredentials === undefined ? undefined : elementWhere(g, e, ['hardcodedCredentials'])),
  },
  {
    id: 'protected-secret-storage',
    title: 'its secrets are kept in protected storage',
    asks: 'secretStorage',
    on: 'element',
    value: (e) =>
      e.secretStorage === undefined || e.secretStorage === 'none' ? 'unknown' : PROTECTED_STORAGE.has(e.secretStorage),
    where: (e, g) => (e.secretStorage ? elementWhere(g, e, ['secretStorage']) : undefined),
  },
  {
    id: 'debug-interfaces-protected',
    title: 'its debug interfaces are disabled or need authentication',
    asks: 'debugInterfaces',
    on: 'element',
    value: (e) => {
      if (e.debugInterfaces.some((d) => d.state === 'enabled')) return false;
      return e.debugInterfaces.length > 0 ? true : 'unknown';
    },
    where: (e, g) => (e.debugInterfaces.length > 0 ? elementWhere(g, e, ['debugInterfaces']) : undefined),
  },
  {
    id: 'no-unneeded-interfaces',
    title: 'no interface or service is on that it does not need',
    asks: 'interfaces',
    on: 'element',
    // Leaving things out never shows minimisation; only something on and unneeded shows its absence.
    value: (e) =>
      e.interfaces.some((i) => i.used === false) || e.services.some((s) => s.enabled && s.needed === false)
        ? false
        : 'unknown',
    where: (e, g) => elementWhere(g, e, [e.interfaces.some((i) => i.used === false) ? 'interfaces' : 'services']),
  },
  {
    id: 'encrypted-in-transit',
    title: 'the flow is encrypted',
    asks: 'encryption',
    on: 'flow',
    value: (f) => (f.encryption === 'unknown' ? 'unknown' : f.encryption !== 'none'),
    where: (f) => f.source,
  },
  {
    id: 'server-authenticated',
    title: 'the sender checks the receiver is who it claims (certificate checked)',
    asks: 'serverAuthenticated',
    on: 'flow',
    value: (f) => stated(f.serverAuthenticated),
    where: (f) => (f.serverAuthenticated === undefined ? undefined : f.source),
  },
  {
    id: 'transfer-safeguard',
    title: 'a safeguard covers the personal data leaving its region',
    asks: 'transferSafeguard',
    on: 'flow',
    value: (f) => (f.transferSafeguard === undefined ? 'unknown' : f.transferSafeguard !== 'none'),
    where: (f) => (f.transferSafeguard === undefined ? undefined : f.source),
  },
  {
    id: 'retention-limited',
    title: 'the data has a retention limit',
    asks: 'retention',
    on: 'data-asset',
    value: (d) => (d.retentionDays === undefined ? 'unknown' : d.retentionDays !== 'unlimited'),
    where: (d) => (d.retention === undefined ? undefined : d.source),
  },
  {
    id: 'legal-basis-recorded',
    title: 'a legal basis is recorded for processing it',
    asks: 'legalBasis',
    on: 'data-asset',
    value: (d) => (d.legalBases.length === 0 ? 'unknown' : !d.legalBases.includes('none')),
    where: (d) => (d.legalBases.length === 0 ? undefined : d.source),
  },
  {
    id: 'support-period-published',
    title: 'the end of its security support is published',
    asks: 'supportPeriod.published',
    on: 'product',
    value: (p) => (p.supportPeriod === undefined ? 'unknown' : stated(p.supportPeriod.published)),
    where: (p, g) => (p.supportPeriod ? productWhere(g, p, 'supportPeriod') : undefined),
  },
  {
    id: 'sbom-kept',
    title: 'a software bill of materials is kept for it',
    asks: 'sbom',
    on: 'product',
    value: (p) => (p.sbom === undefined ? 'unknown' : true),
    where: (p, g) => (p.sbom ? productWhere(g, p, 'sbom') : undefined),
  },
  {
    id: 'vulnerability-disclosure-contact',
    title: 'a contact for security reports is published',
    asks: 'system.lifecycle.vulnerabilityDisclosure',
    on: 'system',
    value: (_, g) => {
      const vdp = g.model.system.lifecycle?.vulnerabilityDisclosure;
      return vdp?.contact !== undefined || vdp?.policyUrl !== undefined ? true : 'unknown';
    },
    where: (_, g) =>
      g.model.system.lifecycle?.vulnerabilityDisclosure
        ? g.model.locate(['system', 'lifecycle', 'vulnerabilityDisclosure'])
        : undefined,
  },
  {
    id: 'security-guidance-published',
    title: 'guidance on secure setup and use is published',
    asks: 'system.lifecycle.securityGuidance',
    on: 'system',
    value: (_, g) => (g.model.system.lifecycle?.securityGuidance === undefined ? 'unknown' : true),
    where: (_, g) =>
      g.model.system.lifecycle?.securityGuidance
        ? g.model.locate(['system', 'lifecycle', 'securityGuidance'])
        : undefined,
  },
];

export const PROPERTY_DEFINITIONS: ReadonlyMap<string, PropertyDefinition> = new Map(PROPERTIES.map((p) => [p.id, p]));
export const PROPERTY_IDS: ReadonlySet<string> = new Set(PROPERTY_DEFINITIONS.keys());

/** A property's answer on a subject of its own type; unknown on a subject of another type. */
export function propertyValue(property: PropertyDefinition, subject: Subject, graph: SystemGraph): Truth {
  return property.on === subject.type ? (property as Reading).value(partOf(subject), graph) : 'unknown';
}

/** Where the model states a property on a subject of its own type (undefined where it is not stated). */
export function propertyWhere(
  property: PropertyDefinition,
  subject: Subject,
  graph: SystemGraph,
): SourcePosition | undefined {
  return property.on === subject.type ? (property as Reading).where(partOf(subject), graph) : undefined;
}

/** A property as read on the part a subject of its type stands for (the callers check the type first). */
type Reading = On<SubjectType, ModelElement | ModelFlow | ModelDataAsset | ModelProduct | undefined>;

/** The part of the model a subject stands for: what its properties read. */
function partOf(subject: Subject): ModelElement | ModelFlow | ModelDataAsset | ModelProduct | undefined {
  switch (subject.type) {
    case 'element':
      return subject.element;
    case 'flow':
      return subject.flow;
    case 'data-asset':
      return subject.dataAsset;
    case 'product':
      return subject.product;
    case 'system':
      return undefined;
  }
}
