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
  DEBUG_INTERFACE_KINDS,
  DEBUG_STATES,
  DOMAINS,
  ELEMENT_KINDS,
  ENCRYPTION,
  EVIDENCE_KINDS,
  INTERFACE_KINDS,
  LEGAL_BASES,
  PASSWORD_PRACTICES,
  PERSONAL_DATA_CATEGORIES,
  PHYSICAL_EXPOSURE,
  PROTOCOLS,
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

export const Retention = z
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

export const Service = z
  .strictObject({
    protocol: described(PROTOCOLS, 'network protocol'),
    port: z.number().int().min(0).max(65535).optional(),
    purpose: described(SERVICE_PURPOSES, 'what the service is for').optional(),
    authentication: described(AUTHENTICATION, 'how clients authenticate').optional(),
    encryption: described(ENCRYPTION, 'transport protection; derived from the protocol when absent').optional(),
    exposure: described(SERVICE_EXPOSURE, 'who can reach it (default local)').optional(),
    enabled: z.boolean().optional().describe('false for a service that exists but is switched off (default true)'),
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
    passwords: described(PASSWORD_PRACTICES, 'how passwords are set').optional(),
    mechanisms: z.array(described(AUTHENTICATION, 'mechanism')).optional(),
    bruteForceProtection: z.boolean().optional().describe('repeated failed attempts are delayed or locked out'),
    multiFactor: z.boolean().optional(),
    userCanChange: z.boolean().optional().describe('users and administrators can change the authentication value'),
  })
  .describe('how people and systems authenticate to this element');

export const UpdateFacts = z
  .strictObject({
    mechanism: described(UPDATE_MECHANISMS, 'update mechanism'),
    signed: z.boolean().optional().describe('the element verifies a signature on each update before installing it'),
    delivery: z.enum(['network', 'local', 'both']).optional().describe('how updates arrive (default network)'),
    automaticByDefault: z.boolean().optional(),
    userCanDefer: z.boolean().optional(),
    notifications: z.boolean().optional().describe('users are told about available updates'),
    rollbackProtection: z.boolean().optional(),
    endpoint: Id.optional().describe('the element (update service) that delivers the updates'),
  })
  .describe('how the element receives software updates');

export const TelemetryFacts = z.strictObject({
  collected: z.boolean().describe('usage or health telemetry is sent to the developer or provider'),
  personalData: z.boolean().optional().describe('the telemetry contains personal data'),
  examinedForAnomalies: z.boolean().optional().describe('someone examines it for security anomalies'),
});

export const LoggingFacts = z.strictObject({
  securityEvents: z.boolean().describe('security-relevant events (logins, config changes, failures) are logged'),
  protected: z.boolean().optional().describe('logs are protected against tampering and unauthorised reading'),
  centralised: z.boolean().optional().describe('logs are sent to a central service'),
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
  secureBoot: z.boolean().optional(),
  tamperDetection: z.boolean().optional(),
  debugInterfaces: z.array(DebugInterface).optional(),
  secretStorage: described(SECRET_STORAGE, 'where secrets and keys are kept').optional(),
  constrained: z.boolean().optional().describe('too resource-constrained for some security functions'),
  physicalExposure: described(
    PHYSICAL_EXPOSURE,
    'who can physically reach it; derived from the zone when absent',
  ).optional(),
  telemetry: TelemetryFacts.optional(),
  sensing: z.array(described(SENSING, 'external sensing')).optional(),
  logging: LoggingFacts.optional(),
  encryptionAtRest: z.boolean().optional().describe('stored data is encrypted'),
  safetyRelevant: z.boolean().optional().describe('a failure or misuse can harm people or property'),
  userDataDeletion: z.boolean().optional().describe('users can erase their data from it simply'),
  hardcodedCredentials: z.boolean().optional().describe('credentials are built into the software image'),
  identity: z
    .enum(['none', 'hardcoded', 'provisioned'])
    .optional()
    .describe('how the device identity is set: hardcoded at manufacture, provisioned at onboarding, or none'),
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
  region: z.string().max(64).optional(),
  contact: Text.optional(),
});

export const PersonalData = z.strictObject({
  categories: z.array(described(PERSONAL_DATA_CATEGORIES, 'personal data category')).min(1),
  sensitive: z
    .boolean()
    .optional()
    .describe('special-category or otherwise sensitive (derived from the categories when absent)'),
  subjects: z.array(z.string().max(200)).optional().describe('whose data it is, e.g. residents, visitors, passers-by'),
});

export const DataAsset = z.strictObject({
  id: Id,
  name: Text.optional(),
  description: Text.optional(),
  classification: described(CLASSIFICATIONS, 'classification').optional(),
  personalData: PersonalData.optional(),
  purposes: z.array(Text).optional(),
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
  transferSafeguard: described(TRANSFER_SAFEGUARDS, 'safeguard for personal data leaving its region').optional(),
  bidirectional: z.boolean().optional(),
  description: Text.optional(),
});

export const ControlState = z.strictObject({
  status: described(CONTROL_STATUSES, 'implementation status'),
  owner: Text.optional(),
  justification: Text.optional().describe('why; required when the status is not-applicable'),
  evidence: z.array(Id).optional(),
  due: IsoDate.optional(),
  notes: Text.optional(),
});

export const RiskTreatment = z.strictObject({
  treatment: described(TREATMENTS, 'risk treatment'),
  owner: Text.optional(),
  justification: Text.optional(),
  ticket: Text.optional(),
  reviewed: IsoDate.optional(),
});

export const Evidence = z.strictObject({
  id: Id,
  kind: described(EVIDENCE_KINDS, 'evidence kind'),
  title: Text,
  location: Text.optional().describe('a URL, path or document reference'),
  collected: IsoDate.optional(),
  expires: IsoDate.optional(),
  by: Text.optional(),
});

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
  controls: z.record(Id, ControlState).optional().describe('implementation state per control id'),
  risks: z
    .record(z.string(), RiskTreatment)
    .optional()
    .describe('treatment per risk id, or per rule id for all its risks'),
  evidence: z.array(Evidence).optional(),
});

export const Lifecycle = z.strictObject({
  stageSet: Id.optional().describe('the life-cycle stage set to use (default: iotassure-generic)'),
  supportPeriod: z
    .strictObject({ end: IsoDate, published: z.boolean().optional(), url: Text.optional() })
    .optional()
    .describe('the defined support period for security updates'),
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
