/** The catalog's mappings as an OSCAL mapping-collection, one mapping per target framework. */
import {
  type Catalog,
  type CatalogControl,
  type CatalogFramework,
  type CatalogMapping,
  frameworkName,
} from '../../catalog/catalog.js';
import { RELATIONSHIPS, type Relationship } from '../../catalog/vocabulary.js';
import { getOrCreate } from '../../util/maps.js';
import { TOOL_VERSION } from '../../util/version.js';
import { jsonDigest } from '../json-text.js';
import {
  metadata,
  type OscalOptions,
  oscalId,
  oscalUuid,
  prop,
  today,
  uriReference,
  withContentUuid,
} from './common.js';

/** Our relationships in OSCAL's words (NIST IR 8477 set theory). */
export const OSCAL_RELATIONSHIPS: Readonly<Record<Relationship, string>> = {
  equal: 'equal-to',
  subset: 'subset-of',
  superset: 'superset-of',
  intersects: 'intersects-with',
  // OSCAL has no word for a control owed by another party; the mapping's remarks say it never counts as support.
  complementary: 'intersects-with',
};

function mappingStatus(catalog: Catalog, framework: CatalogFramework): 'complete' | 'not-complete' | 'draft' {
  if (framework.confidence === 'placeholder') return 'draft';
  const uncovered = new Set((framework.uncovered ?? []).map((u) => u.id));
  const open = catalog
    .assessableRequirements(framework.id)
    .filter((r) => !uncovered.has(r.id) && catalog.controlsFor(r.ref).length === 0);
  return open.length === 0 ? 'complete' : 'not-complete';
}

/** The catalog's mappings as an OSCAL mapping-collection, one mapping per target framework. */
export function renderOscalMapping(catalog: Catalog, options: OscalOptions = {}) {
  const controls = [...catalog.controls.values()].sort((a, b) => a.id.localeCompare(b.id));
  const byFramework = new Map<string, { control: CatalogControl; mapping: CatalogMapping }[]>();
  for (const control of controls) {
    const seen = new Set<string>();
    for (const mapping of catalog.mappingsOf(control)) {
      const key = `${mapping.target}|${mapping.relationship}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const framework = mapping.target.slice(0, mapping.target.indexOf(':'));
      getOrCreate(byFramework, framework, () => []).push({ control, mapping });
    }
  }
  const mappings = [...byFramework.keys()].sort().flatMap((frameworkId) => {
    const framework = catalog.frameworks.get(frameworkId);
    if (!framework) return [];
    const status = mappingStatus(catalog, framework);
    const uncovered = framework.uncovered ?? [];
    const href = (framework.url && uriReference(framework.url)) || `urn:iotassure:framework:${framework.id}`;
    return [
      {
        uuid: oscalUuid('mapping', framework.id),
        method: 'human',
        'matching-rationale': 'semantic',
        status,
        'source-resource': {
          type: 'catalog',
          href: 'oscal-catalog.json',
          props: [prop('catalog', 'iotassure')],
        },
        'target-resource': {
          type: 'catalog',
          href,
          props: [
            prop('framework-id', framework.id),
            prop('framework-version', framework.version),
            prop('publisher', framework.publisher),
          ],
          remarks:
            `${frameworkName(framework)}. Not an OSCAL document: target ids are the framework's own ` +
            'requirement, provision or clause numbers.',
        },
        'mapping-description': `iotassure controls → ${framework.title} ${framework.version}`,
        'confidence-score': { category: framework.confidence },
        maps: byFramework.get(frameworkId)!.map(({ control, mapping }) => ({
          uuid: oscalUuid('map', control.id, mapping.target, mapping.relationship),
          relationship: OSCAL_RELATIONSHIPS[mapping.relationship],
          sources: [{ type: 'control', 'id-ref': oscalId(control.id) }],
          targets: [{ type: 'control', 'id-ref': mapping.target.slice(frameworkId.length + 1) }],
          ...(mapping.confidence ? { 'confidence-score': { category: mapping.confidence } } : {}),
          ...(mapping.basis ? { props: [prop('basis', mapping.basis)] } : {}),
          ...(mapping.rationale ? { remarks: mapping.rationale.trim() } : {}),
        })),
        ...(uncovered.length > 0
          ? {
              remarks: `Requirements deliberately left without a control: ${uncovered
                .map((u) => `${u.id} (${u.reason.trim()})`)
                .join('; ')}`,
            }
          : {}),
      },
    ];
  });
  const statuses = new Set(mappings.map((m) => m.status));
  const body = {
    metadata: metadata(
      'iotassure control mappings: ISO/IEC 27400 controls to EN 303 645, NIST IR 8259, EU CRA, UK PSTI, OWASP and more',
      options.date ?? today(),
      options.version ?? TOOL_VERSION,
    ),
    provenance: {
      method: 'human',
      'matching-rationale': 'semantic',
      status: statuses.has('draft') ? 'draft' : statuses.has('not-complete') ? 'not-complete' : 'complete',
      'mapping-description':
        'Each iotassure control mapped by people to the requirements it helps meet, read from the control to the ' +
        `requirement: ${Object.entries(RELATIONSHIPS)
          .map(([r, text]) => `${OSCAL_RELATIONSHIPS[r as Relationship]} — ${text}`)
          .join('; ')}. Links to ISO/IEC 27400 clauses are subset-of: a clause is met by several controls together.`,
    },
    mappings,
  };
  return {
    'mapping-collection': withContentUuid(
      'mapping-collection',
      body,
      jsonDigest([body.metadata.version, body.provenance, mappings]),
    ),
  };
}
