/**
 * Loads catalog files (the built-in catalog/ folder plus any the user adds), validates each against the catalog
 * schema and checks that every reference resolves. A broken catalog is an input error like a broken model.
 */
import { createHash } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstVisit, folderEntries, readInput } from '../input/read.js';
import { readSourceFile, SOURCE_LIMITS, type SourceDocument } from '../input/source.js';
import { sortDiagnostics, validateDocument } from '../input/validate.js';
import { type Condition, factsIn } from '../model/condition.js';
import { FACT_IDS } from '../model/facts.js';
import { PROPERTY_DEFINITIONS } from '../model/properties.js';
import { type Diagnostic, InputError, inputError } from '../util/diagnostics.js';
import { didYouMean } from '../util/suggest.js';
import {
  Catalog,
  type CatalogControl,
  type CatalogFramework,
  type CatalogRequirement,
  type CatalogRiskSource,
  type CatalogStageSet,
  GENERIC_STAGE_SET,
  ISO_27400,
} from './catalog.js';
import { type CatalogFile, catalogSchemas, type Requirement } from './schema.js';
import { readSnapshot } from './snapshot.js';

/** The catalog shipped with iotassure: two levels up from both src/catalog and dist/catalog. */
export const BUILTIN_CATALOG = resolve(dirname(fileURLToPath(import.meta.url)), '../../catalog');

const CATALOG_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * Lists catalog files under the given files or folders, folders recursively and in a stable order. A file found in a
 * folder must be inside it or inside one of the project folders `roots` (real paths): a link that leads elsewhere
 * is refused. Only named files may have any extension.
 */
export function catalogFiles(paths: readonly string[], roots: readonly string[] = []): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const visit = (path: string, allowed: readonly string[]) => {
    if (!firstVisit(seen, path)) return;
    for (const entry of folderEntries(path, allowed)) {
      if (entry.folder) visit(entry.path, allowed);
      else if (CATALOG_EXTENSIONS.has(extname(entry.path))) files.push(entry.path);
    }
  };
  for (const path of paths) {
    let real: string;
    try {
      real = realpathSync.native(path);
    } catch {
      throw inputError(path, 'catalog file or folder not found', {
        hint: 'check the path given to --catalog or `catalogs:`',
      });
    }
    if (statSync(real).isDirectory()) visit(path, [real, ...roots]);
    else files.push(path);
  }
  return files;
}

const cache = new Map<string, Catalog>();

/**
 * The built-in catalog plus `extra` files or folders; links in those folders may lead into `roots` (the project
 * folders). Results are cached per process by the files and their modification times, so a long-running process
 * (tests, a server) sees edited catalog files.
 */
export function loadCatalog(extra: readonly string[] = [], roots: readonly string[] = []): Catalog {
  const files = catalogFiles([BUILTIN_CATALOG, ...extra.map((p) => resolve(p))], roots);
  const key = files
    .map((file) => {
      const { mtimeMs, size } = statSync(file);
      return `${file}@${mtimeMs}:${size}`;
    })
    .join('\n');
  let catalog = cache.get(key);
  if (!catalog) {
    catalog = (extra.length === 0 ? builtInFromSnapshot(files) : undefined) ?? buildCatalog(files.map(readSourceFile));
    cache.set(key, catalog);
  }
  return catalog;
}

/** The built-in catalog from the snapshot the build wrote, while it still describes these files (see snapshot.ts). */
function builtInFromSnapshot(files: readonly string[]): Catalog | undefined {
  // The files' bytes, not their text: their digest is the text's whenever the text is what the parser reads (UTF-8
  // without a byte-order mark), and a file that is not reads as a changed catalog, parsed from its YAML. Decoding the
  // 0.7 MB only to hash it again took 3 ms of every command that assesses.
  return readSnapshot(
    BUILTIN_CATALOG,
    files,
    files.map((file) => readInput(file, SOURCE_LIMITS.maxBytes)),
  );
}

/** Builds a catalog from parsed documents; exported for tests that assemble catalogs in memory. */
export function buildCatalog(docs: SourceDocument[]): Catalog {
  const diagnostics: Diagnostic[] = [];
  const parsed = docs.map((doc) => {
    try {
      return { doc, file: validateDocument(doc, catalogSchemas().CatalogFile) };
    } catch (error) {
      if (error instanceof InputError) diagnostics.push(...error.diagnostics);
      else throw error;
      return undefined;
    }
  });
  if (diagnostics.length > 0) throw new InputError(sortDiagnostics(diagnostics));
  const assembler = new Assembler();
  for (const entry of parsed) if (entry) assembler.add(entry.doc, entry.file);
  return assembler.finish();
}

type Path = (string | number)[];

class Assembler {
  private readonly frameworks = new Map<string, CatalogFramework>();
  private readonly controls = new Map<string, CatalogControl>();
  private readonly riskSources = new Map<string, CatalogRiskSource>();
  private readonly stageSets = new Map<string, CatalogStageSet>();
  private readonly diagnostics: Diagnostic[] = [];
  private readonly files: string[] = [];
  private readonly hash = createHash('sha256');
  /** References to check once everything is loaded. */
  private readonly pending: (() => void)[] = [];

  private error(doc: SourceDocument, path: Path, message: string, hint?: string): void {
    this.diagnostics.push({ severity: 'error', file: doc.file, position: doc.locate(path), message, hint });
  }

  private unique<T>(map: Map<string, T>, id: string, value: T, what: string, doc: SourceDocument, path: Path): void {
    if (map.has(id)) {
      const first = (map.get(id) as { source?: { file: string; line: number } }).source;
      this.error(
        doc,
        path,
        `duplicate ${what} id "${id}"`,
        first ? `already defined at ${first.file}:${first.line}` : undefined,
      );
    } else map.set(id, value);
  }

  private facts(doc: SourceDocument, condition: Condition | undefined, path: Path): void {
    if (condition === undefined) return;
    for (const fact of factsIn(condition)) {
      if (!FACT_IDS.has(fact))
        this.error(
          doc,
          path,
          `unknown fact "${fact}"`,
          didYouMean(fact, FACT_IDS) ?? '`iotassure catalog facts` lists them',
        );
    }
  }

  /** `establishedBy` names properties of the subjects the control is put in place on (or of the whole system). */
  private properties(doc: SourceDocument, control: CatalogControl, path: Path): void {
    if (control.establishedBy === undefined) return;
    const level = control.implementedAt ?? 'organisation';
    const subject = level === 'organisation' ? 'system' : level;
    for (const id of factsIn(control.establishedBy)) {
      const property = PROPERTY_DEFINITIONS.get(id);
      if (!property) {
        this.error(doc, path, `unknown property "${id}"`, didYouMean(id, PROPERTY_DEFINITIONS.keys()));
      } else if (property.on !== subject && property.on !== 'system') {
        this.error(
          doc,
          path,
          `property "${id}" is about a ${property.on}, but the control is put in place per ${level}`,
          'use a property of the same kind of subject as `implementedAt`, or of the whole system',
        );
      }
    }
  }

  add(doc: SourceDocument, file: CatalogFile): void {
    this.files.push(doc.file);
    this.hash.update(doc.text);
    for (const section of ['requirements', 'productClasses', 'conformityRoutes'] as const) {
      if (file[section] && !file.framework) {
        this.error(doc, [section], `${section} need a \`framework:\` header in the same file`);
      }
    }
    if (file.framework) this.addFramework(doc, file);
    (file.controls ?? []).forEach((control, i) => {
      const path: Path = ['controls', i];
      this.unique(
        this.controls,
        control.id,
        {
          ...control,
          mappings: (control.mappings ?? []).map((m, j) => ({ ...m, source: doc.locate([...path, 'mappings', j]) })),
          source: doc.locate(path),
        },
        'control',
        doc,
        [...path, 'id'],
      );
      this.pending.push(() => this.checkControl(doc, control.id, path));
    });
    (file.mappings ?? []).forEach((extra, i) => {
      const { control: controlId, ...mapping } = extra;
      this.pending.push(() => {
        const control = this.controls.get(controlId);
        if (!control) {
          this.error(
            doc,
            ['mappings', i, 'control'],
            `unknown control "${controlId}"`,
            didYouMean(controlId, this.controls.keys()),
          );
          return;
        }
        control.mappings.push({ ...mapping, source: doc.locate(['mappings', i]) });
        this.checkTarget(doc, mapping.target, ['mappings', i, 'target']);
      });
    });
    (file.riskSources ?? []).forEach((rs, i) => {
      this.unique(this.riskSources, rs.id, { ...rs, source: doc.locate(['riskSources', i]) }, 'risk source', doc, [
        'riskSources',
        i,
        'id',
      ]);
      this.pending.push(() => {
        if (!this.frameworks.get(ISO_27400)?.requirements.has(rs.clause)) {
          this.error(doc, ['riskSources', i, 'clause'], `"${rs.clause}" is not a clause of ${ISO_27400}`);
        }
      });
    });
    (file.stageSets ?? []).forEach((set, i) => {
      this.unique(this.stageSets, set.id, { ...set, source: doc.locate(['stageSets', i]) }, 'stage set', doc, [
        'stageSets',
        i,
        'id',
      ]);
      this.pending.push(() => {
        const generic = this.genericStages();
        set.stages.forEach((stage, j) => {
          (stage.covers ?? []).forEach((covered, k) => {
            if (!generic.has(covered)) {
              this.error(
                doc,
                ['stageSets', i, 'stages', j, 'covers', k],
                `unknown stage "${covered}" of ${GENERIC_STAGE_SET}`,
                didYouMean(covered, generic),
              );
            }
          });
        });
      });
    });
  }

  private addFramework(doc: SourceDocument, file: CatalogFile): void {
    const header = file.framework!;
    const requirements = new Map<string, CatalogRequirement>();
    const framework: CatalogFramework = {
      ...header,
      requirements,
      productClasses: file.productClasses ?? [],
      conformityRoutes: file.conformityRoutes ?? [],
      source: doc.locate(['framework']),
    };
    this.unique(this.frameworks, header.id, framework, 'framework', doc, ['framework', 'id']);
    for (const [kind, defs] of [
      ['conditions', header.conditions],
      ['features', header.features],
    ] as const) {
      for (const [key, def] of Object.entries(defs ?? {})) this.facts(doc, def.when, ['framework', kind, key, 'when']);
    }
    (file.requirements ?? []).forEach((r, i) => {
      const path: Path = ['requirements', i];
      this.unique(
        requirements,
        r.id,
        { ...r, framework: header.id, ref: `${header.id}:${r.id}`, source: doc.locate(path) },
        `${header.id} requirement`,
        doc,
        [...path, 'id'],
      );
      this.facts(doc, r.appliesWhen, [...path, 'appliesWhen']);
      for (const [kind, list] of [
        ['conditions', r.conditions],
        ['features', r.features],
      ] as const) {
        (list ?? []).forEach((key, j) => {
          if (!header[kind]?.[key])
            this.error(doc, [...path, kind, j], `${kind.slice(0, -1)} "${key}" is not defined in the framework header`);
        });
      }
    });
    file.requirements?.forEach((r, i) => {
      if (r.parent !== undefined && !requirements.has(r.parent)) {
        this.error(
          doc,
          ['requirements', i, 'parent'],
          `unknown parent "${r.parent}"`,
          didYouMean(r.parent, requirements.keys()),
        );
      }
      this.checkTestStructure(doc, r, ['requirements', i], requirements);
    });
    this.checkSecurityLevels(doc, header, file.requirements ?? []);
    if (header.previousVersion !== undefined) {
      this.pending.push(() => this.checkReplaces(doc, header.previousVersion!, file.requirements ?? []));
    }
    const requirementIds: [string, Path][] = [
      ...(header.uncovered ?? []).map((u, i): [string, Path] => [u.id, ['framework', 'uncovered', i, 'id']]),
      ...(header.restrictions ?? []).flatMap((r, i) =>
        r.requirements.map((id, j): [string, Path] => [id, ['framework', 'restrictions', i, 'requirements', j]]),
      ),
    ];
    for (const [id, path] of requirementIds) {
      if (!requirements.has(id))
        this.error(doc, path, `unknown requirement "${id}"`, didYouMean(id, requirements.keys()));
    }
    (header.restrictions ?? []).forEach((r, i) => {
      this.facts(doc, r.relevantWhen, ['framework', 'restrictions', i, 'relevantWhen']);
    });
    (header.presumptionOf ?? []).forEach((ref, i) => {
      this.pending.push(() => this.checkTarget(doc, ref, ['framework', 'presumptionOf', i]));
    });
    this.checkProductClasses(doc, file);
  }

  /** Product class ids are unique, their facts exist, and every class a category names has its routes. */
  private checkProductClasses(doc: SourceDocument, file: CatalogFile): void {
    const seen = new Set<string>();
    (file.productClasses ?? []).forEach((c, i) => {
      if (seen.has(c.id)) this.error(doc, ['productClasses', i, 'id'], `duplicate product class id "${c.id}"`);
      seen.add(c.id);
      this.facts(doc, c.suggestedWhen, ['productClasses', i, 'suggestedWhen']);
    });
    const routed = new Set<string>();
    (file.conformityRoutes ?? []).forEach((r, i) => {
      if (routed.has(r.class))
        this.error(doc, ['conformityRoutes', i, 'class'], `conformity routes for "${r.class}" are listed twice`);
      routed.add(r.class);
    });
    (file.productClasses ?? []).forEach((c, i) => {
      if (file.conformityRoutes && !routed.has(c.class))
        this.error(
          doc,
          ['productClasses', i, 'class'],
          `no conformity routes for class "${c.class}"`,
          'add them under `conformityRoutes:`',
        );
    });
  }

  /**
   * A requirement's security level must be one the header declares, and an enhancement cannot be asked for at a lower
   * level than the requirement it enhances: selecting by a target level would otherwise pick the enhancement alone.
   */
  private checkSecurityLevels(
    doc: SourceDocument,
    header: NonNullable<CatalogFile['framework']>,
    requirements: NonNullable<CatalogFile['requirements']>,
  ): void {
    const declared = (header.securityLevels ?? []).map((l) => l.level);
    declared.forEach((level, i) => {
      if (declared.indexOf(level) !== i)
        this.error(doc, ['framework', 'securityLevels', i, 'level'], `security level ${level} is declared twice`);
    });
    const levelOf = new Map(requirements.map((r) => [r.id, r.securityLevel]));
    requirements.forEach((r, i) => {
      if (r.securityLevel === undefined) return;
      const path: Path = ['requirements', i, 'securityLevel'];
      if (declared.length === 0) {
        this.error(
          doc,
          path,
          `${header.id} declares no security levels`,
          'add `securityLevels:` to the framework header',
        );
      } else if (!declared.includes(r.securityLevel)) {
        this.error(doc, path, `security level ${r.securityLevel} is not declared`, `levels: ${declared.join(', ')}`);
      }
      const parentLevel = r.parent === undefined ? undefined : levelOf.get(r.parent);
      if (parentLevel !== undefined && r.securityLevel < parentLevel) {
        this.error(
          doc,
          path,
          `${r.id} is asked for from security level ${r.securityLevel}, below its parent ${r.parent} (level ${parentLevel})`,
          "an enhancement starts at its parent's level or higher",
        );
      }
    });
  }

  /**
   * Test frameworks (ETSI TS 103 701): a test group names the requirement it assesses and the inputs it needs; a
   * test case sits in a test group and says its test types and the checks that give evidence for it. The fields
   * belong to those kinds only, so a test case can always be traced to the requirement it assesses.
   */
  private checkTestStructure(
    doc: SourceDocument,
    r: Requirement,
    path: Path,
    requirements: ReadonlyMap<string, CatalogRequirement>,
  ): void {
    const misplaced = (field: keyof Requirement, kind: string) => {
      if (r[field] !== undefined && r.kind !== kind)
        this.error(doc, [...path, field], `\`${field}\` belongs to requirements of kind ${kind}`, `set kind: ${kind}`);
    };
    misplaced('tests', 'test-group');
    misplaced('inputs', 'test-group');
    misplaced('testTypes', 'test-case');
    misplaced('checks', 'test-case');
    if (r.kind === 'test-group') {
      if (r.tests === undefined)
        this.error(
          doc,
          path,
          `test group "${r.id}" does not say what it tests`,
          'add tests: framework-id:requirement-id',
        );
      else this.pending.push(() => this.checkTarget(doc, r.tests!, [...path, 'tests']));
    }
    (r.inputs ?? []).forEach((id, j) => {
      if (requirements.get(id)?.kind !== 'input')
        this.error(
          doc,
          [...path, 'inputs', j],
          `"${id}" is not an input (a requirement of kind input) of this framework`,
          didYouMean(
            id,
            [...requirements.values()].filter((q) => q.kind === 'input').map((q) => q.id),
          ),
        );
    });
    if (r.kind === 'test-case') {
      if (r.testTypes === undefined)
        this.error(doc, path, `test case "${r.id}" has no test type`, 'add testTypes: [conceptual] or [functional]');
      if (r.parent === undefined || requirements.get(r.parent)?.kind !== 'test-group')
        this.error(
          doc,
          [...path, 'parent'],
          `test case "${r.id}" must sit in a test group`,
          'set parent: to its test group',
        );
    }
  }

  private checkReplaces(doc: SourceDocument, previousId: string, requirements: { replaces?: string[] }[]): void {
    const previous = this.frameworks.get(previousId);
    if (!previous) {
      this.error(
        doc,
        ['framework', 'previousVersion'],
        `unknown framework "${previousId}"`,
        didYouMean(previousId, this.frameworks.keys()),
      );
      return;
    }
    requirements.forEach((r, i) => {
      (r.replaces ?? []).forEach((id, j) => {
        if (!previous.requirements.has(id)) {
          this.error(
            doc,
            ['requirements', i, 'replaces', j],
            `${previousId} has no requirement "${id}"`,
            didYouMean(id, previous.requirements.keys()),
          );
        }
      });
    });
  }

  private genericStages(): Set<string> {
    return new Set(this.stageSets.get(GENERIC_STAGE_SET)?.stages.map((s) => s.id) ?? []);
  }

  private checkTarget(doc: SourceDocument, target: string, path: Path): void {
    const colon = target.indexOf(':');
    const frameworkId = target.slice(0, colon);
    const framework = this.frameworks.get(frameworkId);
    if (!framework) {
      this.error(doc, path, `unknown framework "${frameworkId}"`, didYouMean(frameworkId, this.frameworks.keys()));
    } else if (!framework.requirements.has(target.slice(colon + 1))) {
      const id = target.slice(colon + 1);
      this.error(doc, path, `${frameworkId} has no requirement "${id}"`, didYouMean(id, framework.requirements.keys()));
    }
  }

  private checkControl(doc: SourceDocument, id: string, path: Path): void {
    const control = this.controls.get(id);
    if (!control || control.source.file !== doc.file) return; // a duplicate, already reported
    const clauses = this.frameworks.get(ISO_27400)?.requirements;
    if (!clauses?.has(control.clause.id)) {
      this.error(
        doc,
        [...path, 'clause', 'id'],
        `"${control.clause.id}" is not a clause of ${ISO_27400}`,
        clauses && didYouMean(control.clause.id, clauses.keys()),
      );
    } else if (!control.clause.id.startsWith(control.family)) {
      this.error(
        doc,
        [...path, 'clause', 'id'],
        `clause ${control.clause.id} is not in the control's family ${control.family}`,
      );
    }
    control.riskSources.forEach((rs, j) => {
      if (!this.riskSources.has(rs))
        this.error(
          doc,
          [...path, 'riskSources', j],
          `unknown risk source "${rs}"`,
          didYouMean(rs, this.riskSources.keys()),
        );
    });
    const generic = this.genericStages();
    control.stages.forEach((stage, j) => {
      if (!generic.has(stage))
        this.error(
          doc,
          [...path, 'stages', j],
          `unknown stage "${stage}"`,
          didYouMean(stage, generic) ?? `stages: ${[...generic].join(', ')}`,
        );
    });
    this.facts(doc, control.appliesWhen, [...path, 'appliesWhen']);
    this.properties(doc, control, [...path, 'establishedBy']);
    control.mappings.forEach((m, j) => {
      this.checkTarget(doc, m.target, [...path, 'mappings', j, 'target']);
    });
  }

  finish(): Catalog {
    for (const check of this.pending) check();
    if (!this.frameworks.has(ISO_27400))
      this.diagnostics.push({
        severity: 'error',
        file: 'catalog',
        message: `the ${ISO_27400} framework file is missing`,
      });
    if (!this.stageSets.has(GENERIC_STAGE_SET))
      this.diagnostics.push({
        severity: 'error',
        file: 'catalog',
        message: `the ${GENERIC_STAGE_SET} stage set is missing`,
      });
    if (this.diagnostics.length > 0) throw new InputError(sortDiagnostics(this.diagnostics));
    return new Catalog({
      frameworks: this.frameworks,
      controls: this.controls,
      riskSources: this.riskSources,
      stageSets: this.stageSets,
      files: this.files,
      digest: this.hash.digest('hex'),
    });
  }
}
