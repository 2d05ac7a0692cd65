/**
 * The words of catalog files (relationships, control families, STRIDE and LINDDUN, test types, conformity routes…)
 * and the form of a requirement reference: plain data, apart from the schemas (schema.ts), so that code which only
 * names these does not build every catalog schema.
 */
import { z } from 'zod';

export const CONFIDENCE = {
  high: 'read in a primary text or a verbatim reproduction of it',
  medium: 'from a secondary source, or recalled and consistent with a stored source',
  low: 'a single weak source or memory only; check before relying on it',
  placeholder: 'structure only: the content is not public or not verified',
} as const;

export const RELATIONSHIPS = {
  equal: 'the control and the requirement ask for the same thing',
  subset: 'the control meets part of the requirement',
  superset: 'the control meets all of the requirement and more',
  intersects: 'they overlap; neither contains the other',
  complementary:
    "the control is owed by another stakeholder than the requirement's addressee: it helps, and never counts as support",
} as const;
export type Relationship = keyof typeof RELATIONSHIPS;

export const CONTROL_FAMILIES = {
  '7.1.2': 'security controls for IoT service developers and providers',
  '7.1.3': 'security controls for IoT users',
  '7.2.2': 'privacy controls for IoT service developers and providers',
  '7.2.3': 'privacy controls for IoT users',
} as const;
export type ControlFamily = keyof typeof CONTROL_FAMILIES;

export const REQUIREMENT_STATUSES = {
  mandatory: 'must be met (shall)',
  recommended: 'should be met, or a reason recorded (should)',
  informative: 'describes or groups; nothing to meet by itself',
} as const;

export const STRIDE = {
  spoofing: 'pretending to be someone or something else',
  tampering: 'changing data, code or devices',
  repudiation: 'denying having done something',
  'information-disclosure': 'exposing information to those who should not see it',
  'denial-of-service': 'making a service or device unavailable',
  'elevation-of-privilege': 'gaining rights one should not have',
} as const;

export const LINDDUN = {
  linking: 'linking data items or actions to the same person',
  identifying: 'learning who a person is',
  'non-repudiation': 'a person cannot deny an action when they should be able to',
  detecting: 'learning that a person is involved, or that data exists',
  'data-disclosure': 'personal data disclosed, collected or kept beyond need',
  unawareness: 'people unaware of, or unable to control, the processing',
  'non-compliance': 'processing that does not follow law, policy or consent',
} as const;

/** ETSI TS 103 701's two kinds of test case. */
export const TEST_TYPES = {
  conceptual: 'assesses the design as the supplier documents it (the IXIT) against the requirement',
  functional: 'assesses the product itself, hands-on, against the requirement and its documentation',
} as const;

export const VERIFICATION_METHODS = {
  'document-review': 'read a document (policy, design, manual)',
  'configuration-review': 'inspect settings of a device or service',
  interview: 'ask the people responsible',
  'automated-check': 'an automated check (see `checks`)',
  test: 'a functional or penetration test',
} as const;

/** Conformity assessment procedures of the EU product laws (CRA Art. 32 and Annex VIII; RED Art. 17). */
export const CONFORMITY_ROUTES = {
  'internal-control': 'module A: the manufacturer assesses conformity and declares it alone',
  'eu-type-examination': 'modules B and C: a notified body examines the type, the manufacturer keeps production to it',
  'full-quality-assurance': 'module H: a notified body approves the quality system for design, production and support',
  'eu-cybersecurity-certification': 'a European cybersecurity certificate under Regulation (EU) 2019/881',
} as const;

/** `framework-id:requirement-id`, e.g. `etsi-en-303-645:5.1-1`. */
export const RequirementRef = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*:[A-Za-z0-9][A-Za-z0-9._()\-/]*$/, 'framework-id:requirement-id');
