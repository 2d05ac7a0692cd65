/**
 * The words of the model, each with a one-line meaning. Zod enums, the JSON Schema, the docs and the reports all
 * read these tables, so a new value is added in one place.
 */

type Vocabulary = Readonly<Record<string, string>>;

/** Keys of a vocabulary as a non-empty tuple, which is what z.enum wants. */
export function terms<V extends Vocabulary>(vocabulary: V): [keyof V & string, ...(keyof V & string)[]] {
  return Object.keys(vocabulary) as [keyof V & string, ...(keyof V & string)[]];
}

/** ISO/IEC 27400 §5.3 stakeholders. */
export const STAKEHOLDERS = {
  developer: 'IoT service developer: designs and builds the devices, firmware, apps and services',
  provider: 'IoT service provider: runs the IoT service and the device fleet for its users',
  user: 'IoT user: the organisation or person who deploys and uses the IoT service',
} as const;
export type Stakeholder = keyof typeof STAKEHOLDERS;

/** ISO/IEC 30141 domain-based reference model, as used by ISO/IEC 27400 §5.6 and §6.2.2. */
export const DOMAINS = {
  PED: 'physical entity domain: the things and spaces that are sensed or acted on',
  SCD: 'sensing and controlling domain: sensors, actuators, devices, gateways, local control',
  ASD: 'application and service domain: IoT data processing, storage, analytics and business applications',
  OMD: 'operation and management domain: provisioning, monitoring, updating and managing the system',
  UD: 'user domain: human and digital users and the apps and interfaces they use',
  RAID: 'resource access and interchange domain: access control, APIs and exchange with external parties',
} as const;
export type Domain = keyof typeof DOMAINS;

export const ELEMENT_KINDS = {
  sensor: 'a device that measures the physical world',
  actuator: 'a device that acts on the physical world (lock, valve, relay, motor)',
  camera: 'a video or still camera',
  gateway: 'a device that bridges local device networks to IP networks or the cloud',
  hub: 'a local controller that devices pair with (smart-home hub, recorder)',
  controller: 'a programmable or industrial controller (PLC, RTU)',
  device: 'any other IoT device',
  'edge-service': 'a service running at the edge, near the devices',
  'cloud-service': 'a service running in a cloud or data centre',
  'management-service': 'device management, provisioning, update or monitoring service',
  'message-broker': 'a publish/subscribe broker (MQTT, AMQP)',
  'api-gateway': 'an API or interchange point exposed to other parties',
  'data-store': 'a database, object store or file store',
  'mobile-app': 'an app on a phone or tablet',
  'web-app': 'a web application used in a browser',
  hmi: 'a human-machine interface such as an operator panel',
  user: 'a person or role who uses the system',
  'external-party': 'a system or organisation outside the IoT system that exchanges data with it',
  'physical-entity': 'a physical thing or space the system senses or acts on',
} as const;
export type ElementKind = keyof typeof ELEMENT_KINDS;

/** Where an element kind sits in ISO/IEC 30141 unless the model says otherwise. */
export const DEFAULT_DOMAIN: Readonly<Record<ElementKind, Domain>> = {
  sensor: 'SCD',
  actuator: 'SCD',
  camera: 'SCD',
  gateway: 'SCD',
  hub: 'SCD',
  controller: 'SCD',
  device: 'SCD',
  'edge-service': 'ASD',
  'cloud-service': 'ASD',
  'management-service': 'OMD',
  'message-broker': 'ASD',
  'api-gateway': 'RAID',
  'data-store': 'ASD',
  'mobile-app': 'UD',
  'web-app': 'UD',
  hmi: 'UD',
  user: 'UD',
  'external-party': 'RAID',
  'physical-entity': 'PED',
};

/** Element kinds that are IoT devices: the things with firmware, interfaces and a physical location. */
export const DEVICE_KINDS: ReadonlySet<ElementKind> = new Set([
  'sensor',
  'actuator',
  'camera',
  'gateway',
  'hub',
  'controller',
  'device',
]);

export const ZONE_KINDS = {
  internet: 'the public internet',
  cloud: 'a cloud or hosting provider network',
  'customer-premises': "a home or office network at the IoT user's site",
  'public-space': 'a street, shop, station or other place open to the public',
  industrial: 'an operational-technology network (plant, utility, building automation)',
  corporate: 'an enterprise IT network',
  'mobile-network': 'a cellular or LPWAN operator network',
  'personal-area': 'short-range radio around a device (Bluetooth, Zigbee, Thread)',
  dmz: 'a screened network between trusted and untrusted zones',
  'vendor-network': "a supplier's or service partner's own network",
} as const;
export type ZoneKind = keyof typeof ZONE_KINDS;

export const TRUST_LEVELS = {
  untrusted: 'anyone may be there (internet, public space)',
  low: 'shared with parties the system does not control',
  medium: 'controlled, but with many users or devices',
  high: 'tightly controlled and monitored',
} as const;
export type TrustLevel = keyof typeof TRUST_LEVELS;

export const DEFAULT_TRUST: Readonly<Record<ZoneKind, TrustLevel>> = {
  internet: 'untrusted',
  cloud: 'medium',
  'customer-premises': 'low',
  'public-space': 'untrusted',
  industrial: 'high',
  corporate: 'medium',
  'mobile-network': 'low',
  'personal-area': 'low',
  dmz: 'medium',
  'vendor-network': 'low',
};

export const PHYSICAL_EXPOSURE = {
  'public-space': 'anyone can touch it (street, shop, station)',
  'customer-premises': 'in a home or office: residents, visitors, tradespeople and thieves can reach it',
  'staff-and-contractors':
    'on a site where staff, contractors and cleaners move freely, but the public does not (office, plant floor)',
  'secured-site': 'behind physical access control (locked plant room, data centre)',
  none: 'not a physical thing the system places anywhere (cloud service, app)',
} as const;
export type PhysicalExposure = keyof typeof PHYSICAL_EXPOSURE;

export const DEFAULT_EXPOSURE: Readonly<Record<ZoneKind, PhysicalExposure>> = {
  internet: 'none',
  cloud: 'none',
  'customer-premises': 'customer-premises',
  'public-space': 'public-space',
  industrial: 'secured-site',
  corporate: 'secured-site',
  'mobile-network': 'none',
  'personal-area': 'customer-premises',
  dmz: 'secured-site',
  'vendor-network': 'secured-site',
};

export const PROTOCOLS = {
  http: 'HTTP without TLS',
  https: 'HTTP over TLS',
  mqtt: 'MQTT without TLS',
  mqtts: 'MQTT over TLS',
  coap: 'CoAP without DTLS',
  coaps: 'CoAP over DTLS',
  amqp: 'AMQP without TLS',
  amqps: 'AMQP over TLS',
  websocket: 'WebSocket without TLS',
  wss: 'WebSocket over TLS',
  grpc: 'gRPC (over TLS unless stated)',
  rtsp: 'RTSP video streaming without TLS',
  rtsps: 'RTSP over TLS',
  srtp: 'SRTP media',
  webrtc: 'WebRTC (DTLS-SRTP)',
  telnet: 'Telnet remote shell',
  ssh: 'SSH',
  ftp: 'FTP',
  sftp: 'SFTP over SSH',
  tftp: 'TFTP',
  ssdp: 'SSDP / UPnP discovery',
  'ws-discovery': 'WS-Discovery (multicast device discovery, used by ONVIF)',
  onvif: 'ONVIF camera control (SOAP over HTTP)',
  mdns: 'multicast DNS discovery',
  dns: 'DNS',
  ntp: 'NTP',
  snmp: 'SNMP v1/v2c',
  snmpv3: 'SNMP v3',
  modbus: 'Modbus TCP',
  'opc-ua': 'OPC UA',
  bacnet: 'BACnet/IP',
  ble: 'Bluetooth Low Energy',
  zigbee: 'Zigbee',
  zwave: 'Z-Wave',
  thread: 'Thread / Matter',
  lorawan: 'LoRaWAN',
  cellular: 'cellular data bearer',
  smtp: 'e-mail',
  vpn: 'a VPN tunnel (IPsec, WireGuard, OpenVPN)',
  proprietary: 'a proprietary protocol; say how it is protected with encryption and authentication',
} as const;
export type Protocol = keyof typeof PROTOCOLS;

/** Short-range and LPWAN radio protocols: their protection is set up per link, not by TLS. */
export const RADIO_PROTOCOLS: ReadonlySet<Protocol> = new Set(['ble', 'zigbee', 'zwave', 'thread', 'lorawan']);

export const ENCRYPTION = {
  none: 'no encryption: readable by anyone on the path',
  tls: 'TLS',
  dtls: 'DTLS',
  ssh: 'SSH transport encryption',
  'link-layer': 'encryption of the radio or link layer only (BLE pairing, Zigbee network key, LoRaWAN session keys)',
  application: 'encryption of the payload by the application',
  vpn: 'carried inside a VPN tunnel',
  unknown: 'not known; treated as unencrypted until stated',
} as const;
export type Encryption = keyof typeof ENCRYPTION;

/** What a protocol implies when a flow or service does not say how it is encrypted. */
export const PROTOCOL_ENCRYPTION: Readonly<Record<Protocol, Encryption>> = {
  http: 'none',
  https: 'tls',
  mqtt: 'none',
  mqtts: 'tls',
  coap: 'none',
  coaps: 'dtls',
  amqp: 'none',
  amqps: 'tls',
  websocket: 'none',
  wss: 'tls',
  grpc: 'tls',
  rtsp: 'none',
  rtsps: 'tls',
  srtp: 'application',
  webrtc: 'dtls',
  telnet: 'none',
  ssh: 'ssh',
  ftp: 'none',
  sftp: 'ssh',
  tftp: 'none',
  ssdp: 'none',
  'ws-discovery': 'none',
  onvif: 'none',
  mdns: 'none',
  dns: 'none',
  ntp: 'none',
  snmp: 'none',
  snmpv3: 'application',
  modbus: 'none',
  'opc-ua': 'unknown',
  bacnet: 'none',
  ble: 'unknown',
  zigbee: 'link-layer',
  zwave: 'unknown',
  thread: 'link-layer',
  lorawan: 'link-layer',
  cellular: 'link-layer',
  smtp: 'unknown',
  vpn: 'vpn',
  proprietary: 'unknown',
};

export const AUTHENTICATION = {
  none: 'no authentication',
  password: 'user name and password, or a password or PIN alone',
  token: 'bearer token, API key or session cookie',
  certificate: 'client certificate or mutual TLS',
  psk: 'pre-shared key',
  pairing: 'radio pairing (BLE, Zigbee join)',
  signature: 'messages signed by the sender',
  unknown: 'not known; treated as none until stated',
} as const;
export type Authentication = keyof typeof AUTHENTICATION;

export const PASSWORD_PRACTICES = {
  none: 'the element uses no passwords',
  'user-defined': 'the user must set a password before the element can be used',
  'unique-per-device': 'a unique password is generated for each device at manufacture',
  'shared-default': 'every device of the kind ships with the same password',
  'operator-set-shared': 'the operator sets one password that every device of the fleet shares',
} as const;
export type PasswordPractice = keyof typeof PASSWORD_PRACTICES;

export const SERVICE_PURPOSES = {
  data: 'carries the data the device collects or acts on',
  control: 'commands the device',
  admin: 'configuration and administration',
  update: 'software or firmware updates',
  debug: 'diagnostics or engineering access',
  discovery: 'announces or discovers devices (SSDP, mDNS)',
  streaming: 'audio or video streams',
  telemetry: 'operational telemetry about the device or service',
  'remote-access': 'remote access into the network or device by people',
  api: 'an API used by apps or other systems',
} as const;
export type ServicePurpose = keyof typeof SERVICE_PURPOSES;

export const SERVICE_EXPOSURE = {
  local: 'reachable only from the zone the element is in',
  internet: 'reachable from the internet (public address, port forwarding, UPnP mapping)',
} as const;
export type ServiceExposure = keyof typeof SERVICE_EXPOSURE;

export const INTERFACE_KINDS = {
  ethernet: 'wired Ethernet',
  wifi: 'Wi-Fi',
  cellular: 'cellular modem',
  ble: 'Bluetooth Low Energy',
  bluetooth: 'Bluetooth classic',
  zigbee: 'Zigbee radio',
  zwave: 'Z-Wave radio',
  thread: 'Thread radio',
  lora: 'LoRa / LoRaWAN radio',
  nfc: 'NFC',
  usb: 'USB port',
  serial: 'RS-232/RS-485 or other field bus',
  sd: 'memory card slot',
} as const;
export type InterfaceKind = keyof typeof INTERFACE_KINDS;

export const DEBUG_INTERFACE_KINDS = {
  uart: 'UART serial console',
  jtag: 'JTAG',
  swd: 'Serial Wire Debug',
  adb: 'Android Debug Bridge',
  'usb-debug': 'a USB debug or DFU mode',
  'debug-service': 'a network debug or engineering service',
} as const;
export type DebugInterfaceKind = keyof typeof DEBUG_INTERFACE_KINDS;

/** Debug interfaces reached over a network rather than by touching the board. */
export const NETWORK_DEBUG_KINDS: ReadonlySet<DebugInterfaceKind> = new Set(['adb', 'debug-service']);

export const DEBUG_STATES = {
  enabled: 'open to anyone who can reach it',
  protected: 'needs authentication or a per-device unlock',
  disabled: 'fused off or removed in production',
} as const;

export const UPDATE_MECHANISMS = {
  none: 'software cannot be updated',
  manual: 'a person must fetch or start each update',
  automatic: 'updates are fetched and installed automatically (perhaps after consent)',
} as const;
export type UpdateMechanism = keyof typeof UPDATE_MECHANISMS;

export const SECRET_STORAGE = {
  none: 'the element keeps no secrets',
  plaintext: 'secrets in readable flash or files',
  obfuscated: 'secrets hidden but not cryptographically protected',
  encrypted: 'secrets encrypted with a key held elsewhere on the device',
  'secure-element': 'a secure element or TPM',
  tee: 'a trusted execution environment',
  hsm: 'a hardware security module',
  'platform-keystore': "the operating system's protected key store (Android Keystore, iOS Keychain, cloud KMS)",
} as const;
export type SecretStorage = keyof typeof SECRET_STORAGE;

export const SENSING = {
  camera: 'images or video',
  microphone: 'sound or voice',
  location: 'geographic location',
  presence: 'whether people are present',
  motion: 'movement',
  biometric: 'fingerprints, faces or other biometrics',
  health: 'health or body measurements',
  environmental: 'temperature, humidity, air, light and similar',
  energy: 'energy or utility use',
} as const;
export type Sensing = keyof typeof SENSING;

/** Sensing that observes people, as opposed to their surroundings. */
export const PERSONAL_SENSING: ReadonlySet<Sensing> = new Set([
  'camera',
  'microphone',
  'location',
  'presence',
  'motion',
  'biometric',
  'health',
]);

export const CLASSIFICATIONS = {
  public: 'may be published',
  internal: 'for the organisations involved',
  confidential: 'limited to named roles; harm if disclosed',
  restricted: 'serious harm if disclosed or altered',
} as const;
export type Classification = keyof typeof CLASSIFICATIONS;

export const PERSONAL_DATA_CATEGORIES = {
  identifier: 'names, account ids, device ids linked to a person',
  contact: 'e-mail, phone, address',
  image: 'photos or video of people',
  audio: 'voice recordings',
  biometric: 'biometric templates or face features',
  location: 'where a person is or was',
  health: 'health or body data',
  behavioural: 'habits, presence patterns, usage of devices',
  credentials: "a person's passwords or tokens",
  financial: 'payment or billing data',
  'energy-use': 'energy or utility consumption linked to a household or person (smart meters, heat pumps)',
  children: 'data about children',
  other: 'another category; describe it in the data asset',
} as const;
export type PersonalDataCategory = keyof typeof PERSONAL_DATA_CATEGORIES;

/** Categories that data protection law treats as special or sensitive. */
export const SENSITIVE_CATEGORIES: ReadonlySet<PersonalDataCategory> = new Set(['biometric', 'health', 'children']);

export const LEGAL_BASES = {
  consent: 'the data subject has consented',
  contract: 'needed to perform a contract with the data subject',
  'legal-obligation': 'required by law',
  'vital-interests': "to protect someone's life",
  'public-task': 'a task in the public interest',
  'legitimate-interests': 'legitimate interests, balanced against the data subject',
  none: 'no legal basis identified',
} as const;
export type LegalBasis = keyof typeof LEGAL_BASES;

export const TRANSFER_SAFEGUARDS = {
  adequacy: 'the destination is recognised as adequate',
  'contract-clauses': 'standard contractual clauses or an equivalent data transfer agreement',
  'binding-rules': 'binding corporate rules',
  consent: 'explicit consent of the data subject to the transfer',
  none: 'no safeguard',
} as const;

export const CONTROL_STATUSES = {
  'not-started': 'nothing is done yet',
  planned: 'decided and scheduled, not in place',
  implemented: 'in place, by the owner’s account',
  verified: 'in place and checked (by review, test or automated check)',
  'not-applicable': 'does not apply here; a justification is required',
} as const;
export type ControlStatus = keyof typeof CONTROL_STATUSES;

export const REMOTE_ACCESS_MODES = {
  'always-on': 'a remote path stays open all the time',
  'on-demand': 'opened for a session when someone asks, then closed',
  none: 'no remote access',
} as const;

/** ISO/IEC 29100 actors an organisation may be in processing personal data. */
export const DATA_ROLES = {
  controller: 'decides why and how personal data is processed',
  processor: 'processes personal data on behalf of a controller',
  'third-party': 'receives personal data and is neither its controller nor a processor for it',
} as const;

export const TREATMENTS = {
  mitigate: 'reduce the risk with controls',
  accept: 'keep the risk, with a named owner and a reason',
  transfer: 'move the risk to another party (insurance, contract)',
  avoid: 'remove the cause (drop the feature, the flow or the element)',
} as const;
export type Treatment = keyof typeof TREATMENTS;

export const EVIDENCE_KINDS = {
  document: 'a document: policy, design, procedure, manual',
  attestation: "a named person's statement",
  test: 'a test report, manual or by a laboratory',
  check: 'an automated check result (iotassure verify or another tool)',
  record: 'an operational record: ticket, log extract, screenshot',
} as const;
export type EvidenceKind = keyof typeof EVIDENCE_KINDS;

/** What a product is, as placed on the market or operated as a unit (EN 303 645 Annex B, the CRA, UK PSTI). */
export const PRODUCT_KINDS = {
  device: 'a device model with its firmware line (camera, sensor, hub, gateway, lock)',
  app: 'a mobile, desktop or web application',
  service: 'a cloud or hosted service operated as a unit',
  software: 'stand-alone software placed on the market (firmware image, agent, library)',
} as const;
export type ProductKind = keyof typeof PRODUCT_KINDS;

/** Product categories that decide which baselines and laws address a product. */
export const PRODUCT_CATEGORIES = {
  consumer: 'for consumers and households (EN 303 645, UK PSTI, the US Cyber Trust Mark)',
  enterprise: 'for organisations: offices, shops, buildings',
  industrial: 'for industrial automation and control (IEC 62443)',
  medical: 'a medical device or one used in care (sector law applies)',
  automotive: 'in or for vehicles (UN R155/R156 apply)',
  'public-sector': 'for public authorities and public spaces',
  'critical-infrastructure': 'for energy, water, transport and other essential services',
} as const;
export type ProductCategory = keyof typeof PRODUCT_CATEGORIES;

/** EU Cyber Resilience Act product classes (Regulation (EU) 2024/2847 Art. 7 and 8, Annexes III and IV). */
export const PRODUCT_CLASSES = {
  default: 'in neither Annex III nor Annex IV',
  'important-I': 'an important product of class I (Annex III)',
  'important-II': 'an important product of class II (Annex III)',
  critical: 'a critical product (Annex IV)',
} as const;
export type ProductClassLevel = keyof typeof PRODUCT_CLASSES;

/**
 * Markets and jurisdictions: ISO 3166-1 alpha-2 country codes, `EU` for the European Union (its single market
 * with the EEA states), and ISO 3166-2 subdivisions such as `US-CA` for state law.
 */
export const MARKET_PATTERN = /^(EU|[A-Z]{2}(-[A-Z0-9]{1,3})?)$/;

/** EU member states and the EEA states that apply EU product law (the CRA and the RED are EEA-relevant). */
// biome-ignore format: country codes read best packed
export const EU_SINGLE_MARKET: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT',
  'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO',
]);

/**
 * Who an external requirement is addressed to. Only the controls owed by the 27400 stakeholders that play the
 * addressee's part count towards it; the others are complementary.
 */
export const ADDRESSEES = {
  manufacturer: 'the manufacturer: who designs or has the product made and places it on the market under its name',
  provider: 'the provider or operator of the IoT service and the device fleet',
  user: 'the IoT user: the organisation or person who deploys and uses the product',
  importer: 'who places a product from outside the market on it',
  distributor: 'who makes a product available on the market without changing it',
  controller: 'the controller of personal data (ISO/IEC 29100 PII controller)',
} as const;
export type Addressee = keyof typeof ADDRESSEES;

/**
 * The ISO/IEC 27400 stakeholder roles whose controls count towards a requirement addressed to each party. A
 * manufacturer is the IoT service developer, and where it runs the associated services also their provider (27400
 * names the two together in 7.1.2 and 7.2.2); importers and distributors have no 27400 role.
 */
export const ADDRESSEE_STAKEHOLDERS: Readonly<Record<Addressee, readonly Stakeholder[]>> = {
  manufacturer: ['developer', 'provider'],
  provider: ['provider'],
  user: ['user'],
  importer: [],
  distributor: [],
  controller: ['developer', 'provider', 'user'],
};

/** Where a control is put in place, and so what its status is declared and judged on. */
export const IMPLEMENTATION_LEVELS = {
  organisation: 'once for the organisation (a policy, a process): one status for the whole system',
  product: 'per product (its documentation, support period, SBOM): a status per product',
  element: 'per element (a device, service or app): a status per element',
  flow: 'per communication flow: a status per flow',
  'data-asset': 'per data asset: a status per data asset',
} as const;
export type ImplementationLevel = keyof typeof IMPLEMENTATION_LEVELS;

/** How a framework binds those it addresses. */
export const LEGAL_FORCE = {
  law: 'a law or regulation: binding on the market it covers',
  'harmonised-standard': 'a standard whose use gives presumption of conformity with a law',
  standard: 'a voluntary standard or specification, binding when chosen or required by contract',
  guidance: 'guidance or good practice',
  reference: 'a reference vocabulary; nothing to conform to',
} as const;
export type LegalForce = keyof typeof LEGAL_FORCE;

/** Every vocabulary of the model by the name the model reference gives it, for the reference's list of words. */
export const MODEL_VOCABULARIES: Readonly<Record<string, Vocabulary>> = {
  'stakeholder roles': STAKEHOLDERS,
  'data roles': DATA_ROLES,
  domains: DOMAINS,
  'element kinds': ELEMENT_KINDS,
  'zone kinds': ZONE_KINDS,
  'trust levels': TRUST_LEVELS,
  'physical exposure': PHYSICAL_EXPOSURE,
  protocols: PROTOCOLS,
  encryption: ENCRYPTION,
  authentication: AUTHENTICATION,
  'password practices': PASSWORD_PRACTICES,
  'service purposes': SERVICE_PURPOSES,
  'service exposure': SERVICE_EXPOSURE,
  'interface kinds': INTERFACE_KINDS,
  'debug interface kinds': DEBUG_INTERFACE_KINDS,
  'debug states': DEBUG_STATES,
  'update mechanisms': UPDATE_MECHANISMS,
  'secret storage': SECRET_STORAGE,
  sensing: SENSING,
  classifications: CLASSIFICATIONS,
  'personal data categories': PERSONAL_DATA_CATEGORIES,
  'legal bases': LEGAL_BASES,
  'transfer safeguards': TRANSFER_SAFEGUARDS,
  'remote access': REMOTE_ACCESS_MODES,
  'product kinds': PRODUCT_KINDS,
  'product categories': PRODUCT_CATEGORIES,
  'CRA product classes': PRODUCT_CLASSES,
  'control statuses': CONTROL_STATUSES,
  treatments: TREATMENTS,
  'evidence kinds': EVIDENCE_KINDS,
};
