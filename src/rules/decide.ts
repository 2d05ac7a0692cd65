/**
 * How rules decide on what the model may leave open. Every fact a rule reads is true, false or unknown (not stated),
 * and a rule raises a risk only from facts the model states; when a fact that would decide the risk is left open, the
 * finding is a question naming the model keys to state. Conditions are written under those keys, so the keys of a
 * question come from the same place as the test.
 */
import type { Truth } from '../model/condition.js';
import type { ModelDataAsset, ModelElement } from '../model/types.js';
import type { PhysicalExposure } from '../model/vocabulary.js';
import type { RuleFinding } from './rule.js';

/** A stated boolean fact; not stated is unknown. */
export const stated = (value: boolean | undefined): Truth => value ?? 'unknown';

/** A fact stated as absent (`false`); not stated is unknown. */
export const lacks = (value: boolean | undefined): Truth => (value === undefined ? 'unknown' : !value);

/** Whether a stated term is one of `terms`; not stated is unknown. */
export function isOneOf<T>(value: T | undefined, terms: ReadonlySet<T>): Truth {
  return value === undefined ? 'unknown' : terms.has(value);
}

/** An element list the model may leave out (`sensing`, `services`…): empty only when stated, else unknown. */
export function listed(
  element: ModelElement,
  key: 'sensing' | 'services' | 'debugInterfaces' | 'interfaces',
  test: () => boolean,
): Truth {
  if (test()) return true;
  return element.stated.has(key) ? false : 'unknown';
}

/** A rule's verdict on one subject: the risk is there, it is not, or these model keys would decide it. */
export type Verdict = boolean | string[];

/** Every condition holds (Kleene "and"): false when one fails, else the keys left open, else true. */
export function allHold(conditions: Readonly<Record<string, Truth>>): Verdict {
  const open: string[] = [];
  // for…in, not Object.entries: rules call this for every element, and the pairs were an allocation each
  for (const key in conditions) {
    const value = conditions[key];
    if (value === false) return false;
    if (value === 'unknown') open.push(key);
  }
  return open.length > 0 ? open : true;
}

/** Some condition holds (Kleene "or"): true when one holds, else the keys left open, else false. */
export function anyHolds(conditions: Readonly<Record<string, Truth>>): Verdict {
  const open: string[] = [];
  for (const key in conditions) {
    const value = conditions[key];
    if (value === true) return true;
    if (value === 'unknown') open.push(key);
  }
  return open.length > 0 ? open : false;
}

/** A question: the model does not state what decides the risk on `subject`. */
export function ask(subject: string, keys: readonly string[], message: string): RuleFinding {
  return { subject, unknown: [...keys], message };
}

/**
 * The findings of a verdict: none, a question, or the risk that `risk` builds. Rules call it once per subject, so
 * the three outcomes are written the same way everywhere.
 */
export function decide(
  verdict: Verdict,
  subject: string,
  question: (keys: string[]) => string,
  risk: () => RuleFinding,
): RuleFinding[] {
  if (verdict === false) return [];
  if (verdict === true) return [risk()];
  return [ask(subject, verdict, question(verdict))];
}

/** The element's enabled services that `select` picks; unknown when the model does not list its services. */
export function servicesOf(
  element: ModelElement,
  select: (s: ModelElement['services'][number]) => boolean,
): ModelElement['services'] | 'unknown' {
  const picked = element.services.filter((s) => s.enabled && select(s));
  return picked.length === 0 && !element.stated.has('services') ? 'unknown' : picked;
}

/** No legal basis: stated as `none` (for the asset or a purpose); unknown while a purpose has no basis stated. */
export function withoutLegalBasis(d: ModelDataAsset): Truth {
  if (d.legalBases.includes('none')) return true;
  if (d.legalBasis !== undefined) return false;
  return d.purposes.length > 0 && d.purposes.every((p) => p.legalBasis !== undefined) ? false : 'unknown';
}

/** Where people other than the owner can lay hands on a device: the exposures physical attacks need. */
const PHYSICAL_REACH: Readonly<Partial<Record<PhysicalExposure, string>>> = {
  'public-space': 'in a public space',
  'customer-premises': 'at customer premises',
  'staff-and-contractors': 'on a site where staff and contractors move freely',
};

/** Whether others can physically reach the device; unknown while its exposure is not stated. */
export function withinPhysicalReach(device: ModelElement): Truth {
  return device.physicalExposure === undefined ? 'unknown' : device.physicalExposure in PHYSICAL_REACH;
}

/** Where it stands, in words, when others can reach it. */
export const whereReachable = (device: ModelElement): string | undefined =>
  device.physicalExposure === undefined ? undefined : PHYSICAL_REACH[device.physicalExposure];
