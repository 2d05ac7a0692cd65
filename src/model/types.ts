/**
 * The system model after loading: templates applied, defaults derived, every node carrying its source position.
 * Rules, scoping and reports read only these types.
 */
import type { SourcePosition } from '../util/diagnostics.js';
import type {
  FrameworkChoice,
  Boundary as RawBoundary,
  ControlState as RawControlState,
  DataAsset as RawDataAsset,
  RawElement,
  Evidence as RawEvidence,
  Flow as RawFlow,
  Organisation as RawOrganisation,
  RawProduct,
  RiskTreatment as RawRiskTreatment,
  Service as RawService,
  RawSystemModel,
  Zone as RawZone,
  RiskMatrix,
  Suppression,
} from './schema.js';
import type {
  Authentication,
  Domain,
  ElementKind,
  Encryption,
  LegalBasis,
  PhysicalExposure,
  ProductCategory,
  ProductKind,
  ServiceExposure,
  ServicePurpose,
  TrustLevel,
} from './vocabulary.js';

export interface Located {
  source: SourcePosition;
}

export interface ModelService extends RawService, Located {
  purpose: ServicePurpose;
  authentication: Authentication;
  encryption: Encryption;
  exposure: ServiceExposure;
  enabled: boolean;
}

/**
 * A fact after loading: an explicit `unknown` is removed, so a fact is either stated (true, false, a term) or absent,
 * and absent means unknown.
 */
export type Known<T> = T extends 'unknown'
  ? never
  : T extends readonly (infer U)[]
    ? Known<U>[]
    : T extends object
      ? { [K in keyof T]: Known<T[K]> }
      : T;

export interface ModelElement
  extends Known<Omit<RawElement, 'kind' | 'domain' | 'count' | 'services' | 'template' | 'physicalExposure'>>,
    Located {
  name: string;
  kind: ElementKind;
  domain: Domain;
  count: number;
  template?: string;
  /** who can physically reach it; undefined for a device whose zone and exposure the model does not state */
  physicalExposure?: PhysicalExposure;
  interfaces: NonNullable<RawElement['interfaces']>;
  services: ModelService[];
  debugInterfaces: NonNullable<RawElement['debugInterfaces']>;
  sensing: NonNullable<RawElement['sensing']>;
  tags: string[];
  /** the keys the model states for it, itself or through its template; a list key not stated is unknown, not empty */
  stated: ReadonlySet<string>;
  /** where it is written: its own path, its template's, and the keys it writes itself (they win over the template) */
  origin: { path: (string | number)[]; template?: (string | number)[]; own: ReadonlySet<string> };
}

export interface ModelZone extends RawZone, Located {
  name: string;
  trust: TrustLevel;
}

export interface ModelFlow extends Omit<RawFlow, 'fromZone' | 'toZone'>, Located {
  encryption: Encryption;
  authentication: Authentication;
  data: string[];
  /** For a flow written to or from a whole zone: the flow as written, which this per-element flow stands for. */
  via?: string;
}

export interface ModelDataAsset extends Omit<RawDataAsset, 'purposes' | 'retention'>, Located {
  name: string;
  /** What it is used for, each with the legal basis stated for that purpose, if any. */
  purposes: { purpose: string; legalBasis?: LegalBasis }[];
  /** Every legal basis stated, for the asset or per purpose. */
  legalBases: LegalBasis[];
  /** The retention as written, e.g. "30d" or "unlimited". */
  retention?: string;
  /** Retention in days; `unlimited`, or undefined when the model does not say. */
  retentionDays: number | 'unlimited' | undefined;
  /** The event the retention period runs from, when it is not collection. */
  retentionAfter?: string;
  /** Whether deletion enforces the retention period; undefined when not stated. */
  retentionEnforced?: boolean;
  storedIn: string[];
  personalData?: RawDataAsset['personalData'] & { sensitive: boolean };
}

/**
 * A product: what is placed on the market or operated as a unit. Conformance statements are made per product. When
 * the model declares no products, each device template, each device without a template and each app is one.
 */
export interface ModelProduct extends Known<Omit<RawProduct, 'elements' | 'templates' | 'services' | 'kind'>>, Located {
  name: string;
  kind: ProductKind;
  /** the elements that are the product or instances of it */
  elements: string[];
  /** associated services assessed with it */
  services: string[];
  markets?: string[];
  category?: ProductCategory;
  /** false for a product iotassure derived because the model declares none */
  declared: boolean;
}

export interface ModelOrganisation extends RawOrganisation, Located {
  name: string;
}
export type ModelBoundary = RawBoundary & Located;
/** The file an evidence entry's location names, as the command line found it (src/evidence/files.ts). */
export type EvidenceFile = { path: string; sha256: string; size: number } | { problem: string };
export type ModelEvidence = RawEvidence &
  Located & {
    /** set when a command loads the model from disk and the location names a file; never written in the model */
    file?: EvidenceFile;
  };
/** One status entry of a control: system-wide, or for the products, elements, flows or data assets it names. */
export interface ModelControlState extends RawControlState, Located {
  evidence: string[];
}
export type ModelRiskTreatment = RawRiskTreatment & Located;
export type ModelFrameworkChoice = FrameworkChoice & Located;
export type ModelSuppression = Suppression & Located;

export interface SystemModel {
  /** The file it was read from. */
  file: string;
  system: RawSystemModel['system'] & Located;
  organisations: ModelOrganisation[];
  products: ModelProduct[];
  zones: ModelZone[];
  boundaries: ModelBoundary[];
  elements: ModelElement[];
  dataAssets: ModelDataAsset[];
  flows: ModelFlow[];
  assessment: {
    riskMatrix?: RiskMatrix;
    /** the status entries of each control, in the order written */
    controls: Map<string, ModelControlState[]>;
    risks: Map<string, ModelRiskTreatment>;
    evidence: ModelEvidence[];
    frameworks: Map<string, ModelFrameworkChoice>;
    suppressions: ModelSuppression[];
  };
  /** Extra catalog files the model asks for, resolved against the model's folder. */
  catalogs: string[];
  /** Rules files the model asks for, as written (relative to the model's folder). */
  rules: string[];
  /** Position of any node of the source document, by its path (for checks made after loading). */
  locate(path: readonly (string | number)[], options?: { key?: boolean }): SourcePosition;
}

/** a fact's value: true, false, or not stated in the model */
export type Truth = boolean | 'unknown';

/** the elements, flows and data assets a fact is judged over (the system, a product, one subject) */
export interface Scope {
  elements: readonly ModelElement[];
  flows: readonly ModelFlow[];
  dataAssets: readonly ModelDataAsset[];
}

export interface FactResult {
  id: string;
  title: string;
  holds: Truth;
  /** ids of the items that establish it */
  subjects: string[];
  /** ids of the items that leave it open (when it does not hold) */
  unknown: string[];
}
