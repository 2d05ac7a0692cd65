/**
 * NIST OSCAL 1.2.1 (JSON): three documents that GRC tools can import.
 *
 * - `oscal-catalog.json`: our control catalog. One group per ISO/IEC 27400 control family (7.1.2, 7.1.3, 7.2.2,
 *   7.2.3); each control has a statement, its guidance per stakeholder, an assessment objective and assessment
 *   methods, and props in our namespace (stakeholder, stage, domain, iso-27400-clause, clause-confidence…).
 * - `oscal-mapping.json`: the catalog's mappings as a mapping-collection, one mapping per target framework, read
 *   from the control to the requirement (equal → equal-to, subset → subset-of, superset → superset-of,
 *   intersects → intersects-with).
 * - `oscal-assessment-results.json`: one result with observations (the evidence), findings (one per applicable
 *   control, satisfied or not) and risks (with likelihood and impact characterizations).
 *
 * Every UUID is a version-5 UUID of a fixed iotassure namespace and a name built from ids, so the output is the same
 * from run to run and the same object keeps its UUID across revisions. A document's own UUID is derived from its
 * content, as OSCAL asks that it change when the document does.
 */
import { prettyJsonFile } from './json-text.js';
import { renderOscalAssessmentResults } from './oscal/assessment-results.js';
import { renderOscalCatalog } from './oscal/catalog.js';
import { renderOscalMapping } from './oscal/mapping.js';
import type { RenderContext, Renderer } from './renderer.js';

export { renderOscalAssessmentResults } from './oscal/assessment-results.js';
export { renderOscalCatalog } from './oscal/catalog.js';
export {
  OSCAL_NS,
  oscalId,
  oscalUuid,
  uuidV5,
} from './oscal/common.js';
export { OSCAL_RELATIONSHIPS, renderOscalMapping } from './oscal/mapping.js';

/**
 * The depth of the items of a result's lists (observations, risks, findings), written one per line: at 10 000
 * elements the file is 55 instead of 106 MB. The catalog and the mapping stay indented throughout, for reading.
 */
const RESULT_ITEMS = 5;

export const oscalRenderer: Renderer = {
  format: 'oscal',
  description: 'NIST OSCAL 1.2.1: the control catalog, its mappings (mapping-collection) and the assessment results',
  render(assessment, context: RenderContext = {}) {
    const catalog = context.catalog;
    if (!catalog) throw new Error('internal: the oscal format needs the catalog in its render context');
    const options = { date: assessment.date, version: assessment.tool.version };
    return [
      { name: 'oscal-catalog.json', content: prettyJsonFile(() => renderOscalCatalog(catalog, options)) },
      { name: 'oscal-mapping.json', content: prettyJsonFile(() => renderOscalMapping(catalog, options)) },
      {
        name: 'oscal-assessment-results.json',
        content: prettyJsonFile(() => renderOscalAssessmentResults(assessment, context.shared), RESULT_ITEMS),
      },
    ];
  },
};
