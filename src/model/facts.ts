/**
 * Facts are what the model says about the system as a whole, derived from its elements: "passwords are used",
 * "software is updateable", "personal data goes to a third party". Controls and framework requirements state when
 * they apply in terms of facts (`appliesWhen`), ETSI EN 303 645's conditions and features are defined as facts, and
 * the reports show each fact with the model elements that establish it, so every "applies" has a reason.
 */
import type { SystemGraph } from './graph.js';
import type { ModelElement } from './types.js';
import { NETWORK_DEBUG_KINDS, PERSONAL_SENSING, type PersonalDataCategory, type Sensing } from './vocabulary.js';

export interface FactDefinition {
  id: string;
  title: string;
  /** Ids of the model elements, flows or data assets that establish the fact; empty when it does not hold. */
  subjects(graph: SystemGraph): string[];
}

export interface FactResult {
  id: string;
  title: string;
  holds: boolean;
  subjects: string[];
}

/**
 * How many subjects a fact names at most. Reports show a few as the reason; whether a fact holds needs only one, so
 * evaluation stops early on large models.
 */
export const FACT_SUBJECT_LIMIT = 50;

/** Ids of the first items (up to the limit) that pass the test. */
function where<T extends { id: string }>(items: readonly T[], test: (item: T) => unknown = () => true): string[] {
  const found: string[] = [];
  for (const item of items) {
    if (!test(item)) continue;
    found.push(item.id);
    if (found.length >= FACT_SUBJECT_LIMIT) break;
  }
  return found;
}
const ids = <T extends { id: string }>(items: readonly T[]): string[] => where(items);
const devicesWhere = (g: SystemGraph, test: (e: ModelElement) => boolean): string[] => where(g.devices(), test);
const elementsWhere = (g: SystemGraph, test: (e: ModelElement) => boolean): string[] => where(g.model.elements, test);

const usesPasswords = (e: ModelElement): boolean =>
  (e.authentication?.passwords !== undefined && e.authentication.passwords !== 'none') ||
  (e.authentication?.mechanisms ?? []).includes('password') ||
  e.services.some((s) => s.enabled && s.authentication === 'password');

const CRYPTO_AUTH = new Set(['certificate', 'token', 'psk', 'signature']);
const RADIO_INTERFACES = new Set(['wifi', 'ble', 'bluetooth', 'zigbee', 'zwave', 'thread', 'lora', 'cellular', 'nfc']);
const hasRadio = (e: ModelElement): boolean => e.interfaces.some((i) => RADIO_INTERFACES.has(i.kind));
/** Tags are free text; the facts below read a few agreed ones (case-insensitive) where the model has no field yet. */
const tagged = (e: ModelElement, ...wanted: string[]): boolean => e.tags.some((t) => wanted.includes(t.toLowerCase()));
const senses = (e: ModelElement, ...wanted: Sensing[]): boolean => e.sensing.some((s) => wanted.includes(s));
const updateable = (e: ModelElement): boolean => e.update !== undefined && e.update.mechanism !== 'none';
const networkServices = (e: ModelElement) => e.services.filter((s) => s.enabled);

/**
 * Elements that reach the internet directly or through other equipment (the reading of RED Delegated Regulation
 * 2022/30 Art. 1(1)): those in an internet or cloud zone, cloud services, internet-exposed services, and everything a
 * chain of flows (either direction, not through people) links to them.
 */
function internetConnected(g: SystemGraph): Set<string> {
  const online = (e: ModelElement) =>
    ['internet', 'cloud'].includes(g.zoneOf(e)?.kind ?? '') ||
    e.kind === 'cloud-service' ||
    networkServices(e).some((s) => s.exposure === 'internet');
  const reached = new Set(g.model.elements.filter(online).map((e) => e.id));
  const queue = [...reached];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    const element = g.element(id);
    if (element.kind === 'user' || element.kind === 'physical-entity') continue;
    for (const flow of g.flowsOf(element)) {
      const other = flow.from === id ? flow.to : flow.from;
      if (!reached.has(other)) {
        reached.add(other);
        queue.push(other);
      }
    }
  }
  return reached;
}
const onlineRadioDevicesWhere = (g: SystemGraph, test: (e: ModelElement) => boolean): string[] => {
  const online = internetConnected(g);
  return devicesWhere(g, (e) => hasRadio(e) && online.has(e.id) && test(e));
};
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
  { id: 'devices-present', title: 'the system has IoT devices', subjects: (g) => ids(g.devices()) },
  {
    id: 'gateways-present',
    title: 'gateways or hubs connect devices to other networks',
    subjects: (g) => elementsWhere(g, (e) => e.kind === 'gateway' || e.kind === 'hub'),
  },
  {
    id: 'varied-devices',
    title: 'devices of several kinds or from several developers are connected',
    subjects: (g) => {
      const devices = g.devices();
      const variety = new Set(devices.map((d) => `${d.kind}/${d.developer ?? ''}/${d.template ?? d.id}`));
      return variety.size > 1 ? ids(devices) : [];
    },
  },
  {
    id: 'constrained-devices',
    title: 'some devices are resource-constrained',
    subjects: (g) => devicesWhere(g, (e) => e.constrained === true),
  },
  { id: 'updateable-software', title: 'device software can be updated', subjects: (g) => devicesWhere(g, updateable) },
  {
    id: 'not-updateable',
    title: 'some device software cannot be updated',
    subjects: (g) => devicesWhere(g, (e) => e.update?.mechanism === 'none'),
  },
  {
    id: 'automatic-updates',
    title: 'devices can update automatically',
    subjects: (g) => devicesWhere(g, (e) => e.update?.mechanism === 'automatic'),
  },
  {
    id: 'update-notifications',
    title: 'devices notify users of updates',
    subjects: (g) => devicesWhere(g, (e) => e.update?.notifications === true),
  },
  {
    id: 'network-updates',
    title: 'updates are delivered over a network',
    subjects: (g) => devicesWhere(g, (e) => updateable(e) && e.update?.delivery !== 'local'),
  },
  {
    id: 'update-mechanism-feasible',
    title: 'devices are not too constrained for a secure update mechanism',
    subjects: (g) => devicesWhere(g, (e) => e.constrained !== true),
  },
  {
    id: 'persistent-secrets',
    title: 'devices keep security parameters in persistent storage',
    subjects: (g) =>
      devicesWhere(
        g,
        (e) =>
          (e.secretStorage !== undefined && e.secretStorage !== 'none') ||
          usesPasswords(e) ||
          (e.authentication?.mechanisms ?? []).some((m) => CRYPTO_AUTH.has(m)),
      ),
  },
  {
    id: 'hardcoded-identity',
    title: 'devices have a unique identity set at manufacture',
    subjects: (g) => devicesWhere(g, (e) => e.identity === 'hardcoded'),
  },
  {
    id: 'device-service-credentials',
    title: 'devices use credentials to reach services or check for updates',
    subjects: (g) =>
      devicesWhere(g, (e) =>
        (g.flowsFrom.get(e.id) ?? []).some((f) => g.isAuthenticated(f) && !g.isDevice(g.element(f.to))),
      ),
  },
  {
    id: 'device-critical-parameters',
    title: 'devices hold critical security parameters',
    subjects: (g) =>
      devicesWhere(
        g,
        (e) =>
          (e.secretStorage !== undefined && e.secretStorage !== 'none') ||
          (e.authentication?.mechanisms ?? []).some((m) => CRYPTO_AUTH.has(m)) ||
          (g.flowsFrom.get(e.id) ?? []).some((f) => g.isAuthenticated(f)),
      ),
  },
  {
    id: 'secure-boot-or-tamper-detection',
    title: 'devices have secure boot or tamper detection',
    subjects: (g) => devicesWhere(g, (e) => e.secureBoot === true || e.tamperDetection === true),
  },

  // Authentication
  {
    id: 'passwords-used',
    title: 'passwords are used',
    subjects: (g) => elementsWhere(g, (e) => g.isDevice(e) && usesPasswords(e)),
  },
  {
    id: 'preinstalled-passwords',
    title: 'devices ship with pre-installed unique passwords',
    subjects: (g) => devicesWhere(g, (e) => e.authentication?.passwords === 'unique-per-device'),
  },
  {
    id: 'cryptographic-authentication',
    title: 'cryptographic authentication is used (certificates, tokens, keys)',
    subjects: (g) => [
      ...devicesWhere(g, (e) => (e.authentication?.mechanisms ?? []).some((m) => CRYPTO_AUTH.has(m))),
      ...where(g.model.flows, (f) => CRYPTO_AUTH.has(f.authentication)),
    ],
  },
  {
    id: 'user-authentication-to-device',
    title: 'users or administrators authenticate to devices',
    subjects: (g) =>
      devicesWhere(
        g,
        (e) => usesPasswords(e) || networkServices(e).some((s) => s.purpose === 'admin' && s.authentication !== 'none'),
      ),
  },
  {
    id: 'network-authentication',
    title: 'devices authenticate clients on network interfaces',
    subjects: (g) =>
      devicesWhere(g, (e) =>
        networkServices(e).some((s) => s.authentication !== 'none' && s.authentication !== 'unknown'),
      ),
  },
  {
    id: 'brute-force-mitigation-feasible',
    title: 'devices that authenticate over the network are not too constrained to limit guessing',
    subjects: (g) =>
      devicesWhere(g, (e) => e.constrained !== true && networkServices(e).some((s) => s.authentication !== 'none')),
  },

  // Interfaces and configuration
  {
    id: 'network-configuration',
    title: 'security-relevant settings can be changed over the network',
    subjects: (g) =>
      devicesWhere(g, (e) => networkServices(e).some((s) => s.purpose === 'admin' || s.purpose === 'control')),
  },
  {
    id: 'credentials-sent-off-device',
    title: 'devices send security parameters off the device',
    subjects: (g) =>
      devicesWhere(g, (e) =>
        (g.flowsFrom.get(e.id) ?? []).some((f) => ['password', 'token', 'psk'].includes(f.authentication)),
      ),
  },
  {
    id: 'unused-interfaces',
    title: 'devices have interfaces or services that are not needed in use',
    subjects: (g) =>
      devicesWhere(g, (e) => e.interfaces.some((i) => i.used === false) || e.services.some((s) => !s.enabled)),
  },
  {
    id: 'debug-interfaces',
    title: 'devices have debug interfaces',
    subjects: (g) => devicesWhere(g, (e) => e.debugInterfaces.length > 0),
  },
  {
    id: 'physical-debug-ports',
    title: 'devices have physical debug ports',
    subjects: (g) => devicesWhere(g, (e) => e.debugInterfaces.some((d) => !NETWORK_DEBUG_KINDS.has(d.kind))),
  },
  {
    id: 'internet-exposed-services',
    title: 'services are reachable from the internet',
    subjects: (g) =>
      elementsWhere(
        g,
        (e) => networkServices(e).some((s) => s.exposure === 'internet') || g.zoneOf(e)?.kind === 'internet',
      ),
  },
  {
    id: 'wireless-interfaces',
    title: 'devices have radio interfaces',
    subjects: (g) => devicesWhere(g, hasRadio),
  },
  {
    id: 'remote-access',
    title: 'people reach devices or device networks remotely',
    subjects: (g) =>
      where(g.model.flows, (f) => f.purpose === 'remote-access' || (f.purpose === 'admin' && g.crossesBoundary(f))),
  },

  // Where things are
  {
    id: 'physically-exposed-devices',
    title: 'devices are where others can physically reach them',
    subjects: (g) =>
      devicesWhere(g, (e) => e.physicalExposure === 'public-space' || e.physicalExposure === 'customer-premises'),
  },
  {
    id: 'public-space-devices',
    title: 'devices are in public spaces',
    subjects: (g) => devicesWhere(g, (e) => e.physicalExposure === 'public-space'),
  },
  {
    id: 'safety-relevant',
    title: 'misuse or failure of some elements can harm people or property',
    subjects: (g) => elementsWhere(g, (e) => e.safetyRelevant === true),
  },
  {
    id: 'industrial-network',
    title: 'devices are on an operational-technology network',
    subjects: (g) => devicesWhere(g, (e) => g.zoneOf(e)?.kind === 'industrial'),
  },
  {
    id: 'cloud-services',
    title: 'cloud or hosted services are part of the system',
    subjects: (g) =>
      elementsWhere(
        g,
        (e) =>
          ['cloud-service', 'management-service', 'message-broker', 'api-gateway', 'data-store'].includes(e.kind) &&
          !g.isDevice(e),
      ),
  },
  {
    id: 'management-services',
    title: 'devices are managed by a management service',
    subjects: (g) => elementsWhere(g, (e) => e.kind === 'management-service'),
  },
  {
    id: 'companion-apps',
    title: 'users use mobile or web apps',
    subjects: (g) => elementsWhere(g, (e) => e.kind === 'mobile-app' || e.kind === 'web-app' || e.kind === 'hmi'),
  },
  {
    id: 'third-parties',
    title: 'external parties exchange data with the system',
    subjects: (g) => elementsWhere(g, (e) => g.isThirdParty(e)),
  },
  {
    id: 'user-organisation',
    title: 'an organisation deploys the system as IoT user',
    subjects: (g) => where(g.model.organisations, (o) => o.roles.includes('user')),
  },

  // Data and privacy
  {
    id: 'telemetry',
    title: 'telemetry is collected',
    subjects: (g) => elementsWhere(g, (e) => e.telemetry?.collected === true),
  },
  {
    id: 'personal-data-processed',
    title: 'personal data is processed',
    subjects: (g) => where(g.model.dataAssets, (d) => d.personalData !== undefined),
  },
  {
    id: 'sensitive-personal-data',
    title: 'sensitive or special-category personal data is processed',
    subjects: (g) => where(g.model.dataAssets, (d) => d.personalData?.sensitive === true),
  },
  {
    id: 'sends-personal-data',
    title: 'devices send personal data to services',
    subjects: (g) => where(g.model.flows, (f) => g.isDevice(g.element(f.from)) && g.personalDataIn(f).length > 0),
  },
  {
    id: 'sends-sensitive-personal-data',
    title: 'devices send sensitive personal data to services',
    subjects: (g) =>
      where(
        g.model.flows,
        (f) => g.isDevice(g.element(f.from)) && g.personalDataIn(f).some((d) => d.personalData?.sensitive === true),
      ),
  },
  {
    id: 'external-sensing',
    title: 'devices sense their surroundings (camera, microphone, location, presence…)',
    subjects: (g) => devicesWhere(g, (e) => e.sensing.length > 0),
  },
  {
    id: 'sensing-people',
    title: 'devices observe people (camera, microphone, location, presence, biometrics)',
    subjects: (g) => devicesWhere(g, (e) => e.sensing.some((s) => PERSONAL_SENSING.has(s))),
  },
  {
    id: 'public-space-sensing',
    title: 'devices observe people in public spaces',
    subjects: (g) =>
      devicesWhere(g, (e) => e.physicalExposure === 'public-space' && e.sensing.some((s) => PERSONAL_SENSING.has(s))),
  },
  {
    id: 'service-stores-personal-data',
    title: 'services store personal data',
    subjects: (g) =>
      where(g.model.dataAssets, (d) => d.personalData && d.storedIn.some((id) => !g.isDevice(g.element(id)))),
  },
  {
    id: 'device-stores-personal-data',
    title: 'devices store personal data',
    subjects: (g) =>
      where(g.model.dataAssets, (d) => d.personalData && d.storedIn.some((id) => g.isDevice(g.element(id)))),
  },
  {
    id: 'consent-based-processing',
    title: 'some processing relies on consent',
    subjects: (g) => where(g.model.dataAssets, (d) => d.legalBasis === 'consent'),
  },
  {
    id: 'aggregate-only-data',
    title: 'some data is collected only for aggregated use',
    subjects: (g) => where(g.model.dataAssets, (d) => d.aggregatedOnly === true),
  },
  {
    id: 'personal-data-to-third-parties',
    title: 'personal data goes to third parties',
    subjects: (g) => where(g.model.flows, (f) => g.isThirdParty(g.element(f.to)) && g.personalDataIn(f).length > 0),
  },
  {
    id: 'cross-border-transfers',
    title: 'personal data leaves the region of its data subjects',
    subjects: (g) =>
      where(g.model.flows, (f) => {
        const home = g.model.system.region;
        const region = g.regionOf(g.element(f.to));
        return home !== undefined && region !== undefined && region !== home && g.personalDataIn(f).length > 0;
      }),
  },
  {
    id: 'data-shared-with-users',
    title: 'users can share access or data with other people',
    subjects: (g) => where(g.model.flows, (f) => g.element(f.to).kind === 'user' && g.personalDataIn(f).length > 0),
  },

  // EU radio equipment law: the scope of RED Delegated Regulation (EU) 2022/30 Art. 1. Toys, childcare equipment,
  // wearables and payment functions have no model field yet and are read from element tags.
  {
    id: 'internet-connected-radio',
    title: 'radio devices communicate over the internet, directly or through other equipment',
    subjects: (g) => onlineRadioDevicesWhere(g, () => true),
  },
  {
    id: 'radio-processes-personal-data',
    title: 'radio devices process personal data or location data (traffic data is not modelled)',
    subjects: (g) => devicesWhere(g, (e) => hasRadio(e) && (senses(e, 'location') || handlesPersonalData(g, e))),
  },
  {
    id: 'toy-or-childcare-radio',
    title: 'radio devices are toys or childcare equipment (tagged toy or childcare)',
    subjects: (g) => devicesWhere(g, (e) => hasRadio(e) && tagged(e, 'toy', 'childcare')),
  },
  {
    id: 'wearable-radio',
    title: 'radio devices are worn on the body or on clothing (tagged wearable)',
    subjects: (g) => devicesWhere(g, (e) => hasRadio(e) && tagged(e, 'wearable')),
  },
  {
    id: 'radio-money-transfer',
    title:
      'internet-connected radio devices let their user transfer money, monetary value or virtual currency (tagged payment)',
    subjects: (g) => onlineRadioDevicesWhere(g, (e) => tagged(e, 'payment')),
  },

  // Product functions that suggest a CRA product class (Annex III important, Annex IV critical). Each only suggests:
  // the class follows from the product's core functionality, which the product (not an element) states.
  {
    id: 'smart-home-security-devices',
    title: 'devices with a security function: cameras, or devices tagged lock, alarm or baby-monitor',
    subjects: (g) =>
      devicesWhere(g, (e) => e.kind === 'camera' || tagged(e, 'lock', 'door-lock', 'alarm', 'baby-monitor')),
  },
  {
    id: 'network-gateway-devices',
    title: 'gateways, or devices tagged router, modem or switch, connect networks',
    subjects: (g) => devicesWhere(g, (e) => e.kind === 'gateway' || tagged(e, 'router', 'modem', 'switch')),
  },
  {
    id: 'virtual-assistant-devices',
    title: 'devices are general-purpose voice or virtual assistants (tagged virtual-assistant)',
    subjects: (g) => devicesWhere(g, (e) => tagged(e, 'virtual-assistant', 'voice-assistant')),
  },
  {
    id: 'interactive-connected-toys',
    title: 'internet-connected toys that listen, film or track location',
    subjects: (g) =>
      onlineRadioDevicesWhere(g, (e) => tagged(e, 'toy') && senses(e, 'microphone', 'camera', 'location')),
  },
  {
    id: 'health-or-child-wearables',
    title: 'wearables that monitor health, or that are meant for children',
    subjects: (g) =>
      devicesWhere(
        g,
        (e) =>
          tagged(e, 'wearable') &&
          (senses(e, 'health', 'biometric') || tagged(e, 'children') || handlesDataCategory(g, e, 'children')),
      ),
  },
  {
    id: 'access-control-readers',
    title: 'devices read credentials or biometrics to control access (tagged access-reader, or biometric sensing)',
    subjects: (g) => devicesWhere(g, (e) => tagged(e, 'access-reader') || senses(e, 'biometric')),
  },
  {
    id: 'vpn-endpoints',
    title: 'elements offer a VPN service',
    subjects: (g) => elementsWhere(g, (e) => networkServices(e).some((s) => s.protocol === 'vpn')),
  },
  {
    id: 'firewall-devices',
    title: 'devices are firewalls or intrusion detection or prevention systems (tagged firewall, ids or ips)',
    subjects: (g) => devicesWhere(g, (e) => tagged(e, 'firewall', 'ids', 'ips')),
  },
  {
    id: 'smart-meter-gateways',
    title: 'gateways that carry energy-use data, or devices tagged smart-meter-gateway',
    subjects: (g) =>
      devicesWhere(
        g,
        (e) =>
          tagged(e, 'smart-meter-gateway') ||
          (e.kind === 'gateway' && (senses(e, 'energy') || handlesDataCategory(g, e, 'energy-use'))),
      ),
  },
  {
    id: 'hardware-security-devices',
    title:
      'devices are hardware security modules, smartcards or secure elements (tagged hsm, smartcard or secure-element)',
    subjects: (g) => devicesWhere(g, (e) => tagged(e, 'hsm', 'security-box', 'smartcard', 'secure-element')),
  },
];

export const FACT_IDS: ReadonlySet<string> = new Set(FACTS.map((f) => f.id));

/** Evaluates every fact once for a model. */
export function evaluateFacts(graph: SystemGraph): Map<string, FactResult> {
  return new Map(
    FACTS.map((fact) => {
      const subjects = [...new Set(fact.subjects(graph))];
      return [fact.id, { id: fact.id, title: fact.title, holds: subjects.length > 0, subjects }];
    }),
  );
}
