/**
 * The assessment: everything one run of the pipeline concludes, as plain JSON-ready data. Every renderer (JSON,
 * Markdown, HTML, SARIF, OSCAL, CSV) and `diff` read this one object, so there is one way to compute anything.
 * The JSON output is this object; its format is versioned by ASSESSMENT_FORMAT_VERSION and documented in
 * docs/json-format.md.
 */
import type { Truth } from '../model/condition.js';
import type { SubjectType } from '../model/properties.js';
import type { SourcePosition } from '../util/diagnostics.js';

export const ASSESSMENT_FORMAT = 'iotassure-assessment';
export const ASSESSMENT_FORMAT_VERSION = '3.0';

export type { Truth };
/** A status as the model declares it. */
export type ControlStatus = 'not-started' | 'planned' | 'implemented' | 'verified' | 'not-applicable';
/**
 * A status as the assessment concludes it on one subject: the declared status, the model's facts, the evidence and
 * `verify` results taken together. `refuted`: declared in place, but a fact of the model or a failed check says not.
 */
export type EffectiveStatus = 'verified' | 'implemented' | 'planned' | 'not-started' | 'refuted' | 'not-applicable';
export type RiskStatus = 'open' | 'mitigated' | 'accepted' | 'transferred' | 'avoided' | 'suppressed';
/** `undetermined`: the model does not say enough to decide; the questions say what would settle it. */
export type Support = 'yes' | 'partial' | 'no' | 'not-applicable' | 'undetermined';

/** Implemented or verified: the statuses under which a control counts. */
export const isInEffect = (status: EffectiveStatus | undefined): boolean =>
  status === 'implemented' || status === 'verified';

/** Each control's risks, in the order of `risks`: the ids of the risks whose mitigations name it. */
export function risksByControl(
  risks: readonly { id: string; mitigations: readonly { control: string }[] }[],
): Map<string, string[]> {
  const byControl = new Map<string, string[]>();
  for (const risk of risks) {
    for (const m of risk.mitigations) {
      const list = byControl.get(m.control);
      if (list) list.push(risk.id);
      else byControl.set(m.control, [risk.id]);
    }
  }
  return byControl;
}

/** How a flow is named where a finding points at it. */
export const flowName = (from: string, to: string): string => `${from} → ${to}`;

export interface RatedLevel {
  likelihood: number;
  impact: number;
  level: string;
}

/** A model node a finding points at. */
export interface SubjectRef {
  id: string;
  type: 'element' | 'flow' | 'data-asset' | 'zone' | 'organisation' | 'product' | 'template' | 'system';
  name: string;
  source: SourcePosition;
}

export interface FactSummary {
  id: string;
  title: string;
  holds: Truth;
  subjects: string[];
  /** items that leave it open when it does not hold */
  unknown: string[];
}

export interface MitigationRef {
  control: string;
  /** primary controls address the cause and weigh twice as much as supporting ones */
  role: 'primary' | 'supporting';
  /** the control's effective status where the risk is (its subject) */
  status: EffectiveStatus;
  /** implemented or verified there */
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
  mitigations: { control: string; title: string; role: 'primary' | 'supporting' }[];
  references: string[];
  /** ISO/IEC 27400 clauses of the risk source and of the mitigating controls (since 3.0) */
  clauses: string[];
  /** external requirement ids the mitigating controls map to, plus the rule's references (since 3.0) */
  requirements: string[];
  /** built into iotassure, or written by the user in YAML */
  origin: 'built-in' | 'user';
  /** a user rule's rules file, as the user named it */
  file?: string;
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
  /** how the levels came about, step by step */
  explanation: {
    /** the rule's default likelihood and impact (on the 5-point scales) */
    rule: { likelihood: number; impact: number };
    /** what in this model made the finding worse or milder than the rule's default */
    adjustments: readonly string[];
    /** the controls in effect at the subject that lowered the likelihood */
    reducedBy: readonly string[];
    /** the residual level the controls give, before any assessor override */
    computed: RatedLevel;
    override?: { level: string; justification: string; by: string };
  };
  mitigations: MitigationRef[];
  /** External requirement ids (framework:id) the mitigating controls map to, plus the rule's own references. */
  requirements: string[];
  status: RiskStatus;
  treatment?: {
    treatment?: string;
    owner?: string;
    justification?: string;
    ticket?: string;
    reviewed?: string;
    approver?: string;
    approvedOn?: string;
    reviewBy?: string;
    transferredTo?: string;
  };
}

export interface EvidenceRef {
  id: string;
  /** document, attestation, test, check, record — or `model` for a fact the model states */
  kind: string;
  title: string;
  location?: string;
  /**
   * SHA-256 of the file: of the file the location names as the command read it (then `size` is set too), else as the
   * model records it
   */
  sha256?: string;
  /** the size in bytes of the file the location names, when it was read (since format 2.3) */
  size?: number;
  collected?: string;
  expires?: string;
  /** who collected it and who reviewed it, as the model records (since format 2.1) */
  by?: string;
  reviewer?: string;
  /** true when `expires` is before the assessment date */
  expired: boolean;
  /** for automated checks: PASS, FAIL, INCONCLUSIVE, NOT_APPLICABLE */
  verdict?: string;
  /** for a fact of the model: where it is stated */
  source?: SourcePosition;
  /** the subjects (elements, flows, data assets, products) it is evidence for */
  subjects?: string[];
}

/** A control's status on one subject, and why. */
export interface SubjectStatus {
  subject: string;
  type: SubjectType;
  status: EffectiveStatus;
  /** the status the model declares for it, if any */
  declared?: ControlStatus;
  /** where the status comes from: a status entry, a fact of the model, or nothing stated */
  basis: 'declared' | 'model' | 'none';
  /** true when the control's condition is unknown here (it may or may not apply) */
  uncertain?: boolean;
  /** why the status is what it is, when it is not simply the declared one */
  because: string[];
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
  /** where it is put in place: organisation, product, element, flow or data-asset */
  implementedAt: string;
  applies: Truth;
  /** why it applies or not, in one sentence */
  reason: string;
  because: FactSummary[];
  stakeholders: StakeholderAssignment[];
  /** the model's stages in which it is owed */
  stages: string[];
  /** the weakest effective status over every subject where it applies */
  status: EffectiveStatus;
  /** the status of its system-wide entry, as declared */
  declared?: ControlStatus;
  owner?: string;
  justification?: string;
  due?: string;
  evidence: EvidenceRef[];
  requirements: string[];
  /** risks of this model it mitigates */
  risks: string[];
  source?: SourcePosition;
  /** its status per product (absent where it does not apply to the product) */
  products: { product: string; status: EffectiveStatus }[];
  /** subjects counted by effective status */
  byStatus: Record<string, number>;
  /** the subjects and their statuses; above 500 subjects, only those not in effect */
  subjects: SubjectStatus[];
}

export interface Gap {
  control: string;
  title: string;
  family: string;
  status: EffectiveStatus;
  /** the subjects where it is not in effect (the first 50) */
  subjects: string[];
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

export interface MappedControlStatus {
  id: string;
  relationship: string;
  status: EffectiveStatus;
}

/** One requirement judged for one product. */
export interface ProvisionStatement {
  id: string;
  title: string;
  status: 'mandatory' | 'recommended';
  /** who it is addressed to; only their controls count */
  addressees: string[];
  conditions: { id: string; title: string; holds: Truth }[];
  features: { id: string; title: string; holds: Truth }[];
  applies: Truth;
  /** false while its start date (`appliesFrom`) is after the assessment date */
  inForce: boolean;
  appliesFrom?: string;
  support: Support;
  /** why: not applicable because…, supported by…, missing…, undetermined because… */
  reason: string;
  /** the addressee's controls, which decide support */
  controls: MappedControlStatus[];
  /** other stakeholders' controls that help, shown beside it and never counted */
  complementary: MappedControlStatus[];
  /** evidence of the addressee's controls that are in effect */
  evidence: string[];
  /** a recommendation that applies and is not met needs a recorded justification (EN 303 645 5.0-1) */
  justification?: string;
}

export interface StatementSummary {
  provisions: number;
  applicable: number;
  supported: number;
  partial: number;
  notSupported: number;
  undetermined: number;
  mandatoryGaps: number;
  recommendationsWithoutJustification: number;
  /** applicable requirements whose start date is still to come */
  notInForce: number;
}

/** An Annex category whose facts hold, or are open, on a product. */
export interface ProductClassSuggestion {
  /** the category's id in the catalog */
  id: string;
  /** where the law lists it, e.g. III.I.17 */
  point: string;
  class: string;
  title: string;
  /** true: its facts hold on the product; unknown: the model does not say */
  holds: Truth;
  /** which facts, on which elements, or what the model leaves open */
  reason: string;
  because: FactSummary[];
  note?: string;
}

/** A product's class under a law that sorts products into classes (CRA Annexes III and IV), and its routes. */
export interface ProductClassDecision {
  class: 'default' | 'important-I' | 'important-II' | 'critical' | 'undetermined';
  title: string;
  /** the Annex categories it falls under: declared, or suggested by its facts */
  categories: { id: string; point: string; title: string }[];
  /** declared in the model (`products[].cra`); suggested by its facts (to confirm); or undetermined */
  basis: 'declared' | 'suggested' | 'undetermined';
  reason: string;
  /** every category its facts suggest or leave open, whatever the basis */
  suggestions: ProductClassSuggestion[];
  /** the conformity assessment routes its class allows; absent while the class is undetermined */
  conformity?: {
    /** the article that sets them */
    basis: string;
    routes: { route: string; title: string; onlyIf?: string; thirdParty: boolean }[];
    /** whether a notified body (or a certification body) must take part, and why */
    thirdParty: { needed: Truth; reason: string };
    note?: string;
  };
}

/** A framework judged for one product: whether it applies to the product, and each requirement. */
export interface ProductStatement {
  product: string;
  name: string;
  scope: { applies: Truth; reason: string };
  /** for a framework that sorts products into classes (the CRA), when the product is or may be in its scope */
  productClass?: ProductClassDecision;
  provisions: ProvisionStatement[];
  summary: StatementSummary;
}

/** A requirement over every product in scope: supported only when every product that it applies to supports it. */
export interface SystemProvision {
  id: string;
  title: string;
  status: 'mandatory' | 'recommended';
  applies: Truth;
  support: Support;
  reason: string;
  /** support per product in scope */
  products: Record<string, Support>;
  controls: string[];
  /** false while its start date is after the assessment date */
  inForce: boolean;
}

export interface ConformanceStatement {
  framework: string;
  title: string;
  shortTitle: string;
  version: string;
  legalForce: string;
  addressees: string[];
  /** whether any product is in its scope, and why */
  scope: { applies: Truth; reason: string };
  products: ProductStatement[];
  /** the requirements over all products in scope */
  provisions: SystemProvision[];
  summary: StatementSummary;
  /** applicable requirements no control maps to */
  unmapped: string[];
}

export interface ProductView {
  id: string;
  name: string;
  kind: string;
  category?: string;
  markets?: string[];
  manufacturer?: string;
  version?: string;
  elements: string[];
  services: string[];
  supportPeriodEnd?: string;
  /** false when iotassure derived it because the model declares no products */
  declared: boolean;
  source: SourcePosition;
}

/** Something the model does not say that a verdict depends on: a question for the model's author or a supplier. */
export interface Question {
  /** `fact:subject`, stable across runs */
  id: string;
  /** the model key that would settle it, e.g. `update.mechanism` */
  key: string;
  /** the fact it decides */
  fact: string;
  title: string;
  subjects: SubjectRef[];
  /** what depends on it: rules that could not decide, requirements left undetermined */
  rules: string[];
  requirements: string[];
  controls: string[];
}

export type FindingKind =
  | 'contradiction'
  | 'verified-without-evidence'
  | 'expired-evidence'
  | 'failed-check'
  | 'acceptance-incomplete'
  | 'acceptance-expired'
  | 'transfer-incomplete'
  | 'suppression-lapsed'
  | 'unknown-residual-level'
  | 'scope-mismatch'
  | 'evidence-changed'
  | 'evidence-unreadable';

/** A consistency finding: the model contradicts itself, or a claim lacks what it needs. */
export interface Finding {
  kind: FindingKind;
  message: string;
  /** what to do about it */
  action: string;
  control?: string;
  risk?: string;
  subject?: string;
  source: SourcePosition;
}

export interface SystemView {
  zones: { id: string; name: string; kind: string; trust: string; parent?: string }[];
  /** the model's trust boundaries between two zones (absent in assessments written before 2.1 had them) */
  boundaries?: { id: string; between: [string, string]; enforcement: string[]; description?: string }[];
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
    /** data moves both ways (absent in assessments written before 2.1 had it) */
    bidirectional?: boolean;
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
  products: ProductView[];
}

/** What the assessment was made from, so a reader can reproduce it. */
export interface Provenance {
  modelSha256: string;
  /** the commit of the repository the model is in, and whether the model has uncommitted changes */
  git?: { commit: string; dirty: boolean };
  catalog: { sha256: string; files: number };
  tool: string;
  date: string;
  scope: { stakeholder?: string; stage?: string; stages: string[] };
  exclusions: {
    frameworks: { framework: string; reason: string }[];
    suppressions: { rule: string; subjects: string[]; justification: string }[];
    notApplicableControls: number;
  };
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
  provenance: Provenance;
  facts: FactSummary[];
  system: SystemView;
  /** every rule that found at least one risk */
  rules: RuleSummary[];
  /** sorted by residual level, highest first */
  risks: Risk[];
  /** in clause order */
  controls: ScopedControl[];
  gaps: Gap[];
  /** one per framework with requirements to meet, per product and over the system */
  conformance: ConformanceStatement[];
  questions: Question[];
  findings: Finding[];
  summary: {
    risks: {
      total: number;
      inherent: Record<string, number>;
      residual: Record<string, number>;
      byStatus: Record<string, number>;
    };
    controls: { total: number; applicable: number; byStatus: Record<string, number>; gaps: number };
    byStakeholder: Record<string, { applicable: number; done: number; gaps: number }>;
    products: number;
    questions: number;
    findings: number;
  };
}
