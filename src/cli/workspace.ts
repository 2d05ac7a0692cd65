/** Loading what a command works on: the model and the catalogs it and the command line ask for. */
import type { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/load.js';
import { projectFolders, resolveNamedPath } from '../input/read.js';
import { loadModelFile } from '../model/load.js';
import type { SystemModel } from '../model/types.js';

export interface WorkspaceOptions {
  /** catalog files or folders named on the command line */
  catalogs?: readonly string[];
  /** folders besides the model's own that the files the model names may be in (--allow-path) */
  allowPaths?: readonly string[];
}

/**
 * Paths stay as the user typed them, so messages and reports name files the way the user knows them. The catalogs a
 * model names must be inside its folder or an allowed one; those on the command line are the user's own choice.
 */
export function loadWorkspace(
  modelPath: string,
  options: WorkspaceOptions = {},
): { model: SystemModel; catalog: Catalog } {
  const model = loadModelFile(modelPath);
  const folders = projectFolders(modelPath, options.allowPaths);
  const named = model.catalogs.map((path, i) =>
    resolveNamedPath(path, folders, {
      file: model.file,
      position: model.locate(['catalogs', i]),
      path: `catalogs[${i}]`,
    }),
  );
  const catalog = loadCatalog([...named, ...(options.catalogs ?? [])], folders.roots);
  return { model, catalog };
}
