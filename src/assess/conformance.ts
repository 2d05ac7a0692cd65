/**
 * Conformance statements, one per framework: for each product, whether the framework applies to it (markets,
 * category, the model's choices) and, where it does or may, each requirement's applicability and support — the shape
 * of EN 303 645's Annex B implementation conformance statement. Over the system, a requirement is supported only when
 * every product in scope that it applies to supports it.
 */
import type { CatalogFramework, CatalogRequirement } from '../catalog/catalog.js';
import type { Truth } from '../model/condition.js';
import type { FactResult } from '../model/facts.js';
import type { ModelProduct } from '../model/types.js';
import type {
  ConformanceStatement,
  Finding,
  ProductStatement,
  ProvisionStatement,
  StatementSummary,
  Support,
  SystemProvision,
} from './assessment.js';
import type { AssessContext } from './context.js';
import { frameworkScope } from './frameworks.js';
import type { Implementation } from './implementation.js';
import { classifyProduct, definesClasses } from './product-class.js';
import { requirementApplicability, requirementSupport } from './support.js';

/** A fact left unknown that a requirement's applicability depends on, for the questions. */
export interface OpenFact {
  fact: FactResult;
  product: string;
  requirement: string;
}

/** Frameworks that carry requirements to meet (not reference vocabularies). */
export function assessedFrameworks(ctx: AssessContext): CatalogFramework[] {
  return [...ctx.catalog.frameworks.values()].filter(
    (f) => f.legalForce !== 'reference' && ctx.catalog.assessableRequirements(f.id).length > 0,
  );
}

/** What judging the statements leaves to report elsewhere: facts left open, and contradictions found. */
export interface Leftovers {
  open: OpenFact[];
  findings: Finding[];
}

export function conformanceStatements(
  ctx: AssessContext,
  implementation: Implementation,
  leftovers: Leftovers,
): ConformanceStatement[] {
  return assessedFrameworks(ctx).map((framework) => statement(ctx, framework, implementation, leftovers));
}

function statement(
  ctx: AssessContext,
  framework: CatalogFramework,
  implementation: Implementation,
  leftovers: Leftovers,
): ConformanceStatement {
  const requirements = ctx.catalog.assessableRequirements(framework.id);
  const products = ctx.model.products.map((product) =>
    productStatement(ctx, framework, requirements, product, implementation, leftovers),
  );
  const inScope = products.filter((p) => p.scope.applies !== false);
  const provisions = requirements.map((r, i) => systemProvision(r, products, i));
  const scopeApplies: Truth = products.some((p) => p.scope.applies === true)
    ? true
    : products.some((p) => p.scope.applies === 'unknown')
      ? 'unknown'
      : false;
  return {
    framework: framework.id,
    title: framework.title,
    shortTitle: framework.shortTitle ?? framework.title,
    version: framework.version,
    legalForce: framework.legalForce ?? 'standard',
    addressees: framework.addressees ?? [],
    scope: {
      applies: scopeApplies,
      reason:
        inScope.length === 0
          ? `no product is in its scope: ${[...new Set(products.map((p) => p.scope.reason))].join('; ')}`
          : `${inScope.map((p) => `${p.name}: ${p.scope.reason}`).join('; ')}`,
    },
    products,
    provisions,
    summary: summarise(provisions, products),
    unmapped: requirements.filter((r) => ctx.catalog.controlsFor(r.ref).length === 0).map((r) => r.id),
  };
}

/** Whether a framework applies to a product and, where it may and the framework defines classes, the product's class. */
function productScope(ctx: AssessContext, framework: CatalogFramework, product: ModelProduct) {
  const scope = frameworkScope(ctx, framework, product);
  const classified =
    scope.applies !== false && definesClasses(framework) ? classifyProduct(ctx, framework, product) : undefined;
  return { scope, classified };
}

/** The findings classifying the products raises, in the order the conformance statements raise them. */
export function classificationFindings(ctx: AssessContext): Finding[] {
  return assessedFrameworks(ctx)
    .filter(definesClasses)
    .flatMap((framework) =>
      ctx.model.products.flatMap((product) => productScope(ctx, framework, product).classified?.finding ?? []),
    );
}

function productStatement(
  ctx: AssessContext,
  framework: CatalogFramework,
  requirements: readonly CatalogRequirement[],
  product: ModelProduct,
  implementation: Implementation,
  { open, findings }: Leftovers,
): ProductStatement {
  const { scope, classified } = productScope(ctx, framework, product);
  if (scope.applies === false) {
    return { product: product.id, name: product.name, scope, provisions: [], summary: summarise([], []) };
  }
  if (classified?.finding) findings.push(classified.finding);
  const base = { product: product.id, name: product.name, scope, productClass: classified?.decision };
  const facts = ctx.scopedFacts.of(product);
  const provisions = requirements.map((requirement): ProvisionStatement => {
    const applicability = requirementApplicability(ctx, requirement, facts);
    for (const fact of applicability.unknown) open.push({ fact, product: product.id, requirement: requirement.ref });
    const appliesFrom = requirement.appliesFrom ?? framework.appliesFrom;
    const common = {
      id: requirement.id,
      title: requirement.title,
      status: requirement.status as ProvisionStatement['status'],
      addressees: requirement.addressees ?? framework.addressees ?? [],
      conditions: applicability.conditions,
      features: applicability.features,
      applies: applicability.applies,
      inForce: appliesFrom === undefined || appliesFrom <= ctx.date,
      appliesFrom,
    };
    if (applicability.applies === false) {
      const reason = applicability.reason ?? 'not applicable';
      return { ...common, support: 'not-applicable', reason, controls: [], complementary: [], evidence: [] };
    }
    const support = requirementSupport(ctx, requirement, product, implementation);
    if (applicability.applies === 'unknown' && support.support !== 'yes') {
      return { ...common, ...support, support: 'undetermined', reason: `${applicability.reason}; ${support.reason}` };
    }
    return { ...common, ...support };
  });
  return { ...base, provisions, summary: summarise(provisions, scope.applies === true ? [base] : []) };
}

/** A requirement over the products in scope: supported only when every product it applies to supports it. */
function systemProvision(
  requirement: CatalogRequirement,
  products: ProductStatement[],
  index: number,
): SystemProvision {
  const judged = products
    .filter((p) => p.scope.applies !== false)
    .map((p) => ({ product: p, provision: p.provisions[index]! }));
  const relevant = judged.filter((j) => j.provision.applies !== false);
  const supports = relevant.map((j) => j.provision.support);
  const support = combine(supports);
  const notMet = relevant.filter((j) => j.provision.support !== 'yes');
  const reason =
    relevant.length === 0
      ? judged.length === 0
        ? 'no product is in scope'
        : 'not applicable to any product in scope'
      : notMet.length === 0
        ? `supported by ${relevant.map((j) => j.product.name).join(', ')}`
        : notMet.map((j) => `${j.product.name}: ${j.provision.support} (${j.provision.reason})`).join('; ');
  const applies: Truth = relevant.some((j) => j.provision.applies === true)
    ? true
    : relevant.length > 0
      ? 'unknown'
      : false;
  return {
    id: requirement.id,
    title: requirement.title,
    status: requirement.status as SystemProvision['status'],
    applies,
    support,
    reason,
    products: Object.fromEntries(judged.map((j) => [j.product.product, j.provision.support])),
    controls: [...new Set(relevant.flatMap((j) => j.provision.controls.map((c) => c.id)))],
    inForce: judged[0]?.provision.inForce ?? true,
  };
}

/** Over several products: yes only if all say yes; no only if all say no; undetermined before partial. */
function combine(supports: readonly Support[]): Support {
  if (supports.length === 0) return 'not-applicable';
  if (supports.every((s) => s === 'yes')) return 'yes';
  if (supports.every((s) => s === 'no')) return 'no';
  if (supports.every((s) => s === 'yes' || s === 'undetermined')) return 'undetermined';
  return supports.some((s) => s === 'yes' || s === 'partial')
    ? 'partial'
    : supports.includes('no')
      ? 'no'
      : 'undetermined';
}

function summarise(
  provisions: readonly (ProvisionStatement | SystemProvision)[],
  productsInScope: readonly { scope: { applies: Truth } }[],
): StatementSummary {
  const applicable = provisions.filter((p) => p.applies !== false);
  const inForce = (p: ProvisionStatement | SystemProvision) => p.inForce;
  const countsAsGap = productsInScope.some((p) => p.scope.applies === true);
  return {
    provisions: provisions.length,
    applicable: applicable.length,
    supported: applicable.filter((p) => p.support === 'yes').length,
    partial: applicable.filter((p) => p.support === 'partial').length,
    notSupported: applicable.filter((p) => p.support === 'no').length,
    undetermined: applicable.filter((p) => p.support === 'undetermined').length,
    mandatoryGaps: countsAsGap
      ? applicable.filter(
          (p) => p.status === 'mandatory' && (p.support === 'no' || p.support === 'partial') && inForce(p),
        ).length
      : 0,
    recommendationsWithoutJustification: applicable.filter(lacksJustification).length,
    notInForce: applicable.filter((p) => !inForce(p)).length,
  };
}

/**
 * A recommendation that applies and is not met, with no recorded reason: EN 303 645 provision 5.0-1 (and a test lab
 * for any framework) wants the reason written down.
 */
export function lacksJustification(p: ProvisionStatement | SystemProvision): boolean {
  return (
    p.applies !== false &&
    p.status === 'recommended' &&
    p.support !== 'yes' &&
    !('justification' in p && p.justification)
  );
}
