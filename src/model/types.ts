/**
 * The system model after loading: templates applied, defaults derived, every node carrying its source position.
 * Rules, scoping and reports read only these types.
 */
import type { SourcePosition } from '../util/diagnostics.js';
import type {
  Boundary as RawBoundary,
  ControlState as RawControlState,
  DataAsset as RawDataAsset,
  RawElement,
  Evidence as RawEvidence,
  Flow as RawFlow,
  Organisation as RawOrganisation,
  RiskTreatment as RawRiskTreatment,
  Service as RawService,
  RawSystemModel,
  Zone as RawZone,
  RiskMatrix,
} from './schema.js';
import type {
  Authentication,
  Domain,
  ElementKind,
  Encryption,
  PhysicalExposure,
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

export interface ModelElement
  extends Omit<RawElement, 'kind' | 'domain' | 'count' | 'services' | 'template' | 'physicalExposure'>,
    Located {
  name: string;
  kind: ElementKind;
  domain: Domain;
  count: number;
  template?: string;
  physicalExposure: PhysicalExposure;
  interfaces: NonNullable<RawElement['interfaces']>;
  services: ModelService[];
  debugInterfaces: NonNullable<RawElement['debugInterfaces']>;
  sensing: NonNullable<RawElement['sensing']>;
  tags: string[];
}

export interface ModelZone extends RawZone, Located {
  name: string;
  trust: TrustLevel;
}

export interface ModelFlow extends RawFlow, Located {
  encryption: Encryption;
  authentication: Authentication;
  data: string[];
}

export interface ModelDataAsset extends RawDataAsset, Located {
  name: string;
  /** Retention in days; `unlimited`, or undefined when the model does not say. */
  retentionDays: number | 'unlimited' | undefined;
  storedIn: string[];
  personalData?: RawDataAsset['personalData'] & { sensitive: boolean };
}

export interface ModelOrganisation extends RawOrganisation, Located {
  name: string;
}
export type ModelBoundary = RawBoundary & Located;
export type ModelEvidence = RawEvidence & Located;
export interface ModelControlState extends RawControlState, Located {
  evidence: string[];
}
export type ModelRiskTreatment = RawRiskTreatment & Located;

export interface SystemModel {
  /** The file it was read from. */
  file: string;
  system: RawSystemModel['system'] & Located;
  organisations: ModelOrganisation[];
  zones: ModelZone[];
  boundaries: ModelBoundary[];
  elements: ModelElement[];
  dataAssets: ModelDataAsset[];
  flows: ModelFlow[];
  assessment: {
    riskMatrix?: RiskMatrix;
    controls: Map<string, ModelControlState>;
    risks: Map<string, ModelRiskTreatment>;
    evidence: ModelEvidence[];
  };
  /** Extra catalog files the model asks for, resolved against the model's folder. */
  catalogs: string[];
  /** Position of any node of the source document, by its path (for checks made after loading). */
  locate(path: readonly (string | number)[], options?: { key?: boolean }): SourcePosition;
}
