/**
 * Catalog files: external frameworks (requirement trees), our own controls with their mappings, the risk-source
 * taxonomy and life-cycle stage sets. A file may hold any of these sections, so a user can add their own controls or
 * an internal policy as one more file, validated exactly like the built-in ones.
 */
import { z } from 'zod';
import { ConditionSchema } from '../model/condition.js';
import {
  ADDRESSEES,
  DOMAINS,
  IMPLEMENTATION_LEVELS,
  LEGAL_FORCE,
  MARKET_PATTERN,
  PRODUCT_CATEGORIES,
  PRODUCT_CLASSES,
  PRODUCT_KINDS,
  STAKEHOLDERS,
  terms,
} from '../model/vocabulary.js';
import {
  CONFIDENCE,
  CONFORMITY_ROUTES,
  CONTROL_FAMILIES,
  LINDDUN,
  RELATIONSHIPS,
  REQUIREMENT_STATUSES,
  RequirementRef,
  STRIDE,
  TEST_TYPES,
  VERIFICATION_METHODS,
} from './vocabulary.js';

/**
 * The catalog file schemas, built when a catalog file is first parsed: the built-in catalog is read from its snapshot,
 * and building these zod schemas took about 9 ms of every command that reads a model.
 */
function define() {
  const Text = z.string().min(1).max(4000);
  const Short = z.string().min(1).max(200);
  const CatalogId = z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits and . _ - only')
    .max(96);
  /** A requirement id inside a framework: clause numbers, provision ids and labels such as "I.2(c)" or "5.3-4A". */
  const RequirementId = z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._()\-/]*$/, 'a clause or requirement number')
    .max(48);
  /** An automated check of `iotassure verify`, e.g. TLS-01 (the registry's ids; a test keeps the two in step). */
  const CheckId = z.string().regex(/^[A-Z]+-\d{2}$/, 'a check id of `iotassure verify`, such as TLS-01');
  const Confidence = z.enum(terms(CONFIDENCE));

  const IsoDate = z.iso.date().describe('a date, YYYY-MM-DD');
  const Market = z
    .string()
    .regex(MARKET_PATTERN, 'a market: EU, a country code such as UK, US or DE, or a subdivision such as US-CA')
    .describe('a market or jurisdiction: EU, a country code (UK, US, DE) or a subdivision (US-CA)');
  const Addressees = z
    .array(z.enum(terms(ADDRESSEES)))
    .min(1)
    .describe('who the requirement is addressed to; only controls owed by them count towards it');

  /** Where a framework applies: the markets it is law in or addresses, the product categories and kinds it covers. */
  const FrameworkScope = z.strictObject({
    markets: z.array(Market).min(1).optional().describe('markets where it applies; absent: any market'),
    categories: z
      .array(z.enum(terms(PRODUCT_CATEGORIES)))
      .min(1)
      .optional()
      .describe('product categories it addresses; absent: every category'),
    productKinds: z
      .array(z.enum(terms(PRODUCT_KINDS)))
      .min(1)
      .optional()
      .describe('kinds of product it covers; absent: every kind'),
    note: z.string().max(1000).optional().describe('what the scope leaves out, in our own words'),
  });

  /**
   * A rung of a framework's own graded scale (IEC 62443 security levels SL 1–4): requirements name the lowest level that
   * asks for them, and a product or zone that targets a level is held to every requirement at or below it.
   */
  const SecurityLevel = z.number().int().min(1).max(9);

  const Provenance = z.strictObject({
    source: Short.describe('what it was taken from (document, repository and path, page)'),
    ref: z.string().max(400).optional().describe('commit, page, table or section'),
  });

  /** A note, and how sure we are of an entry and where it comes from. */
  const annotated = {
    note: z.string().max(1000).optional(),
    confidence: Confidence.optional(),
    provenance: Provenance.optional(),
  };

  const Requirement = z.strictObject({
    id: RequirementId,
    parent: RequirementId.optional(),
    kind: z
      .enum([
        'clause',
        'provision',
        'requirement',
        'capability',
        'element',
        'outcome',
        'principle',
        'category',
        'section',
        'enhancement',
        'sub-capability',
        'action',
        'criterion',
        'test-group',
        'test-case',
        'input',
        'article',
      ])
      .optional()
      .describe('what the entry is; `enhancement` is an IEC 62443 requirement enhancement (RE) of its parent'),
    title: Short.describe('a short title in our own words (or the published title of an ISO clause)'),
    status: z.enum(terms(REQUIREMENT_STATUSES)).optional(),
    /** ETSI EN 303 645 style: condition numbers and feature letters declared in the framework. */
    conditions: z.array(z.string()).optional(),
    features: z.array(z.string()).optional(),
    appliesWhen: ConditionSchema.optional(),
    replaces: z
      .array(RequirementId)
      .optional()
      .describe("ids in the framework's previous version that this requirement replaces or renumbers"),
    securityLevel: SecurityLevel.optional().describe(
      'the lowest security level (declared in the header) that asks for it; every higher level asks for it too',
    ),
    addressees: Addressees.optional().describe("overrides the framework's addressees for this requirement"),
    appliesFrom: IsoDate.optional().describe("when the requirement starts to apply, if later than the framework's"),
    tests: RequirementRef.optional().describe('a test group: the requirement of another framework it assesses'),
    inputs: z
      .array(RequirementId)
      .min(1)
      .optional()
      .describe('a test group: the inputs (requirements of kind `input`) the supplier provides for it'),
    testTypes: z
      .array(z.enum(terms(TEST_TYPES)))
      .min(1)
      .optional()
      .describe('a test case: conceptual, functional or both'),
    checks: z
      .array(CheckId)
      .min(1)
      .optional()
      .describe('a test case: the `iotassure verify` checks that observe part of what it assesses'),
    ...annotated,
  });

  /** Where the Official Journal citation of a harmonised standard withholds the presumption of conformity. */
  const PresumptionRestriction = z.strictObject({
    requirements: z.array(RequirementId).min(1).describe('the requirements of the standard the restriction concerns'),
    title: Short.describe('what applying the standard does not presume, in our own words'),
    relevantWhen: ConditionSchema.optional().describe(
      'facts under which the restriction may concern the product; the assessor confirms whether it does',
    ),
    note: z.string().max(1000).optional(),
    confidence: Confidence,
    provenance: Provenance,
  });

  const FrameworkHeader = z.strictObject({
    id: CatalogId,
    title: Short,
    shortTitle: z.string().max(40).optional(),
    version: z.string().max(60),
    publisher: Short,
    published: z.string().max(20).optional(),
    url: z.string().max(400).optional(),
    licence: Text.describe('what we may store of it, e.g. "ids and own-word titles only"'),
    confidence: Confidence,
    provenance: Provenance,
    legalForce: z.enum(terms(LEGAL_FORCE)).optional().describe('how it binds those it addresses (default standard)'),
    addressees: Addressees.optional().describe('who its requirements are addressed to, unless a requirement says'),
    scope: FrameworkScope.optional().describe('the markets, product categories and kinds it addresses'),
    appliesFrom: IsoDate.optional().describe('the date its requirements start to apply'),
    securityLevels: z
      .array(z.strictObject({ level: SecurityLevel, title: Short }))
      .min(1)
      .optional()
      .describe('the graded levels its requirements are selected by (IEC 62443 SL 1–4), lowest first'),
    /** Conditions and features (EN 303 645 Table B.1) defined as facts about the system model. */
    conditions: z.record(z.string(), z.strictObject({ title: Short, when: ConditionSchema })).optional(),
    features: z.record(z.string(), z.strictObject({ title: Short, when: ConditionSchema })).optional(),
    /** Requirements no control covers on purpose, each with the reason. */
    uncovered: z.array(z.strictObject({ id: RequirementId, reason: Text })).optional(),
    /** The framework id of the previous version; requirements' `replaces` name ids in it (for version deltas). */
    previousVersion: CatalogId.optional(),
    presumptionOf: z
      .array(RequirementRef)
      .min(1)
      .optional()
      .describe('for a harmonised standard: the legal requirements that applying it in full presumes met'),
    restrictions: z
      .array(PresumptionRestriction)
      .optional()
      .describe('where applying the standard gives no presumption of conformity (Official Journal citation)'),
  });

  const Mapping = z.strictObject({
    target: RequirementRef,
    relationship: z.enum(terms(RELATIONSHIPS)),
    rationale: Text.optional(),
    confidence: Confidence.optional(),
    basis: Short.optional().describe(
      'a published mapping this follows (e.g. UK PSTI Schedule 2); absent for our own analysis',
    ),
  });

  const Control = z.strictObject({
    id: CatalogId,
    title: Short,
    statement: Text.describe('what must be done, in our own words'),
    purpose: Text.optional(),
    family: z.enum(terms(CONTROL_FAMILIES)),
    clause: z
      .strictObject({ id: RequirementId, confidence: Confidence })
      .describe('the ISO/IEC 27400 clause (or family) it implements'),
    stakeholders: z.array(z.enum(terms(STAKEHOLDERS))).min(1),
    stages: z.array(CatalogId).min(1).describe('stages of the iotassure-generic stage set'),
    domains: z.array(z.enum(terms(DOMAINS))).min(1),
    appliesWhen: ConditionSchema.optional().describe('when it applies; always when absent'),
    implementedAt: z
      .enum(terms(IMPLEMENTATION_LEVELS))
      .optional()
      .describe('where it is put in place, and so what a status is declared on (default organisation)'),
    establishedBy: ConditionSchema.optional().describe(
      'model properties that show it in place on a subject where they hold, and absent where they fail',
    ),
    riskSources: z.array(CatalogId).min(1),
    guidance: z
      .strictObject({ developer: Text.optional(), provider: Text.optional(), user: Text.optional() })
      .optional(),
    evidence: z.array(Short).optional().describe('evidence an auditor would accept'),
    verification: z
      .strictObject({
        methods: z.array(z.enum(terms(VERIFICATION_METHODS))).min(1),
        checks: z.array(CheckId).optional().describe('automated check ids of `iotassure verify`'),
      })
      .optional(),
    mappings: z.array(Mapping).optional(),
    tags: z.array(z.string().max(40)).optional(),
  });

  const RiskSource = z.strictObject({
    id: CatalogId,
    title: Short,
    description: Text,
    category: z
      .enum(['domain', 'outside', 'privacy'])
      .describe('27400 §6.2.2 per domain, §6.2.3 outside, §6.2.4 privacy'),
    domain: z.enum(terms(DOMAINS)).optional(),
    clause: RequirementId.describe('the ISO/IEC 27400 clause of its category, e.g. 6.2.2.1'),
    stride: z.array(z.enum(terms(STRIDE))).optional(),
    linddun: z.array(z.enum(terms(LINDDUN))).optional(),
    examples: z.array(Short).optional(),
  });

  const StageSet = z.strictObject({
    id: CatalogId,
    title: Short,
    origin: Text.describe('where the stage names come from; never claim ISO/IEC 27400 for them'),
    stages: z
      .array(
        z.strictObject({
          id: CatalogId,
          title: Short,
          description: Text.optional(),
          covers: z.array(CatalogId).optional().describe('stages of iotassure-generic this stage covers'),
        }),
      )
      .min(1),
  });

  /** A product category of a law that puts products in classes (CRA Annex III and IV) and what suggests it. */
  const ProductClass = z.strictObject({
    id: CatalogId,
    title: Short.describe('the category in our own words'),
    class: z.enum(['important-I', 'important-II', 'critical']),
    point: RequirementId.describe('where the law lists the category, e.g. III.I.17'),
    suggestedWhen: ConditionSchema.optional().describe(
      'facts that suggest a product may have this core functionality; absent: only the product can say',
    ),
    categories: z
      .array(z.enum(terms(PRODUCT_CATEGORIES)))
      .optional()
      .describe('the product categories the category is for (smart home products: consumer); absent: any'),
    ...annotated,
  });

  /** The conformity assessment routes a product class may take, each with the condition the law puts on it. */
  const ConformityRoutes = z.strictObject({
    class: z.enum(terms(PRODUCT_CLASSES)),
    routes: z
      .array(
        z.strictObject({
          route: z.enum(terms(CONFORMITY_ROUTES)),
          onlyIf: Short.optional().describe('the condition the law sets for this route, in our own words'),
        }),
      )
      .min(1),
    basis: Short.describe('the article that sets the routes, e.g. Art. 32(2)'),
    note: z.string().max(1000).optional(),
  });

  /** Extra mappings for controls defined elsewhere (e.g. a user mapping our controls to an internal policy). */
  const ExtraMapping = Mapping.extend({ control: CatalogId });

  const CatalogFile = z.strictObject({
    framework: FrameworkHeader.optional(),
    requirements: z.array(Requirement).optional(),
    controls: z.array(Control).optional(),
    mappings: z.array(ExtraMapping).optional(),
    riskSources: z.array(RiskSource).optional(),
    stageSets: z.array(StageSet).optional(),
    productClasses: z.array(ProductClass).optional().describe("the framework's product classes (needs `framework:`)"),
    conformityRoutes: z
      .array(ConformityRoutes)
      .optional()
      .describe('the conformity assessment routes per product class (needs `framework:`)'),
  });

  return {
    Confidence,
    Market,
    FrameworkScope,
    Provenance,
    Requirement,
    PresumptionRestriction,
    FrameworkHeader,
    Mapping,
    Control,
    RiskSource,
    StageSet,
    ProductClass,
    ConformityRoutes,
    ExtraMapping,
    CatalogFile,
  };
}

type Schemas = ReturnType<typeof define>;
let schemas: Schemas | undefined;

/** The catalog file schemas (built on first use). */
export function catalogSchemas(): Schemas {
  schemas ??= define();
  return schemas;
}

export type Requirement = z.infer<Schemas['Requirement']>;
export type Mapping = z.infer<Schemas['Mapping']>;
export type Control = z.infer<Schemas['Control']>;
export type RiskSource = z.infer<Schemas['RiskSource']>;
export type StageSet = z.infer<Schemas['StageSet']>;
export type ProductClass = z.infer<Schemas['ProductClass']>;
export type ConformityRoutes = z.infer<Schemas['ConformityRoutes']>;
export type CatalogFile = z.infer<Schemas['CatalogFile']>;
export type FrameworkHeader = z.infer<Schemas['FrameworkHeader']>;
