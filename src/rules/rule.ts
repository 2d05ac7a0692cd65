/**
 * A risk rule, in the style of an ESLint rule or a Threagile risk rule: `meta` says what the rule is about (its ISO/IEC
 * 27400 risk source, threat category, default likelihood and impact, the controls that mitigate it), and a pure
 * `check` returns findings that point at model elements. Each rule has its own module and its own test beside it.
 */
import type { LINDDUN, STRIDE } from '../catalog/vocabulary.js';
import type { SystemGraph } from '../model/graph.js';

/** 1 (lowest) to 5 (highest), on the default 5-point scales; rescaled for custom risk matrices. */
export type Rating = 1 | 2 | 3 | 4 | 5;

export interface RiskRuleMeta {
  /** kebab-case, unique; risk ids are `rule-id:subject-id`. */
  id: string;
  title: string;
  /** What can go wrong and why it matters for IoT, in one or two sentences. */
  description: string;
  /** Id of a risk source in catalog/risk-sources.yaml. */
  riskSource: string;
  stride?: (keyof typeof STRIDE)[];
  linddun?: (keyof typeof LINDDUN)[];
  likelihood: Rating;
  impact: Rating;
  /** Primary controls: they remove the cause, and reduce this risk most once in effect where it is. */
  mitigations: string[];
  /** Supporting controls: they make the risk less likely or easier to contain, and weigh half as much. */
  supporting?: string[];
  /** External requirements the rule itself relates to, beyond those its mitigating controls map to. */
  references?: string[];
  /**
   * The model keys it asks for when the model leaves them open (a finding's `unknown` names some of these): what a
   * supplier questionnaire must cover for the rule to decide.
   */
  asks?: string[];
}

export interface RuleFinding {
  /** The model id the risk is about (element, flow, data asset); it makes the risk id. */
  subject: string;
  /** Other model ids involved (e.g. the two ends of a flow). */
  related?: string[];
  /** A specific sentence: what in this model causes the risk. */
  message: string;
  /** Overrides of the rule's defaults where this finding is worse or milder. */
  likelihood?: Rating;
  impact?: Rating;
  /** Why the overrides: what in the model makes it worse or milder (shown in the risk's explanation). */
  adjustment?: string;
  /**
   * The model does not state what decides whether the risk is there: the keys to state on the subject. Such a finding
   * becomes a question ("information needed"), never a risk with a level.
   */
  unknown?: string[];
}

export interface RiskRule {
  meta: RiskRuleMeta;
  /** built into iotassure, or written by a user in a rules file (src/rules/user-rules.ts) */
  origin?: 'built-in' | 'user';
  /** a user rule's rules file, as the user named it */
  file?: string;
  check(graph: SystemGraph): RuleFinding[];
}
