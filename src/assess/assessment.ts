/**
 * The assessment: everything one run of the pipeline concludes, as plain JSON-ready data. Every renderer (JSON,
 * Markdown, HTML, SARIF, OSCAL, CSV) and `diff` read this one object, so there is one way to compute anything.
 * The JSON output is this object; its format is versioned by ASSESSMENT_FORMAT_VERSION and documented in
 * docs/json-format.md.
 */
import type { SourcePosition } from '../util/diagnostics.js';

export const ASSESSMENT_FORMAT = 'iotassure-assessment';
export const ASSESSMENT_FORMAT_VERSION = '1.0';

export type ControlStatus = 'not-started' | 'planned' | 'implemented' | 'verified' | 'not-applicable';
export type RiskStatus = 'open' | 'mitigated' | 'accepted' | 'transferred' | 'avoided';
export type Support = 'yes' | 'partial' | 'no' | 'not-applicable';

export interface RatedLevel {
  likelihood: number;
  impact: number;
  level: string;
}

/** A model node a finding points at. */
export interface SubjectRef {
  id: string;
  type: 'element' | 'flow' | 'data-asset' | 'zone' | 'organisation' | 'system';
  name: string;
  source: SourcePosition;
}

export interface FactSummary {
  id: string;
  title: string;
  holds: boolean;
  subjects: string[];
}

export interface MitigationRef {
  control: string;
  status: ControlStatus;
  /** implemented or verified, and not contradicted by failed verification */
  effective: boolean;
}

/** What all risks of one rule share; risks refer to it by `rule` so a large register does not repeat it. */
export interface RuleSummary {
  id: string;
  title: string;
  description: string;
  riskSource: { id: string; title: string; clause: string; category: string; domain?: string };
  stride: string[];
  linddun: string[];
  /** the rule's default ratings on the 5-point scales */
  likelihood: number;
  impact: number;
  mitigations: { control: string; title: string }[];
  references: string[];
}

export interface Risk {
  /** `rule:subject` */
  id: string;
  /** the rule that found it: details in `Assessment.rules` */
  rule: string;
  title: string;
  message: string;
  /** the ISO/IEC 27400 §6.2 risk source and its clause; title and category in `Assessment.rules` */
  riskSource: { id: string; clause: string };
  /** ISO/IEC 27400 clause of the risk source and of the mitigating controls. */
  clauses: string[];
  stride: string[];
  linddun: string[];
  subject: SubjectRef;
  related: SubjectRef[];
  inherent: RatedLevel;
  residual: RatedLevel;
  mitigations: MitigationRef[];
  /** External requirement ids (framework:id) the mitigating controls map to, plus the rule's own references. */
  requirements: string[];
  status: RiskStatus;
  treatment?: { treatment: string; owner?: string; justification?: string; ticket?: string; reviewed?: string };
}

export interface EvidenceRef {
  id: string;
  kind: string;
  title: string;
  location?: string;
  collected?: string;
  expires?: string;
  /** true when `expires` is before the assessment date */
  expired: boolean;
  /** for automated checks: PASS, FAIL, INCONCLUSIVE, NOT_APPLICABLE */
  verdict?: string;
}

export interface StakeholderAssignment {
  role: 'developer' | 'provider' | 'user';
  /** organisations in the model that play the role */
  organisations: string[];
}

export interface ScopedControl {
  id: string;
  title: string;
  family: string;
  clause: string;
  applies: boolean;
  /** why it applies or not, in one sentence */
  reason: string;
  because: FactSummary[];
  stakeholders: StakeholderAssignment[];
  /** the model's stages in which it is owed */
  stages: string[];
  status: ControlStatus;
  owner?: string;
  justification?: string;
  due?: string;
  evidence: EvidenceRef[];
  requirements: string[];
  /** risks of this model it mitigates */
  risks: string[];
  source?: SourcePosition;
}

export interface Gap {
  control: string;
  title: string;
  family: string;
  status: ControlStatus;
  owner?: string;
  stakeholders: StakeholderAssignment[];
  stages: string[];
  /** open risks this control would reduce, highest first */
  risks: { id: string; level: string }[];
  /** highest residual level among those risks; `none` when it mitigates no identified risk */
  priority: string;
  requirements: string[];
  /** a failed automated check that made this a gap */
  failedEvidence: string[];
}

export interface ProvisionStatement {
  id: string;
  title: string;
  status: 'mandatory' | 'recommended';
  conditions: { id: string; title: string; holds: boolean }[];
  features: { id: string; title: string; holds: boolean }[];
  applies: boolean;
  support: Support;
  /** why: not applicable because…, supported by…, missing… */
  reason: string;
  controls: { id: string; relationship: string; status: ControlStatus }[];
  evidence: string[];
  /** a recommendation that applies and is not met needs a recorded justification (EN 303 645 5.0-1) */
  justification?: string;
}

export interface ConformanceStatement {
  framework: string;
  title: string;
  version: string;
  provisions: ProvisionStatement[];
  summary: {
    provisions: number;
    applicable: number;
    supported: number;
    partial: number;
    notSupported: number;
    mandatoryGaps: number;
    recommendationsWithoutJustification: number;
  };
}

export interface FrameworkCoverage {
  framework: string;
  title: string;
  version: string;
  requirements: number;
  applicable: number;
  supported: number;
  partial: number;
  notSupported: number;
  mandatoryGaps: number;
  /** applicable requirements no control maps to */
  unmapped: string[];
  items: { id: string; title: string; status: string; applies: boolean; support: Support; controls: string[] }[];
}

export interface SystemView {
  zones: { id: string; name: string; kind: string; trust: string; parent?: string }[];
  elements: {
    id: string;
    name: string;
    kind: string;
    domain: string;
    zone?: string;
    count: number;
    source: SourcePosition;
  }[];
  flows: {
    id: string;
    from: string;
    to: string;
    protocol: string;
    encryption: string;
    authentication: string;
    crossesBoundary: boolean;
    personalData: boolean;
    data: string[];
    source: SourcePosition;
  }[];
  dataAssets: {
    id: string;
    name: string;
    classification?: string;
    personalData?: { categories: string[]; sensitive: boolean; subjects: string[] };
    purposes: string[];
    legalBasis?: string;
    retention?: string;
    storedIn: string[];
    source: SourcePosition;
  }[];
  organisations: { id: string; name: string; roles: string[] }[];
}

export interface Assessment {
  format: typeof ASSESSMENT_FORMAT;
  formatVersion: typeof ASSESSMENT_FORMAT_VERSION;
  tool: { name: 'iotassure'; version: string };
  /** the date the assessment is as of (YYYY-MM-DD); evidence expiry is judged against it */
  date: string;
  model: {
    file: string;
    id?: string;
    name: string;
    description?: string;
    region?: string;
    stageSet: string;
    stages: string[];
    /** where the model's `system:` block is, for findings about the system as a whole */
    source: SourcePosition;
  };
  riskMatrix: { likelihood: string[]; impact: string[]; levels: string[]; matrix: string[][] };
  filters: { stakeholder?: string; stage?: string };
  facts: FactSummary[];
  system: SystemView;
  /** every rule that found at least one risk */
  rules: RuleSummary[];
  risks: Risk[];
  controls: ScopedControl[];
  gaps: Gap[];
  conformance: ConformanceStatement[];
  coverage: FrameworkCoverage[];
  summary: {
    risks: {
      total: number;
      inherent: Record<string, number>;
      residual: Record<string, number>;
      byStatus: Record<string, number>;
    };
    controls: { total: number; applicable: number; byStatus: Record<string, number>; gaps: number };
    byStakeholder: Record<string, { applicable: number; done: number; gaps: number }>;
  };
}
