/**
 * The system model a user writes: the single source for validation, for the TypeScript types and for the JSON Schema
 * that `iotassure schema` prints. Every object is strict, so a misspelt key is an error with a suggestion rather
 * than a fact silently ignored.
 */
import { z } from 'zod';
import { VerificationSpec } from './verification.js';
import {
  AUTHENTICATION,
  CLASSIFICATIONS,
  CONTROL_STATUSES,
  DATA_ROLES,
  DEBUG_INTERFACE_KINDS,
  DEBUG_STATES,
  DOMAINS,
  ELEMENT_KINDS,
  ENCRYPTION,
  EVIDENCE_KINDS,
  INTERFACE_KINDS,
  LEGAL_BASES,
  MARKET_PATTERN,
  PASSWORD_PRACTICES,
  PERSONAL_DATA_CATEGORIES,
  PHYSICAL_EXPOSURE,
  PRODUCT_CATEGORIES,
  PRODUCT_CLASSES,
  PRODUCT_KINDS,
  PROTOCOLS,
  REMOTE_ACCESS_MODES,
  SECRET_STORAGE,
  SENSING,
  SERVICE_EXPOSURE,
  SERVICE_PURPOSES,
  STAKEHOLDERS,
  TRANSFER_SAFEGUARDS,
  TREATMENTS,
  TRUST_LEVELS,
  terms,
  UPDATE_MECHANISMS,
  ZONE_KINDS,
} from './vocabulary.js';

export const MODEL_FORMAT_VERSION = '1';

const described = <T extends Record<string, string>>(vocabulary: T, description: string) =>
  z.enum(terms(vocabulary)).describe(`${description}: ${Object.keys(vocabulary).join(', ')}`);

/**
 * A security fact the model may not know. `unknown` says so explicitly; an omitted fact is unknown too. Unknown facts
 * yield questions and undetermined verdicts, never a "none".
 */
const UNKNOWN = z.literal('unknown');
const fact = (description: string) =>
  z.union([z.boolean(), UNKNOWN]).optional().describe(`${description} (true, false or unknown; omitted: unknown)`);
const factOf = <T extends Record<string, string>>(vocabulary: T, description: string) =>
  z
    .union([z.enum(terms(vocabulary)), UNKNOWN])
    .optional()
    .describe(`${description}: ${Object.keys(vocabulary).join(', ')}, or unknown (omitted: unknown)`);

export const Id = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
    'an id is letters, digits and . _ : - (no spaces), starting with a letter or digit',
  )
  .max(128)
  .describe('an identifier that other parts of the model refer to');

const Text = z.string().max(20_000);
const IsoDate = z.iso.date().describe('a date, YYYY-MM-DD');
export const Market = z
  .string()
  .regex(MARKET_PATTERN, 'a market: EU, a country code such as UK, US or DE, or a subdivision such as US-CA')
  .describe('a market: EU, a country code (UK, US, DE) or a subdivision (US-CA)');

const RetentionPeriod = z
  .union([
    z.literal('unlimited'),
    z.literal('unspecified'),
    z
      .string()
      .regex(
        /^(P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?|\d+\s*(d|day|days|w|week|weeks|m|month|months|y|year|years))$/i,
        'a duration such as 30d, 6 months, 2y or P90D',
      ),
  ])
  .describe('how long data is kept: a duration (30d, 6 months, 2y, P90D), "unlimited" or "unspecified"');

export const Retention = z
  .union([
    RetentionPeriod,
    z.strictObject({
      period: RetentionPeriod,
      after: Text.optional().describe('the event the period runs from, e.g. "account closure" (default: collection)'),
      enforced: fact('the period is enforced by deletion, not only a policy'),
    }),
  ])
  .describe('how long data is kept: a duration, "unlimited", "unspecified", or { period, after, enforced }');

export const Service = z
  .strictObject({
    protocol: described(PROTOCOLS, 'network protocol'),
    port: z.number().int().min(0).max(65535).optional(),
    purpose: described(SERVICE_PURPOSES, 'what the service is for').optional(),
    authentication: described(AUTHENTICATION, 'how clients authenticate').optional(),
    encryption: described(ENCRYPTION, 'transport protection; derived from the protocol when absent').optional(),
    exposure: described(SERVICE_EXPOSURE, 'who can reach it (default local)').optional(),
    enabled: z.boolean().optional().describe('false for a service that exists but is switched off (default true)'),
    needed: fact('the product needs it in normal use; false for a service left on that nobody needs'),
    description: Text.optional(),
  })
  .describe('a network service the element listens on');

export const Interface = z
  .strictObject({
    id: Id.optional(),
    kind: described(INTERFACE_KINDS, 'interface kind'),
    used: z.boolean().optional().describe('false for an interface the product does not need in use (default true)'),
    description: Text.optional(),
  })
  .describe('a physical, radio or network interface');

export const DebugInterface = z.strictObject({
  kind: described(DEBUG_INTERFACE_KINDS, 'debug interface kind'),
  state: described(DEBUG_STATES, 'state in production devices'),
  physicallyAccessible: z.boolean().optional().describe('reachable without opening the case (default false)'),
  description: Text.optional(),
});

export const AuthenticationFacts = z
  .strictObject({
    passwords: factOf(PASSWORD_PRACTICES, 'how passwords are set'),
    mechanisms: z.array(described(AUTHENTICATION, 'mechanism')).optional(),
    bruteForceProtection: fact('repeated failed attempts are delayed or locked out'),
    multiFactor: fact('accounts can use a second factor'),
    userCanChange: fact('users and administrators can change the authentication value'),
  })
  .describe('how people and systems authenticate to this element');

export const UpdateFacts = z
  .strictObject({
    mechanism: factOf(UPDATE_MECHANISMS, 'update mechanism'),
    signed: fact('the element verifies a signature on each update before installing it'),
    delivery: z.enum(['network', 'local', 'both']).optional().describe('how updates arrive (default network)'),
    automaticByDefault: fact('automatic updates are on out of the box'),
    userCanDefer: fact('the user can postpone or switch off automatic updates'),
    notifications: fact('users are told about available updates'),
    rollbackProtection: fact('older, vulnerable images cannot be installed again'),
    endpoint: Id.optional().describe('the element (update service) that delivers the updates'),
  })
  .describe('how the element receives software updates');

export const TelemetryFacts = z.strictObject({
  collected: fact('usage or health telemetry is sent to the developer or provider'),
  personalData: fact('the telemetry contains personal data'),
  examinedForAnomalies: fact('someone examines it for security anomalies'),
  recipients: z
    .array(Id)
    .optional()
    .describe('elements or organisations that receive it besides the developer, e.g. a third-party SDK vendor'),
});

export const LoggingFacts = z.strictObject({
  securityEvents: fact('security-relevant events (logins, config changes, failures) are logged'),
  protected: fact('logs are protected against tampering and unauthorised reading'),
  centralised: fact('logs are sent to a central service'),
});

export const KnownVulnerability = z.strictObject({
  id: z.string().min(1).max(64).describe('CVE, GHSA or vendor advisory id'),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  fixed: fact('a fix is installed on this element'),
  exploited: fact('known to be actively exploited'),
  description: Text.optional(),
});

/** Every field an element (or a template) may set. */
const elementFields = {
  name: Text.optional(),
  description: Text.optional(),
  kind: described(ELEMENT_KINDS, 'element kind').optional(),
  domain: described(DOMAINS, 'ISO/IEC 30141 domain; derived from kind when absent').optional(),
  zone: Id.optional().describe('the network or trust zone the element is in'),
  operator: Id.optional().describe('the organisation that runs the element'),
  developer: Id.optional().describe('the organisation that develops the element'),
  region: z.string().max(64).optional().describe('where it is hosted or located (e.g. EU, UK, US)'),
  interfaces: z.array(Interface).optional(),
  services: z.array(Service).optional(),
  authentication: AuthenticationFacts.optional(),
  update: UpdateFacts.optional(),
  secureBoot: fact('the element verifies its software at boot'),
  tamperDetection: fact('the element detects opening or tampering'),
  debugInterfaces: z.array(DebugInterface).optional(),
  secretStorage: factOf(SECRET_STORAGE, 'where secrets and keys are kept'),
  constrained: fact('too resource-constrained for some security functions'),
  physicalExposure: described(
    PHYSICAL_EXPOSURE,
    'who can physically reach it; derived from the zone when absent',
  ).optional(),
  telemetry: TelemetryFacts.optional(),
  sensing: z.array(described(SENSING, 'external sensing')).optional(),
  logging: LoggingFacts.optional(),
  encryptionAtRest: fact('stored data is encrypted'),
  safetyRelevant: fact('a failure or misuse can harm people or property'),
  userDataDeletion: fact('users can erase their data from it simply'),
  hardcodedCredentials: fact('credentials are built into the software image'),
  identity: factOf(
    { none: 'no device identity', hardcoded: 'set at manufacture', provisioned: 'provisioned at onboarding' },
    'how the device identity is set',
  ),
  worksOffline: fact('its essential (and safety) functions keep working when the cloud or network is down'),
  remoteAccess: described(REMOTE_ACCESS_MODES, 'how remote access into it is available').optional(),
  lifetimeYears: z.number().min(0).max(100).optional().describe('how long it is expected to stay in use, in years'),
  disposable: fact('single-use or thrown away rather than maintained'),
  knownVulnerabilities: z
    .array(KnownVulnerability)
    .optional()
    .describe("known vulnerabilities of its software (a vendor's list or SBOM matches)"),
  tags: z.array(z.string().max(64)).optional(),
};

export const Template = z
  .strictObject({ id: Id, ...elementFields })
  .describe('shared facts for elements of one kind; an element names it with `template`');

export const Element = z
  .strictObject({
    id: Id,
    template: Id.optional().describe('a template whose facts this element takes unless it sets them itself'),
    count: z.number().int().min(1).max(10_000_000).optional().describe('how many identical instances (default 1)'),
    ...elementFields,
  })
  .describe('a part of the IoT system: device, service, app, data store, user or external party');

export const Zone = z.strictObject({
  id: Id,
  name: Text.optional(),
  kind: described(ZONE_KINDS, 'zone kind'),
  trust: described(TRUST_LEVELS, 'trust level; derived from the kind when absent').optional(),
  parent: Id.optional().describe('a zone this zone is inside'),
  description: Text.optional(),
});

export const Boundary = z.strictObject({
  id: Id,
  between: z.tuple([Id, Id]).describe('the two zones it separates'),
  enforcement: z
    .array(z.enum(['firewall', 'nat', 'vpn', 'gateway', 'proxy', 'segmentation', 'none']))
    .optional()
    .describe('what controls traffic across it'),
  description: Text.optional(),
});

export const Organisation = z.strictObject({
  id: Id,
  name: Text.optional(),
  roles: z
    .array(described(STAKEHOLDERS, 'ISO/IEC 27400 stakeholder role'))
    .describe('the stakeholder roles it plays; none for a third party'),
  dataRoles: z
    .array(described(DATA_ROLES, 'role in processing personal data'))
    .optional()
    .describe('its roles in processing personal data (ISO/IEC 29100 actors)'),
  publicAuthority: z.boolean().optional().describe('a public authority or body (data protection law treats it apart)'),
  region: z.string().max(64).optional(),
  contact: Text.optional(),
});

const SupportPeriod = z
  .strictObject({ end: IsoDate, published: fact('the end date is published'), url: Text.optional() })
  .describe('the defined support period for security updates');

/** The manufacturer's own decision on the product's CRA class; it wins over what the facts suggest. */
const CraClass = z
  .strictObject({
    class: described(PRODUCT_CLASSES, 'CRA product class'),
    point: z
      .string()
      .regex(/^(III\.(I|II)|IV)\.\d+$/, 'an Annex point such as III.I.17 or IV.2')
      .optional()
      .describe('the Annex III or IV point its core functionality falls under, e.g. III.I.17 (not for default)'),
    reason: Text.optional().describe('why, in a sentence: its core functionality'),
  })
  .describe('its EU Cyber Resilience Act product class, as the manufacturer decides it from its core functionality');

export const Product = z
  .strictObject({
    id: Id,
    name: Text.optional(),
    kind: described(PRODUCT_KINDS, 'what the product is; derived from its elements when absent').optional(),
    description: Text.optional(),
    elements: z.array(Id).optional().describe('elements that are the product or instances of it'),
    templates: z.array(Id).optional().describe('templates whose elements are instances of the product'),
    services: z
      .array(Id)
      .optional()
      .describe(
        'associated services assessed with it (default: non-third-party services it exchanges data with directly)',
      ),
    manufacturer: Id.optional().describe('the organisation that places it on the market under its name'),
    markets: z.array(Market).optional().describe('where it is placed on the market; omitted: unknown'),
    category: described(PRODUCT_CATEGORIES, 'product category; omitted: unknown').optional(),
    version: z.string().max(100).optional().describe('model designation, firmware or release line'),
    supportPeriod: SupportPeriod.optional(),
    sbom: Text.optional().describe('where the software bill of materials of this product is (path or URL)'),
    cra: CraClass.optional(),
  })
  .describe('what is placed on the market or operated as a unit; conformance is judged per product');

export const PersonalData = z.strictObject({
  categories: z.array(described(PERSONAL_DATA_CATEGORIES, 'personal data category')).min(1),
  sensitive: z
    .boolean()
    .optional()
    .describe('special-category or otherwise sensitive (derived from the categories when absent)'),
  subjects: z.array(z.string().max(200)).optional().describe('whose data it is, e.g. residents, visitors, passers-by'),
});

export const Purpose = z.union([
  Text,
  z.strictObject({
    purpose: Text,
    legalBasis: described(LEGAL_BASES, 'legal basis for this purpose').optional(),
  }),
]);

export const DataAsset = z.strictObject({
  id: Id,
  name: Text.optional(),
  description: Text.optional(),
  classification: described(CLASSIFICATIONS, 'classification').optional(),
  personalData: PersonalData.optional(),
  purposes: z
    .array(Purpose)
    .optional()
    .describe('what it is used for: a sentence each, or { purpose, legalBasis } where bases differ per purpose'),
  legalBasis: described(LEGAL_BASES, 'legal basis for processing personal data').optional(),
  retention: Retention.optional(),
  storedIn: z.array(Id).optional().describe('elements that store it'),
  aggregatedOnly: z.boolean().optional().describe('used only in aggregated form'),
  anonymised: z.boolean().optional(),
});

export const Flow = z.strictObject({
  id: Id,
  from: Id,
  to: Id,
  protocol: described(PROTOCOLS, 'protocol'),
  port: z.number().int().min(0).max(65535).optional(),
  purpose: described(SERVICE_PURPOSES, 'purpose').optional(),
  encryption: described(ENCRYPTION, 'transport protection; derived from the protocol when absent').optional(),
  authentication: described(AUTHENTICATION, 'how the receiver authenticates the sender').optional(),
  serverAuthenticated: z.boolean().optional().describe('the sender authenticates the receiver (certificate checked)'),
  data: z.array(Id).optional().describe('data assets it carries'),
  fromZone: z.boolean().optional().describe('`from` names a zone: the flow leaves every element in it'),
  toZone: z.boolean().optional().describe('`to` names a zone: the flow reaches every element in it'),
  transferSafeguard: described(TRANSFER_SAFEGUARDS, 'safeguard for personal data leaving its region').optional(),
  bidirectional: z.boolean().optional().describe('data moves both ways; the diagram draws an arrowhead at each end'),
  description: Text.optional(),
});

export const ControlState = z
  .strictObject({
    status: described(CONTROL_STATUSES, 'implementation status'),
    products: z.array(Id).optional().describe('the products this status is for (default: all)'),
    elements: z.array(Id).optional().describe('the elements this status is for; overrides a product or system status'),
    flows: z.array(Id).optional().describe('the flows this status is for (flow-level controls)'),
    dataAssets: z.array(Id).optional().describe('the data assets this status is for (data-level controls)'),
    owner: Text.optional(),
    justification: Text.optional().describe('why; required when the status is not-applicable'),
    evidence: z.array(Id).optional(),
    due: IsoDate.optional(),
    notes: Text.optional(),
  })
  .describe('the status of a control, for the whole system or for the products, elements, flows or data named');

export const RiskTreatment = z
  .strictObject({
    treatment: described(TREATMENTS, 'risk treatment').optional(),
    owner: Text.optional(),
    justification: Text.optional(),
    ticket: Text.optional(),
    reviewed: IsoDate.optional(),
    approver: Text.optional().describe('who approved an acceptance or transfer (name and role)'),
    approvedOn: IsoDate.optional().describe('when it was approved'),
    reviewBy: IsoDate.optional().describe('when an acceptance must be reviewed; past it the risk reopens'),
    transferredTo: Text.optional().describe('to whom a transferred risk goes (insurer, contractor)'),
    residual: z
      .strictObject({
        level: z.string().min(1).max(40).describe('a level of the risk matrix'),
        justification: Text,
        by: Text.describe('the assessor who set it'),
      })
      .optional()
      .describe("an assessor's residual level, replacing the computed one"),
  })
  .describe('how a risk is treated, and who decided');

export const Evidence = z.strictObject({
  id: Id,
  kind: described(EVIDENCE_KINDS, 'evidence kind'),
  title: Text,
  location: Text.optional().describe('a URL, path or document reference'),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest: 64 lower-case hex digits')
    .optional()
    .describe(
      'SHA-256 of the file as reviewed, so a reader can check they hold the one assessed; when `location` names a file in the project, every run checks the file still has it (a changed file is a finding)',
    ),
  collected: IsoDate.optional(),
  expires: IsoDate.optional(),
  by: Text.optional(),
  reviewer: Text.optional().describe('who reviewed it'),
});

export const FrameworkChoice = z
  .strictObject({
    applies: z.boolean().describe('true to assess against it, false to leave it out'),
    reason: Text.describe('why (shown with the framework in every report)'),
    products: z.array(Id).optional().describe('the products the choice is for (default: all)'),
  })
  .describe('opts a framework in or out, overriding what the products markets and categories decide');

export const Suppression = z
  .strictObject({
    rule: z.string().min(1).max(128).describe('the rule id'),
    subjects: z.array(Id).min(1).optional().describe('the elements, flows or data assets (default: all)'),
    justification: Text,
    by: Text.optional(),
    until: IsoDate.optional().describe('when the suppression lapses'),
  })
  .describe('a rule switched off for given subjects, with the reason');

export const RiskMatrix = z
  .strictObject({
    likelihood: z.array(z.string()).min(2).max(10).describe('likelihood labels, lowest first'),
    impact: z.array(z.string()).min(2).max(10).describe('impact labels, lowest first'),
    levels: z.array(z.string()).min(2).max(6).describe('risk levels, lowest first'),
    matrix: z.array(z.array(z.string())).describe('one row per likelihood (lowest first), one level per impact'),
  })
  .describe('a custom likelihood × impact matrix (default: 5 × 5 with low, medium, high, critical)');

export const Assessment = z.strictObject({
  riskMatrix: RiskMatrix.optional(),
  controls: z
    .record(Id, z.union([ControlState, z.array(ControlState).min(1)]))
    .optional()
    .describe('implementation state per control id: one entry, or a list of entries scoped to products or elements'),
  risks: z
    .record(z.string(), RiskTreatment)
    .optional()
    .describe('treatment per risk id, or per rule id for all its risks'),
  evidence: z.array(Evidence).optional(),
  frameworks: z
    .record(Id, FrameworkChoice)
    .optional()
    .describe('frameworks opted in or out, with the reason, per framework id'),
  suppressions: z.array(Suppression).optional().describe('rules switched off for given subjects'),
});

export const Lifecycle = z.strictObject({
  stageSet: Id.optional().describe('the life-cycle stage set to use (default: iotassure-generic)'),
  supportPeriod: SupportPeriod.optional().describe('the support period of every product that does not state its own'),
  vulnerabilityDisclosure: z
    .strictObject({
      contact: Text.optional(),
      policyUrl: Text.optional(),
      acknowledgementDays: z.number().int().min(0).max(365).optional(),
    })
    .optional(),
  sbom: Text.optional().describe('where the software bill of materials is (path or URL)'),
  securityGuidance: Text.optional().describe('where users find guidance on secure setup and use'),
});

export const System = z.strictObject({
  id: Id.optional(),
  name: Text,
  description: Text.optional(),
  stages: z.array(Id).optional().describe('life-cycle stages in scope (default: all of the stage set)'),
  region: z.string().max(64).optional().describe('where the IoT users and data subjects are'),
  markets: z.array(Market).optional().describe('the markets of every product that does not state its own'),
  category: described(PRODUCT_CATEGORIES, 'the category of every product that does not state its own').optional(),
  lifecycle: Lifecycle.optional(),
});

export const SystemModelSchema = z
  .strictObject({
    iotassure: z
      .union([z.literal(MODEL_FORMAT_VERSION), z.literal(Number(MODEL_FORMAT_VERSION))])
      .optional()
      .describe('model format version'),
    system: System,
    organisations: z.array(Organisation).optional(),
    products: z
      .array(Product)
      .optional()
      .describe('products placed on the market or operated as units (default: one per device template, device or app)'),
    zones: z.array(Zone).optional(),
    boundaries: z.array(Boundary).optional(),
    templates: z.array(Template).optional(),
    elements: z.array(Element).min(1),
    dataAssets: z.array(DataAsset).optional(),
    flows: z.array(Flow).optional(),
    assessment: Assessment.optional(),
    verification: VerificationSpec.optional().describe('hosts and declared profiles for `iotassure verify`'),
    catalogs: z
      .array(Text)
      .optional()
      .describe(
        'extra catalog files or folders (own controls, own frameworks), relative to this file and inside its folder (or an --allow-path folder)',
      ),
    rules: z
      .array(Text)
      .optional()
      .describe(
        'risk rules files of your own (`format: iotassure-rules`, see `iotassure docs rules`), relative to this file and inside its folder (or an --allow-path folder)',
      ),
  })
  .describe('an IoT system described for an ISO/IEC 27400 assessment by iotassure');

export type RawSystemModel = z.infer<typeof SystemModelSchema>;
export type RawElement = z.infer<typeof Element>;
export type RawTemplate = z.infer<typeof Template>;
export type Service = z.infer<typeof Service>;
export type Interface = z.infer<typeof Interface>;
export type Flow = z.infer<typeof Flow>;
export type DataAsset = z.infer<typeof DataAsset>;
export type Zone = z.infer<typeof Zone>;
export type Boundary = z.infer<typeof Boundary>;
export type Organisation = z.infer<typeof Organisation>;
export type RawProduct = z.infer<typeof Product>;
export type FrameworkChoice = z.infer<typeof FrameworkChoice>;
export type Suppression = z.infer<typeof Suppression>;
export type ControlState = z.infer<typeof ControlState>;
export type RiskTreatment = z.infer<typeof RiskTreatment>;
export type Evidence = z.infer<typeof Evidence>;
export type RiskMatrix = z.infer<typeof RiskMatrix>;

/** The JSON Schema editors use to autocomplete and validate model files. */
export function modelJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(SystemModelSchema, { target: 'draft-2020-12', io: 'input' }),
    $id: 'https://iotassure.dev/schema/system-model-v1.json',
    title: 'iotassure system model',
  };
}
