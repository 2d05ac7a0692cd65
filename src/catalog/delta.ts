/**
 * What changed between two versions of a framework (e.g. ETSI EN 303 645 V2.1.1 → V3.1.3), from the newer version's
 * `replaces` links: so a team that met the earlier version sees what the newer one asks in addition.
 */

import { getOrCreate } from '../util/maps.js';
import type { Catalog, CatalogRequirement } from './catalog.js';

export interface VersionDelta {
  from: string;
  to: string;
  /** in the new version only */
  added: CatalogRequirement[];
  /** an earlier requirement renumbered or split into these */
  replaced: { previous: string[]; current: CatalogRequirement[] }[];
  /** same id, different status (mandatory / recommended) */
  statusChanged: { requirement: CatalogRequirement; previousStatus: string }[];
  /** earlier ids that nothing in the new version keeps or replaces */
  removed: CatalogRequirement[];
  /** same id and status */
  unchanged: number;
}

export function versionDelta(catalog: Catalog, frameworkId: string): VersionDelta | undefined {
  const current = catalog.frameworks.get(frameworkId);
  const previous = current?.previousVersion ? catalog.frameworks.get(current.previousVersion) : undefined;
  if (!current || !previous) return undefined;
  const assessable = (r: CatalogRequirement) => r.status === 'mandatory' || r.status === 'recommended';
  const now = [...current.requirements.values()].filter(assessable);
  const before = [...previous.requirements.values()].filter(assessable);

  const replacedBy = new Map<string, CatalogRequirement[]>();
  for (const r of now) for (const old of r.replaces ?? []) getOrCreate(replacedBy, old, () => []).push(r);
  const groups = new Map<string, { previous: string[]; current: CatalogRequirement[] }>();
  for (const [old, parts] of replacedBy) {
    const key = parts.map((p) => p.id).join(',');
    const group = groups.get(key) ?? { previous: [], current: parts };
    group.previous.push(old);
    groups.set(key, group);
  }

  const kept = now.filter((r) => !r.replaces && previous.requirements.has(r.id));
  return {
    from: previous.id,
    to: current.id,
    added: now.filter((r) => !r.replaces && !previous.requirements.has(r.id)),
    replaced: [...groups.values()],
    statusChanged: kept
      .filter((r) => previous.requirements.get(r.id)!.status !== r.status)
      .map((r) => ({ requirement: r, previousStatus: previous.requirements.get(r.id)!.status! })),
    removed: before.filter((r) => !current.requirements.has(r.id) && !replacedBy.has(r.id)),
    unchanged: kept.filter((r) => previous.requirements.get(r.id)!.status === r.status).length,
  };
}
