/**
 * Which frameworks apply to which product: from the markets it is placed on, its category and kind, and the model's
 * own choices. A framework out of a product's scope is reported as such, with the reason, never as gaps; one whose
 * scope depends on what the model does not say (markets or category unstated) is undetermined.
 */
import type { CatalogFramework } from '../catalog/catalog.js';
import type { Truth } from '../model/condition.js';
import type { ModelProduct } from '../model/types.js';
import { EU_SINGLE_MARKET } from '../model/vocabulary.js';
import { withArticle } from '../util/words.js';
import type { AssessContext } from './context.js';

export interface FrameworkScopeDecision {
  applies: Truth;
  reason: string;
}

/** UK is written as the ISO code GB too. */
const normalise = (market: string): string =>
  market === 'GB' ? 'UK' : market.startsWith('GB-') ? `UK-${market.slice(3)}` : market;

/** A product placed on `product` is placed on `jurisdiction` (or in part of it). */
export function marketCovers(jurisdiction: string, product: string): boolean {
  const j = normalise(jurisdiction);
  const p = normalise(product);
  if (j === p) return true;
  if (j === 'EU') return EU_SINGLE_MARKET.has(p.slice(0, 2));
  if (p === 'EU') return EU_SINGLE_MARKET.has(j.slice(0, 2));
  // A country covers its subdivisions, and a product sold country-wide is sold in each subdivision.
  return j.startsWith(`${p}-`) || p.startsWith(`${j}-`);
}

const list = (items: readonly string[]) => items.join(', ');

export function frameworkScope(
  ctx: AssessContext,
  framework: CatalogFramework,
  product: ModelProduct,
): FrameworkScopeDecision {
  const choice = ctx.model.assessment.frameworks.get(framework.id);
  if (choice && (choice.products === undefined || choice.products.includes(product.id))) {
    return {
      applies: choice.applies,
      reason: `${choice.applies ? 'opted in' : 'opted out'} in the model: ${choice.reason}`,
    };
  }
  const scope = framework.scope;
  if (!scope) return { applies: true, reason: 'applies to every product' };
  const parts: FrameworkScopeDecision[] = [];
  if (scope.markets) {
    const markets = product.markets;
    parts.push(
      markets === undefined
        ? { applies: 'unknown', reason: `the product's markets are not stated; it applies on ${list(scope.markets)}` }
        : markets.some((m) => scope.markets!.some((j) => marketCovers(j, m)))
          ? { applies: true, reason: `placed on ${list(markets)}` }
          : { applies: false, reason: `placed on ${list(markets)} only; it applies on ${list(scope.markets)}` },
    );
  }
  if (scope.categories) {
    const category = product.category;
    parts.push(
      category === undefined
        ? {
            applies: 'unknown',
            reason: `the product's category is not stated; it addresses ${list(scope.categories)} products`,
          }
        : scope.categories.includes(category)
          ? { applies: true, reason: withArticle(`${category} product`) }
          : {
              applies: false,
              reason: `${withArticle(`${category} product`)}; it addresses ${list(scope.categories)} products`,
            },
    );
  }
  if (scope.productKinds) {
    parts.push(
      scope.productKinds.includes(product.kind)
        ? { applies: true, reason: withArticle(product.kind) }
        : { applies: false, reason: `${withArticle(product.kind)}; it covers ${list(scope.productKinds)}` },
    );
  }
  const decisive = parts.find((p) => p.applies === false) ?? parts.find((p) => p.applies === 'unknown');
  if (decisive) return decisive;
  return { applies: true, reason: parts.map((p) => p.reason).join(', ') || 'applies to every product' };
}
