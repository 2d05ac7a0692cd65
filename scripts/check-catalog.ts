// Loads the built-in catalog (plus any paths given) and prints every problem; exit 0 when it is sound.
import { loadCatalog } from '../src/catalog/load.js';
import { formatDiagnostic, InputError } from '../src/util/diagnostics.js';

try {
  const catalog = loadCatalog(process.argv.slice(2));
  const requirements = [...catalog.frameworks.values()].reduce((n, f) => n + f.requirements.size, 0);
  console.log(
    `catalog ok: ${catalog.frameworks.size} frameworks, ${requirements} requirements, ${catalog.controls.size} controls, ${catalog.riskSources.size} risk sources`,
  );
} catch (error) {
  if (!(error instanceof InputError)) throw error;
  for (const d of error.diagnostics) console.error(formatDiagnostic(d));
  console.error(`${error.diagnostics.length} problem(s)`);
  process.exit(2);
}
