/**
 * Product classes under a law that sorts products into classes (the CRA: Annex III important class I and II, Annex IV
 * critical) and the conformity assessment routes each class allows (CRA Art. 32). The class follows from a product's
 * core functionality (Art. 7(1)), which only its manufacturer can state; the model's facts can only suggest a
 * category. So a class declared in the model (`products[].cra`) wins, and one its facts contradict is a finding; a
 * class from facts alone is a suggestion to confirm; facts that conflict, or leave a category open, make the class
 * undetermined, never a guess.
 */
import type { CatalogFramework } from '../catalog/catalog.js';
import type { ProductClass } from '../catalog/schema.js';
import { CONFORMITY_ROUTES } from '../catalog/vocabulary.js';
import { type Condition, describeCondition, evaluateCondition, type Truth } from '../model/condition.js';
import { allOf, FACT_DEFINITIONS, type FactResult, judgeFact } from '../model/facts.js';
import type { ModelProduct } from '../model/types.js';
import { PRODUCT_CLASSES, type ProductClassLevel } from '../model/vocabulary.js';
import { withArticle } from '../util/words.js';
import type { Finding, ProductClassDecision, ProductClassSuggestion } from './assessment.js';
import type { AssessContext } from './context.js';
import { summary } from './scope.js';

const CLASS_NAMES: Readonly<Record<ProductClassLevel, string>> = {
  default: 'default',
  'important-I': 'important class I',
  'important-II': 'important class II',
  critical: 'critical',
};

/** Whether the framework sorts products into classes (it carries product classes or conformity routes). */
export const definesClasses = (framework: CatalogFramework): boolean =>
  framework.productClasses.length > 0 && framework.conformityRoutes.length > 0;

/** The product's class under the framework, with the routes it allows; a finding when the model contradicts itself. */
export function classifyProduct(
  ctx: AssessContext,
  framework: CatalogFramework,
  product: ModelProduct,
): { decision: ProductClassDecision; finding?: Finding } {
  const suggestions = suggest(ctx, framework, product);
  const suggested = suggestions.filter((s) => s.holds === true);
  const open = suggestions.filter((s) => s.holds === 'unknown');
  const declared = product.cra;
  if (declared) {
    const category = framework.productClasses.find((c) => c.point === declared.point);
    const contradicted =
      suggested.length > 0 && (declared.class === 'default' || !suggested.some((s) => s.point === declared.point));
    const named = category ? `${CLASS_NAMES[declared.class]}, ${category.point} (${category.title})` : 'default';
    const decision = decide(framework, declared.class, category ? [category] : [], 'declared', suggestions, [
      `declared in the model: ${named}${declared.reason ? `, because ${declared.reason}` : ''}`,
      contradicted
        ? `its facts suggest ${list(suggested)} instead`
        : suggested.length > 0
          ? `its facts agree (${list(suggested)})`
          : '',
    ]);
    if (!contradicted) return { decision };
    return {
      decision,
      finding: {
        kind: 'contradiction',
        subject: product.id,
        message: `${product.name} is declared ${named} under ${framework.shortTitle ?? framework.title}, but its facts suggest ${list(suggested)}`,
        action:
          "check the product's core functionality: correct `cra:` in the model, or the facts that suggest the other category",
        source: product.declared
          ? ctx.model.locate(['products', ctx.model.products.indexOf(product), 'cra'])
          : product.source,
      },
    };
  }
  const classes = new Set(suggested.map((s) => s.class));
  const openClasses = open.filter((s) => !classes.has(s.class));
  const confirm = "state it in the model (the product's cra key) to settle it";
  if (classes.size > 1) {
    return {
      decision: decide(framework, 'undetermined', [], 'undetermined', suggestions, [
        `its facts suggest categories of different classes: ${list(suggested)}`,
        confirm,
      ]),
    };
  }
  if (openClasses.length > 0) {
    return {
      decision: decide(framework, 'undetermined', [], 'undetermined', suggestions, [
        `the model does not say whether it falls under ${open.map((s) => `${s.point} (${s.reason})`).join('; ')}`,
        confirm,
      ]),
    };
  }
  if (suggested.length > 0) {
    const level = suggested[0]!.class as ProductClassLevel;
    const categories = framework.productClasses.filter((c) => suggested.some((s) => s.point === c.point));
    return {
      decision: decide(framework, level, categories, 'suggested', suggestions, [
        `suggested by its facts: ${suggested.map((s) => `${s.point} ${s.title}, because ${s.reason}${s.note ? ` (${s.note})` : ''}`).join('; ')}`,
        "confirm it in the model (the product's cra key)",
      ]),
    };
  }
  const unseen = framework.productClasses.filter((c) => c.suggestedWhen === undefined).length;
  return {
    decision: decide(framework, 'default', [], 'suggested', suggestions, [
      'suggested: no fact of the model points to an Annex III or IV category',
      `${unseen} categories (such as operating systems or security microcontrollers) have no fact that could show them; confirm it in the model (the product's cra key)`,
    ]),
  };
}

/** Every category whose facts hold or are open on the product's own elements (not its associated services). */
function suggest(ctx: AssessContext, framework: CatalogFramework, product: ModelProduct): ProductClassSuggestion[] {
  const scope = ctx.graph.scopeOf(product.elements.map((id) => ctx.graph.element(id)));
  const judged = new Map<string, FactResult>();
  const lookup = (id: string) => {
    const definition = FACT_DEFINITIONS.get(id);
    if (!definition) return undefined;
    let result = judged.get(id);
    if (!result) {
      result = judgeFact(definition, ctx.graph, scope);
      judged.set(id, result);
    }
    return result;
  };
  return framework.productClasses.flatMap((category): ProductClassSuggestion[] => {
    if (category.suggestedWhen === undefined) return [];
    const facts = evaluateCondition(category.suggestedWhen, lookup);
    const fits = categoryFits(category, product);
    const holds = allOf([facts.holds, fits.holds]);
    if (holds === false) return [];
    return [
      {
        id: category.id,
        point: category.point,
        class: category.class,
        title: category.title,
        holds,
        reason: [explainFacts(category.suggestedWhen, facts.holds, facts.because), fits.reason]
          .filter(Boolean)
          .join('; '),
        because: facts.because.map(summary),
        note: category.note,
      },
    ];
  });
}

/** A category meant for some product categories (smart home: consumer) fits only a product of one of them. */
function categoryFits(category: ProductClass, product: ModelProduct): { holds: Truth; reason: string } {
  if (!category.categories) return { holds: true, reason: '' };
  const wanted = category.categories.join(' or ');
  if (product.category === undefined)
    return { holds: 'unknown', reason: `its product category is not stated (the category is for ${wanted} products)` };
  return category.categories.includes(product.category)
    ? { holds: true, reason: withArticle(`${product.category} product`) }
    : { holds: false, reason: '' };
}

function explainFacts(condition: Condition, holds: Truth, facts: readonly FactResult[]): string {
  if (holds === 'unknown') return `the model does not say whether ${describeCondition(condition)}`;
  return facts.map((f) => `${f.title} (${f.subjects.slice(0, 5).join(', ')})`).join('; ');
}

const list = (suggestions: readonly ProductClassSuggestion[]): string =>
  suggestions.map((s) => `${s.point} (${CLASS_NAMES[s.class as ProductClassLevel]})`).join(', ');

function decide(
  framework: CatalogFramework,
  level: ProductClassLevel | 'undetermined',
  categories: readonly ProductClass[],
  basis: ProductClassDecision['basis'],
  suggestions: ProductClassSuggestion[],
  reasons: string[],
): ProductClassDecision {
  return {
    class: level,
    title: level === 'undetermined' ? 'undetermined' : PRODUCT_CLASSES[level],
    categories: categories.map((c) => ({ id: c.id, point: c.point, title: c.title })),
    basis,
    reason: reasons.filter(Boolean).join('; '),
    suggestions,
    conformity: level === 'undetermined' ? undefined : routesFor(framework, level),
  };
}

/** The routes a class allows and whether a third party (notified body or certification body) must take part. */
function routesFor(framework: CatalogFramework, level: ProductClassLevel): ProductClassDecision['conformity'] {
  const set = framework.conformityRoutes.find((r) => r.class === level);
  if (!set) return undefined;
  const routes = set.routes.map((r) => ({
    route: r.route,
    title: CONFORMITY_ROUTES[r.route],
    onlyIf: r.onlyIf,
    thirdParty: r.route !== 'internal-control',
  }));
  const own = routes.find((r) => !r.thirdParty);
  const thirdParty: { needed: Truth; reason: string } =
    own === undefined
      ? {
          needed: true,
          reason: 'every route open to it takes a notified body or, under a European scheme, a certification body',
        }
      : own.onlyIf === undefined
        ? { needed: false, reason: 'internal control (module A) is open to it' }
        : {
            needed: 'unknown',
            reason: 'needed unless the condition on internal control (module A) is met, which the model does not say',
          };
  return { basis: set.basis, routes, thirdParty, note: set.note };
}
