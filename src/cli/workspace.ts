/** Loading what a command works on: the model, and the catalogs and rules it and the command line ask for. */
import type { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/load.js';
import { hashEvidenceFiles } from '../evidence/files.js';
import { type ProjectFolders, projectFolders, resolveNamedPath } from '../input/read.js';
import { loadModelFile } from '../model/load.js';
import type { SystemModel } from '../model/types.js';
import { RULES } from '../rules/index.js';
import type { RiskRule } from '../rules/rule.js';
import { loadUserRules } from '../rules/user-rules.js';

export interface WorkspaceOptions {
  /** catalog files or folders named on the command line */
  catalogs?: readonly string[];
  /** rules files named on the command line (--rules) */
  rules?: readonly string[];
  /** folders besides the model's own that the files the model names may be in (--allow-path) */
  allowPaths?: readonly string[];
}

/**
 * Paths stay as the user typed them, so messages and reports name files the way the user knows them. The catalogs and
 * rules files a model names must be inside its folder or an allowed one; those on the command line are the user's own
 * choice. `rules` are the built-in rules followed by the user's.
 */
export function loadWorkspace(
  modelPath: string,
  options: WorkspaceOptions = {},
): { model: SystemModel; catalog: Catalog; rules: readonly RiskRule[] } {
  const model = loadModelFile(modelPath);
  const folders = projectFolders(modelPath, options.allowPaths);
  const named = (key: 'catalogs' | 'rules') => model[key].map((path, i) => namedPath(model, folders, key, path, i));
  const catalog = loadCatalog([...named('catalogs'), ...(options.catalogs ?? [])], folders.roots);
  hashEvidenceFiles(model, folders);
  const userRules = loadUserRules(
    [
      ...named('rules').map((path, i) => ({ path, named: model.rules[i]! })),
      ...(options.rules ?? []).map((path) => ({ path, named: path })),
    ],
    catalog,
    RULES,
  );
  return { model, catalog, rules: [...RULES, ...userRules] };
}

function namedPath(model: SystemModel, folders: ProjectFolders, key: string, path: string, i: number): string {
  return resolveNamedPath(path, folders, { file: model.file, position: model.locate([key, i]), path: `${key}[${i}]` });
}
