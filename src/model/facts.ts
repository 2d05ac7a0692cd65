/**
 * Facts are what the model says about a part of the system, derived from its elements, flows and data assets:
 * "passwords are used", "software is updateable", "personal data goes to a third party". Controls and framework
 * requirements state when they apply in terms of facts (`appliesWhen`), ETSI EN 303 645's conditions and features are
 * defined as facts, and the reports show each fact with the model nodes that establish it.
 *
 * A fact is judged on a scope — the whole system, one product, one element — and holds there when it holds for any item
 * of its kind in the scope. Every test answers true, false or `unknown`: an omitted fact is unknown, never "none", and
 * a fact that no item establishes but some item leaves open is unknown for the scope. Facts that would exempt a
 * product from a requirement (being resource-constrained) are false until stated: the exemption has to be claimed.
 */
import type { SystemGraph } from './graph.js';
import type { FactResult, ModelDataAsset, ModelElement, ModelFlow, ModelOrganisation, Scope, Truth } from './types.js';

export type { FactResult, Scope };

import {
  DEVICE_KINDS,
  NETWORK_DEBUG_KINDS,
  PERSONAL_SENSING,
  type PersonalDataCategory,
  type Sensing,
} from './vocabulary.js';

/** The parts of the model a fact is judged on. */
type Item = ModelElement | ModelFlow | ModelDataAsset | ModelOrganisation;

interface Over<K extends string, T> {
  over: K;
  test(item: T, graph: SystemGraph): Truth;
}

export type FactDefinition = {
  id: string;
  title: string;
  /** the model keys that settle it when it is unknown (for the questions sent to a supplier) */
  asks?: string;
} & (
  | Over<'devices', ModelElement>
  | Over<'elements', ModelElement>
  | Over<'flows', ModelFlow>
  | Over<'dataAssets', ModelDataAsset>
  | Over<'organisations', ModelOrganisation>
  | { over: 'scope'; judge(scope: Scope, graph: SystemGraph): { holds: Truth; subjects: string[] } }
);

/** How many subjects reports show for a fact; whether it holds needs only one. */
export const FACT_SUBJECT_LIMIT = 50;

// ---------------------------------------------------------------------------------------------------------------
// Three-valued helpers: a stated boolean, or unknown when absent.

const stated = (value: boolean | undefined): Truth => (value === undefined ? 'unknown' : value);
/** true if any is true; else unknown if any is unknown; else false (Kleene or). */
export function anyOf(values: Iterable<Truth>): Truth {
  let open = false;
  for (const v of values) {
    if (v === true) return true;
    if (v === 'unknown') open = true;
  }
  return open ? 'unknown' : false;
}
/** false if any is false; else unknown if any is unknown; else true (Kleene and). */
export function allOf(values: Iterable<Truth>): Truth {
  let open = false;
  for (const v of values) {
    if (v === false) return false;
    if (v === 'unknown') open = true;
  }
  return open ? 'unknown' : true;
}
const not = (v: Truth): Truth => (v === 'unknown' ? v : !v);

const CRYPTO_AUTH = new Set(['certificate', 'token', 'psk', 'signature']);
const RADIO_INTERFACES = new Set(['wifi', 'ble', 'bluetooth', 'zigbee', 'zwave', 'thread', 'lora', 'cellular', 'nfc']);
/** Whether the element has a radio: unknown when its interfaces are not stated. */
const hasRadio = (e: ModelElement): Truth =>
  listStated(e, 'interfaces', () => e.interfaces.some((i) => RADIO_INTERFACES.has(i.kind)));
/** Tags are free text; the facts below read a few agreed ones (case-insensitive) where the model has no field yet. */
const tagged = (e: ModelElement, ...wanted: string[]): boolean =>
  e.tags.length > 0 && e.tags.some((t) => wanted.includes(t.toLowerCase()));
const senses = (e: ModelElement, ...wanted: Sensing[]): boolean => e.sensing.some((s) => wanted.includes(s));
const SERVICE_KINDS = new Set(['cloud-service', 'management-service', 'message-broker', 'api-gateway', 'data-store']);
const enabledServices = (e: ModelElement) => e.services.filter((s) => s.enabled);

/** Whether the element uses passwords, from its password practice, its mechanisms and its services. */
export function usesPasswords(e: ModelElement): Truth {
  const practice = e.authentication?.passwords;
  if (practice !== undefined && practice !== 'none') return true;
  if ((e.authentication?.mechanisms ?? []).includes('password')) return true;
  if (enabledServices(e).some((s) => s.authentication === 'password')) return true;
  if (practice === 'none') return false;
  // Mechanisms stated without passwords, and no service that asks for one, say it uses none.
  if (e.authentication?.mechanisms !== undefined) return false;
  return enabledServices(e).some((s) => s.authentication === 'unknown') || !e.stated.has('services')
    ? 'unknown'
    : false;
}

/** Whether the element's software can be updated: unknown when no update mechanism is stated. */
const updateable = (e: ModelElement): Truth =>
  e.update?.mechanism === undefined ? 'unknown' : e.update.mechanism !== 'none';

/** A list the model may leave out: empty only when it is stated (itself or by the template). */
function listStated(e: ModelElement, key: 'debugInterfaces' | 'sensing' | 'interfaces', test: () => boolean): Truth {
  if (test()) return true;
  return e.stated.has(key) ? false : 'unknown';
}

const personalIn = (flow: ModelFlow, g: SystemGraph): Truth => {
  if (g.personalDataIn(flow).length > 0) return true;
  return flow.data.length === 0 ? 'unknown' : false;
};

const authenticatedFlow = (flow: ModelFlow): Truth =>
  flow.authentication === 'unknown' ? 'unknown' : flow.authentication !== 'none';

/** Personal data stored in elements of the scope that pass the test (data only passing through does not count). */
function storedIn(scope: Scope, g: SystemGraph, test: (e: ModelElement) => boolean) {
  const inScope = new Set(scope.elements.map((e) => e.id));
  const subjects = scope.dataAssets
    .filter((d) => d.personalData !== undefined && d.storedIn.some((id) => inScope.has(id) && test(g.element(id))))
    .map((d) => d.id);
  return { holds: subjects.length > 0, subjects };
}

const online = new WeakMap<SystemGraph, ReadonlySet<string>>();
/**
 * Elements that reach the internet directly or through other equipment (the reading of RED Delegated Regulation
 * 2022/30 Art. 1(1)): those in an internet or cloud zone, cloud services, internet-exposed services, and everything a
 * chain of flows (either direction, not through people) links to them. Computed once per model.
 */
function internetConnected(g: SystemGraph): ReadonlySet<string> {
  let reached = online.get(g);
  if (reached) return reached;
  const isOnline = (e: ModelElement) =>
    ['internet', 'cloud'].includes(g.zoneOf(e)?.kind ?? '') ||
    e.kind === 'cloud-service' ||
    enabledServices(e).some((s) => s.exposure === 'internet');
  const found = new Set(g.model.elements.filter(isOnline).map((e) => e.id));
  const queue = [...found];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    const element = g.element(id);
    if (element.kind === 'user' || element.kind === 'physical-entity') continue;
    for (const flow of g.flowsOf(element)) {
      const other = flow.from === id ? flow.to : flow.from;
      if (!found.has(other)) {
        found.add(other);
        queue.push(other);
      }
    }
  }
  reached = found;
  online.set(g, reached);
  return reached;
}
const onlineRadio = (g: SystemGraph, e: ModelElement): Truth => allOf([hasRadio(e), internetConnected(g).has(e.id)]);
const handlesPersonalData = (g: SystemGraph, e: ModelElement): boolean =>
  e.telemetry?.personalData === true ||
  g.dataStoredIn(e).some((d) => d.personalData !== undefined) ||
  g.flowsOf(e).some((f) => g.personalDataIn(f).length > 0);
const handlesDataCategory = (g: SystemGraph, e: ModelElement, category: PersonalDataCategory): boolean =>
  [...g.dataStoredIn(e), ...g.flowsOf(e).flatMap((f) => g.personalDataIn(f))].some((d) =>
    d.personalData?.categories.includes(category),
  );

export const FACTS: readonly FactDefinition[] = [
  // Devices and their software
  { id: 'devices-present', title: 'the system has IoT devices', over: 'devices', test: () => true },
  {
    id: 'gateways-present',
    title: 'gateways or hubs connect devices to other networks',
    over: 'elements',
    test: (e) => e.kind === 'gateway' || e.kind === 'hub',
  },
  {
    id: 'varied-devices',
    title: 'devices of several kinds or from several developers are connected',
    over: 'scope',
    judge: (scope) => {
      const devices = scope.elements.filter((e) => DEVICE_KINDS.has(e.kind));
      const variety = new Set(devices.map((d) => `${d.kind}/${d.developer ?? ''}/${d.template ?? d.id}`));
      return variety.size > 1 ? { holds: true, subjects: devices.map((d) => d.id) } : { holds: false, subjects: [] };
    },
  },
  {
    id: 'constrained-devices',
    title: 'some devices are resource-constrained',
    over: 'devices',
    // An exemption: not constrained until the model says so.
    test: (e) => e.constrained === true,
  },
  {
    id: 'updateable-software',
    title: 'device software can be updated',
    asks: 'update.mechanism',
    over: 'devices',
    test: updateable,
  },
  {
    id: 'not-updateable',
    title: 'some device software cannot be updated',
    asks: 'update.mechanism',
    over: 'devices',
    test: (e) => not(updateable(e)),
  },
  {
    id: 'automatic-updates',
    title: 'devices can update automatically',
    asks: 'update.mechanism',
    over: 'devices',
    test: (e) => (e.update?.mechanism === undefined ? 'unknown' : e.update.mechanism === 'automatic'),
  },
  {
    id: 'update-notifications',
    title: 'devices notify users of updates',
    asks: 'update.notifications',
    over: 'devices',
    test: (e) => allOf([updateable(e), stated(e.update?.notifications)]),
  },
  {
    id: 'network-updates',
    title: 'updates are delivered over a network',
    asks: 'update.mechanism',
    over: 'devices',
    test: (e) => allOf([updateable(e), e.update?.delivery !== 'local']),
  },
  {
    id: 'update-mechanism-feasible',
    title: 'devices are not too constrained for a secure update mechanism',
    over: 'devices',
    test: (e) => e.constrained !== true,
  },
  {
    id: 'persistent-secrets',
    title: 'devices keep security parameters in persistent storage',
    asks: 'secretStorage',
    over: 'devices',
    test: (e) =>
      anyOf([
        e.secretStorage === undefined ? 'unknown' : e.secretStorage !== 'none',
        usesPasswords(e),
        (e.authentication?.mechanisms ?? []).some((m) => CRYPTO_AUTH.has(m)),
      ]),
  },
  {
    id: 'hardcoded-identity',
    title: 'devices have a unique identity set at manufacture',
    asks: 'identity',
    over: 'devices',
    test: (e) => (e.identity === undefined ? 'unknown' : e.identity === 'hardcoded'),
  },
  {
    id: 'device-service-credentials',
    title: 'devices use credentials to reach services or check for updates',
    asks: 'flows[].authentication',
    over: 'devices',
    test: (e, g) =>
      anyOf((g.flowsFrom.get(e.id) ?? []).filter((f) => !g.isDevice(g.element(f.to))).map(authenticatedFlow)),
  },
  {
    id: 'device-critical-parameters',
    title: 'devices hold critical security parameters',
    asks: 'secretStorage',
    over: 'devices',
    test: (e, g) =>
      anyOf([
        e.secretStorage === undefined ? 'unknown' : e.secretStorage !== 'none',
        (e.authentication?.mechanisms ?? []).some((m) => CRYPTO_AUTH.has(m)),
        ...(g.flowsFrom.get(e.id) ?? []).map(authenticatedFlow),
      ]),
  },
  {
    id: 'secure-boot-or-tamper-detection',
    title: 'devices have secure boot or tamper detection',
    asks: 'secureBoot',
    over: 'devices',
    test: (e) => anyOf([stated(e.secureBoot), stated(e.tamperDetection)]),
  },

  // Authentication
  {
    id: 'passwords-used',
    title: 'passwords are used',
    asks: 'authentication.passwords',
    over: 'devices',
    test: usesPasswords,
  },
  {
    id: 'preinstalled-passwords',
    title: 'devices ship with pre-installed passwords (unique per device or not)',
    asks: 'authentication.passwords',
    over: 'devices',
    // A shared default is a pre-installed password too: the provisions on pre-installed passwords apply and fail.
    test: (e) => {
      const practice = e.authentication?.passwords;
      if (practice !== undefined) return practice === 'unique-per-device' || practice === 'shared-default';
      return usesPasswords(e) === false ? false : 'unknown';
    },
  },
  {
    id: 'cryptographic-authentication',
    title: 'cryptographic authentication is used (certificates, tokens, keys)',
    asks: 'authentication.mechanisms',
    over: 'devices',
    test: (e, g) =>
      anyOf([
        e.authentication?.mechanisms === undefined
          ? 'unknown'
          : e.authentication.mechanisms.some((m) => CRYPTO_AUTH.has(m)),
        ...g.flowsOf(e).map((f) => (f.authentication === 'unknown' ? 'unknown' : CRYPTO_AUTH.has(f.authentication))),
      ]),
  },
  {
    id: 'user-authentication-to-device',
    title: 'users or administrators authenticate to devices',
    asks: 'authentication.passwords',
    over: 'devices',
    test: (e) =>
      anyOf([usesPasswords(e), enabledServices(e).some((s) => s.purpose === 'admin' && s.authentication !== 'none')]),
  },
  {
    id: 'network-authentication',
    title: 'devices authenticate clients on network interfaces',
    asks: 'services[].authentication',
    over: 'devices',
    test: (e) =>
      anyOf(enabledServices(e).map((s) => (s.authentication === 'unknown' ? 'unknown' : s.authentication !== 'none'))),
  },
  {
    id: 'brute-force-mitigation-feasible',
    title: 'devices that authenticate over the network are not too constrained to limit guessing',
    asks: 'services[].authentication',
    over: 'devices',
    test: (e) =>
      e.constrained === true
        ? false
        : anyOf(
            enabledServices(e).map((s) => (s.authentication === 'unknown' ? 'unknown' : s.authentication !== 'none')),
          ),
  },

  // Interfaces and configuration
  {
    id: 'network-configuration',
    title: 'security-relevant settings can be changed over the network',
    over: 'devices',
    test: (e) => enabledServices(e).some((s) => s.purpose === 'admin' || s.purpose === 'control'),
  },
  {
    id: 'credentials-sent-off-device',
    title: 'devices send security parameters off the device',
    asks: 'flows[].authentication',
    over: 'devices',
    test: (e, g) =>
      anyOf(
        (g.flowsFrom.get(e.id) ?? []).map((f) =>
          f.authentication === 'unknown' ? 'unknown' : ['password', 'token', 'psk'].includes(f.authentication),
        ),
      ),
  },
  {
    id: 'unused-interfaces',
    title: 'devices have interfaces or services that are not needed in use',
    over: 'devices',
    test: (e) => e.interfaces.some((i) => i.used === false) || e.services.some((s) => !s.enabled || s.needed === false),
  },
  {
    id: 'debug-interfaces',
    title: 'devices have debug interfaces',
    asks: 'debugInterfaces',
    over: 'devices',
    test: (e) => listStated(e, 'debugInterfaces', () => e.debugInterfaces.length > 0),
  },
  {
    id: 'physical-debug-ports',
    title: 'devices have physical debug ports',
    asks: 'debugInterfaces',
    over: 'devices',
    test: (e) =>
      listStated(e, 'debugInterfaces', () => e.debugInterfaces.some((d) => !NETWORK_DEBUG_KINDS.has(d.kind))),
  },
  {
    id: 'internet-exposed-services',
    title: 'services are reachable from the internet',
    over: 'elements',
    test: (e, g) => enabledServices(e).some((s) => s.exposure === 'internet') || g.zoneOf(e)?.kind === 'internet',
  },
  {
    id: 'wireless-interfaces',
    title: 'devices have radio interfaces',
    asks: 'interfaces',
    over: 'devices',
    test: hasRadio,
  },
  {
    id: 'network-communication',
    title: 'elements communicate over networks or radio links',
    over: 'flows',
    // A person using an app, or a device acting on a physical thing, is not a network link.
    test: (f, g) =>
      [g.element(f.from), g.element(f.to)].every((e) => e.kind !== 'user' && e.kind !== 'physical-entity'),
  },
  {
    id: 'remote-access',
    title: 'people reach devices or device networks remotely',
    over: 'flows',
    test: (f, g) => f.purpose === 'remote-access' || (f.purpose === 'admin' && g.crossesBoundary(f)),
  },

  // Where things are
  {
    id: 'physically-exposed-devices',
    title: 'devices are where others can physically reach them',
    asks: 'physicalExposure',
    over: 'devices',
    test: (e) =>
      e.physicalExposure === undefined
        ? 'unknown'
        : ['public-space', 'customer-premises', 'staff-and-contractors'].includes(e.physicalExposure),
  },
  {
    id: 'public-space-devices',
    title: 'devices are in public spaces',
    asks: 'physicalExposure',
    over: 'devices',
    test: (e) => (e.physicalExposure === undefined ? 'unknown' : e.physicalExposure === 'public-space'),
  },
  {
    id: 'safety-relevant',
    title: 'misuse or failure of some elements can harm people or property',
    asks: 'safetyRelevant',
    over: 'elements',
    // Devices act on the world, so an unstated device is open; software is not safety-relevant unless stated.
    test: (e, g) => e.safetyRelevant ?? (g.isDevice(e) ? 'unknown' : false),
  },
  {
    id: 'industrial-network',
    title: 'devices are on an operational-technology network',
    over: 'devices',
    test: (e, g) => g.zoneOf(e)?.kind === 'industrial',
  },
  {
    id: 'cloud-services',
    title: 'cloud or hosted services are part of the system',
    over: 'elements',
    test: (e, g) => SERVICE_KINDS.has(e.kind) && !g.isDevice(e),
  },
  {
    id: 'management-services',
    title: 'devices are managed by a management service',
    over: 'elements',
    test: (e) => e.kind === 'management-service',
  },
  {
    id: 'companion-apps',
    title: 'users use mobile or web apps',
    over: 'elements',
    test: (e) => e.kind === 'mobile-app' || e.kind === 'web-app' || e.kind === 'hmi',
  },
  {
    id: 'third-parties',
    title: 'external parties exchange data with the system',
    over: 'elements',
    test: (e, g) => g.isThirdParty(e),
  },
  {
    id: 'user-organisation',
    title: 'an organisation deploys the system as IoT user',
    over: 'organisations',
    test: (o) => o.roles.includes('user'),
  },

  // Data and privacy
  {
    id: 'telemetry',
    title: 'telemetry is collected',
    asks: 'telemetry.collected',
    over: 'elements',
    test: (e, g) =>
      e.telemetry?.collected ?? (g.isDevice(e) || e.kind === 'mobile-app' || e.kind === 'web-app' ? 'unknown' : false),
  },
  {
    id: 'personal-data-processed',
    title: 'personal data is processed',
    asks: 'dataAssets[].personalData',
    over: 'scope',
    judge: (scope, g) => {
      const personal = [
        ...scope.dataAssets.filter((d) => d.personalData !== undefined).map((d) => d.id),
        ...scope.flows.filter((f) => g.personalDataIn(f).length > 0).map((f) => f.id),
      ];
      if (personal.length > 0) return { holds: true, subjects: personal };
      // Devices that observe people process personal data even when no data asset says so.
      const observers = scope.elements.filter((e) => g.isDevice(e) && e.sensing.some((s) => PERSONAL_SENSING.has(s)));
      if (observers.length > 0) return { holds: true, subjects: observers.map((e) => e.id) };
      return { holds: scope.dataAssets.length === 0 ? 'unknown' : false, subjects: [] };
    },
  },
  {
    id: 'sensitive-personal-data',
    title: 'sensitive or special-category personal data is processed',
    over: 'dataAssets',
    test: (d) => d.personalData?.sensitive === true,
  },
  {
    id: 'sends-personal-data',
    title: 'devices send personal data to services',
    asks: 'flows[].data',
    over: 'flows',
    test: (f, g) => (g.isDevice(g.element(f.from)) ? personalIn(f, g) : false),
  },
  {
    id: 'sends-sensitive-personal-data',
    title: 'devices send sensitive personal data to services',
    asks: 'flows[].data',
    over: 'flows',
    test: (f, g) => {
      if (!g.isDevice(g.element(f.from))) return false;
      if (g.personalDataIn(f).some((d) => d.personalData?.sensitive === true)) return true;
      return f.data.length === 0 ? 'unknown' : false;
    },
  },
  {
    id: 'external-sensing',
    title: 'devices sense their surroundings (camera, microphone, location, presence…)',
    asks: 'sensing',
    over: 'devices',
    test: (e) => listStated(e, 'sensing', () => e.sensing.length > 0),
  },
  {
    id: 'sensing-people',
    title: 'devices observe people (camera, microphone, location, presence, biometrics)',
    asks: 'sensing',
    over: 'devices',
    test: (e) => listStated(e, 'sensing', () => e.sensing.some((s) => PERSONAL_SENSING.has(s))),
  },
  {
    id: 'public-space-sensing',
    title: 'devices observe people in public spaces',
    asks: 'sensing',
    over: 'devices',
    test: (e) =>
      allOf([
        e.physicalExposure === undefined ? 'unknown' : e.physicalExposure === 'public-space',
        listStated(e, 'sensing', () => e.sensing.some((s) => PERSONAL_SENSING.has(s))),
      ]),
  },
  {
    id: 'service-stores-personal-data',
    title: 'services store personal data',
    over: 'scope',
    judge: (scope, g) => storedIn(scope, g, (e) => !g.isDevice(e)),
  },
  {
    id: 'device-stores-personal-data',
    title: 'devices store personal data',
    over: 'scope',
    judge: (scope, g) => storedIn(scope, g, (e) => g.isDevice(e)),
  },
  {
    id: 'consent-based-processing',
    title: 'some processing relies on consent',
    asks: 'dataAssets[].legalBasis',
    over: 'dataAssets',
    test: (d) => {
      if (d.legalBases.includes('consent')) return true;
      return d.personalData !== undefined && d.legalBases.length === 0 ? 'unknown' : false;
    },
  },
  {
    id: 'aggregate-only-data',
    title: 'some data is collected only for aggregated use',
    over: 'dataAssets',
    test: (d) => d.aggregatedOnly === true,
  },
  {
    id: 'personal-data-to-third-parties',
    title: 'personal data goes to third parties',
    asks: 'flows[].data',
    over: 'flows',
    test: (f, g) => (g.isThirdParty(g.element(f.to)) ? personalIn(f, g) : false),
  },
  {
    id: 'cross-border-transfers',
    title: 'personal data leaves the region of its data subjects',
    asks: 'region',
    over: 'flows',
    test: (f, g) => {
      const home = g.model.system.region;
      if (home === undefined) return false;
      const region = g.regionOf(g.element(f.to));
      const personal = personalIn(f, g);
      if (personal === false) return false;
      return region === undefined ? allOf([personal, 'unknown']) : allOf([personal, region !== home]);
    },
  },
  {
    id: 'data-shared-with-users',
    title: 'users can share access or data with other people',
    asks: 'flows[].data',
    over: 'flows',
    test: (f, g) => (g.element(f.to).kind === 'user' ? personalIn(f, g) : false),
  },

  // EU radio equipment law: the scope of RED Delegated Regulation (EU) 2022/30 Art. 1. Toys, childcare equipment,
  // wearables and payment functions have no model field yet and are read from element tags.
  {
    id: 'internet-connected-radio',
    title: 'radio devices communicate over the internet, directly or through other equipment',
    asks: 'interfaces',
    over: 'devices',
    test: (e, g) => onlineRadio(g, e),
  },
  {
    id: 'radio-processes-personal-data',
    title: 'radio devices process personal data or location data (traffic data is not modelled)',
    asks: 'interfaces',
    over: 'devices',
    test: (e, g) => allOf([hasRadio(e), senses(e, 'location') || handlesPersonalData(g, e)]),
  },
  {
    id: 'toy-or-childcare-radio',
    title: 'radio devices are toys or childcare equipment (tagged toy or childcare)',
    over: 'devices',
    test: (e) => allOf([hasRadio(e), tagged(e, 'toy', 'childcare')]),
  },
  {
    id: 'wearable-radio',
    title: 'radio devices are worn on the body or on clothing (tagged wearable)',
    over: 'devices',
    test: (e) => allOf([hasRadio(e), tagged(e, 'wearable')]),
  },
  {
    id: 'radio-money-transfer',
    title:
      'internet-connected radio devices let their user transfer money, monetary value or virtual currency (tagged payment)',
    over: 'devices',
    test: (e, g) => allOf([onlineRadio(g, e), tagged(e, 'payment')]),
  },

  // Product functions that suggest a CRA product class (Annex III important, Annex IV critical). Each only suggests:
  // the class follows from the product's core functionality, which the product (not an element) states.
  {
    id: 'smart-home-security-devices',
    title: 'devices with a security function: cameras, or devices tagged lock, alarm or baby-monitor',
    over: 'devices',
    test: (e) => e.kind === 'camera' || tagged(e, 'lock', 'door-lock', 'alarm', 'baby-monitor'),
  },
  {
    id: 'network-gateway-devices',
    title: 'gateways, or devices tagged router, modem or switch, connect networks',
    over: 'devices',
    test: (e) => e.kind === 'gateway' || tagged(e, 'router', 'modem', 'switch'),
  },
  {
    id: 'virtual-assistant-devices',
    title: 'devices are general-purpose voice or virtual assistants (tagged virtual-assistant)',
    over: 'devices',
    test: (e) => tagged(e, 'virtual-assistant', 'voice-assistant'),
  },
  {
    id: 'interactive-connected-toys',
    title: 'internet-connected toys that listen, film or track location',
    over: 'devices',
    test: (e, g) => allOf([onlineRadio(g, e), tagged(e, 'toy') && senses(e, 'microphone', 'camera', 'location')]),
  },
  {
    id: 'health-or-child-wearables',
    title: 'wearables that monitor health, or that are meant for children',
    over: 'devices',
    test: (e, g) =>
      tagged(e, 'wearable') &&
      (senses(e, 'health', 'biometric') || tagged(e, 'children') || handlesDataCategory(g, e, 'children')),
  },
  {
    id: 'access-control-readers',
    title: 'devices read credentials or biometrics to control access (tagged access-reader, or biometric sensing)',
    over: 'devices',
    test: (e) => tagged(e, 'access-reader') || senses(e, 'biometric'),
  },
  {
    id: 'vpn-endpoints',
    title: 'elements offer a VPN service',
    over: 'elements',
    test: (e) => enabledServices(e).some((s) => s.protocol === 'vpn'),
  },
  {
    id: 'firewall-devices',
    title: 'devices are firewalls or intrusion detection or prevention systems (tagged firewall, ids or ips)',
    over: 'devices',
    test: (e) => tagged(e, 'firewall', 'ids', 'ips'),
  },
  {
    id: 'smart-meter-gateways',
    title: 'gateways that carry energy-use data, or devices tagged smart-meter-gateway',
    over: 'devices',
    test: (e, g) =>
      tagged(e, 'smart-meter-gateway') ||
      (e.kind === 'gateway' && (senses(e, 'energy') || handlesDataCategory(g, e, 'energy-use'))),
  },
  {
    id: 'hardware-security-devices',
    title:
      'devices are hardware security modules, smartcards or secure elements (tagged hsm, smartcard or secure-element)',
    over: 'devices',
    test: (e) => tagged(e, 'hsm', 'security-box', 'smartcard', 'secure-element'),
  },
];

export const FACT_IDS: ReadonlySet<string> = new Set(FACTS.map((f) => f.id));
export const FACT_DEFINITIONS: ReadonlyMap<string, FactDefinition> = new Map(FACTS.map((f) => [f.id, f]));

/** The facts of a scope. Results are cheap to ask for again: callers keep the map. */
export function evaluateFacts(graph: SystemGraph, scope: Scope = graph.systemScope()): Map<string, FactResult> {
  return judgeFacts(FACTS, graph, scope);
}

/** One fact on one scope: holds when any item establishes it, unknown when none does and some leave it open. */
export function judgeFact(fact: FactDefinition, graph: SystemGraph, scope: Scope): FactResult {
  return judgeFacts([fact], graph, scope).get(fact.id)!;
}

/** The items that establish a fact, and those that leave it open, in the scope's order. */
interface Found {
  subjects: string[];
  unknown: string[];
}

/** A fact about items of one kind, and where its answers go. */
interface Asked<T extends Item> {
  fact: { test(item: T, graph: SystemGraph): Truth };
  found: Found;
}

/**
 * Facts on one scope, by id in the order given. One pass over each kind of item asks every fact about that kind:
 * the call to a fact's test then meets all the facts' tests from the first item on and stays one generic call. With
 * a pass per fact, the optimising compiler specialised it for one fact's test, and dropped that code again at the
 * next fact.
 */
function judgeFacts(facts: readonly FactDefinition[], graph: SystemGraph, scope: Scope): Map<string, FactResult> {
  const found = new Map<FactDefinition, Found>();
  const asked = <T extends Item>(fact: FactDefinition & { test(item: T, graph: SystemGraph): Truth }): Asked<T> => {
    const answers: Found = { subjects: [], unknown: [] };
    found.set(fact, answers);
    return { fact, found: answers };
  };
  const devices: Asked<ModelElement>[] = [];
  const elements: Asked<ModelElement>[] = [];
  const flows: Asked<ModelFlow>[] = [];
  const dataAssets: Asked<ModelDataAsset>[] = [];
  const organisations: Asked<ModelOrganisation>[] = [];
  for (const fact of facts) {
    if (fact.over === 'devices') devices.push(asked(fact));
    else if (fact.over === 'elements') elements.push(asked(fact));
    else if (fact.over === 'flows') flows.push(asked(fact));
    else if (fact.over === 'dataAssets') dataAssets.push(asked(fact));
    else if (fact.over === 'organisations') organisations.push(asked(fact));
  }
  if (devices.length + elements.length > 0) {
    for (const element of scope.elements) {
      askEach(elements, element, graph);
      if (DEVICE_KINDS.has(element.kind)) askEach(devices, element, graph);
    }
  }
  if (flows.length > 0) for (const flow of scope.flows) askEach(flows, flow, graph);
  if (dataAssets.length > 0) for (const asset of scope.dataAssets) askEach(dataAssets, asset, graph);
  if (organisations.length > 0)
    for (const organisation of graph.model.organisations) askEach(organisations, organisation, graph);
  return new Map(
    facts.map((fact): [string, FactResult] => {
      const base = { id: fact.id, title: fact.title };
      if (fact.over === 'scope') {
        const { holds, subjects } = fact.judge(scope, graph);
        return [fact.id, { ...base, holds, subjects, unknown: [] }];
      }
      const { subjects, unknown } = found.get(fact)!;
      return [fact.id, { ...base, holds: holdsOn(subjects, unknown), subjects, unknown }];
    }),
  );
}

/** Whether a fact holds on a scope from its items: when one establishes it; else unknown when one leaves it open. */
export function holdsOn(subjects: readonly string[], unknown: readonly string[]): Truth {
  return subjects.length > 0 ? true : unknown.length > 0 ? 'unknown' : false;
}

/** Asks each fact about one item. */
function askEach<T extends Item>(facts: readonly Asked<T>[], item: T, graph: SystemGraph): void {
  for (let k = 0; k < facts.length; k++) {
    const { fact, found } = facts[k]!;
    const value = fact.test(item, graph);
    if (value === true) found.subjects.push(item.id);
    else if (value === 'unknown') found.unknown.push(item.id);
  }
}
