/** Loading what a command works on: the model and the catalogs it and the command line ask for. */
import type { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/load.js';
import { loadModelFile } from '../model/load.js';
import type { SystemModel } from '../model/types.js';

/** Paths stay as the user typed them, so messages and reports name files the way the user knows them. */
export function loadWorkspace(modelPath: string, extraCatalogs: string[]): { model: SystemModel; catalog: Catalog } {
  const model = loadModelFile(modelPath);
  const catalog = loadCatalog([...model.catalogs, ...extraCatalogs]);
  return { model, catalog };
}
