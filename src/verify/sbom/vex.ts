/**
 * VEX in and out. In: analysis states from a CycloneDX VEX document (`vulnerabilities.vex`) and from the targets
 * file (`vulnerabilities.analysis`), which apply to the matches over the SBOM's own `vulnerabilities[]`. Out: a
 * CycloneDX 1.6 VEX document of every match SBOM-02 saw — the vulnerability, its source, ratings, the fixed version,
 * the component it affects (a BOM-Link into a CycloneDX SBOM with a serial number, else the component itself in the
 * document) and the analysis: the deciding statement's, or in_triage where nobody has analysed it yet. The CRA asks
 * manufacturers to handle and document vulnerabilities; this is the document that work starts from.
 */
import { randomUUID } from 'node:crypto';
import type { VulnerabilityAnalysis } from '../../model/verification.js';
import { uriComponent } from '../../util/unicode.js';
import type { ComponentResult, MatchReport, Severity, VulnerabilityMatch } from './match.js';
import { readSbom, type Sbom, type SbomComponent, type VexStatement } from './sbom.js';

/** The targets file's analyses as VEX statements; `where` names the file for the evidence. */
export function analysisStatements(entries: readonly VulnerabilityAnalysis[], where: string): VexStatement[] {
  return entries.map((entry, i) => ({
    id: entry.id,
    aliases: [],
    refs: entry.component ? [entry.component] : [],
    origin: 'targets' as const,
    path: `${where} vulnerabilities.analysis[${i}]`,
    state: entry.state,
    ...(entry.justification && { justification: entry.justification }),
    ...(entry.response && { response: [...entry.response] }),
    ...(entry.detail && { detail: entry.detail }),
  }));
}

/** The statements of a CycloneDX VEX document (an InputError when it cannot be read or is no CycloneDX). */
export function vexDocumentStatements(file: string): VexStatement[] {
  const document = readSbom(file);
  return document.vex.map((s) => ({ ...s, origin: 'vex' as const, path: `${file} ${s.path}` }));
}

type CdxObject = Record<string, unknown>;

/** CycloneDX rating methods for OSV severity sources. */
function rating(severity: Severity): CdxObject {
  const method =
    severity.source === 'CVSS_V4'
      ? 'CVSSv4'
      : severity.source === 'CVSS_V3'
        ? /^CVSS:3\.0\//.test(severity.vector ?? '')
          ? 'CVSSv3'
          : 'CVSSv31'
        : severity.source === 'CVSS_V2'
          ? 'CVSSv2'
          : 'other';
  return {
    severity: severity.rating,
    ...(severity.score !== undefined && { score: severity.score }),
    ...(method !== 'other' && severity.vector && { vector: severity.vector }),
    method,
  };
}

/** The analysis a match carries: the deciding statement's, else in_triage (matched, not yet analysed). */
function analysis(m: VulnerabilityMatch): CdxObject {
  const s = m.suppressed ?? m.vex;
  if (!s || s.state === '(no analysis state)') {
    return { state: 'in_triage', detail: 'matched by iotassure against the OSV database; not yet analysed' };
  }
  return {
    state: s.state,
    ...(s.justification && { justification: s.justification }),
    ...(s.response && { response: s.response }),
    detail: [
      s.detail,
      `from ${s.origin === 'targets' ? 'the targets file' : s.origin === 'vex' ? 'the VEX document' : 'the SBOM'} (${s.path})`,
    ]
      .filter(Boolean)
      .join('; '),
  };
}

export interface VexOptions {
  tool: { name: string; version: string };
  /** ISO timestamp of the document (default now) */
  timestamp?: string;
}

/** A CycloneDX 1.6 VEX document of every match in the report, suppressed ones included. */
export function vexDocument(sbom: Sbom, report: MatchReport, options: VexOptions): CdxObject {
  const bomLink =
    sbom.format === 'CycloneDX' && sbom.serialNumber
      ? (c: SbomComponent) =>
          `urn:cdx:${sbom.serialNumber!.replace(/^urn:uuid:/, '')}/${sbom.bomVersion ?? 1}#${uriComponent(c.ref)}`
      : undefined;
  const embedded = new Map<string, CdxObject>();
  const vulnerabilities: CdxObject[] = [];
  const affected = report.components.filter((c): c is ComponentResult & { version: string } => c.matches.length > 0);
  for (const c of affected) {
    const component = c.component;
    if (!bomLink && !embedded.has(component.ref)) {
      embedded.set(component.ref, {
        type: 'library',
        'bom-ref': component.ref,
        name: component.name,
        ...(component.version && { version: component.version }),
        ...(component.purl && { purl: component.purl }),
      });
    }
    for (const m of c.matches) {
      vulnerabilities.push({
        'bom-ref': `${m.id}@${component.ref}`,
        id: m.id,
        source: { name: 'OSV', url: `https://osv.dev/vulnerability/${uriComponent(m.id)}` },
        ...(m.aliases.length > 0 && { references: m.aliases.map((id) => ({ id, source: { name: 'OSV alias' } })) }),
        ratings: [rating(m.severity)],
        ...(m.summary && { description: m.summary }),
        ...(m.fixed && { recommendation: `upgrade ${m.package} to ${m.fixed} or later` }),
        affects: [
          {
            ref: bomLink ? bomLink(component) : component.ref,
            versions: [{ version: c.version, status: 'affected' }],
          },
        ],
        analysis: analysis(m),
      });
    }
  }
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: options.timestamp ?? new Date().toISOString(),
      tools: { components: [{ type: 'application', name: options.tool.name, version: options.tool.version }] },
      properties: [
        { name: 'iotassure:sbom', value: report.sbom.file },
        { name: 'iotassure:osv-database', value: report.database.source },
      ],
    },
    ...(embedded.size > 0 && { components: [...embedded.values()] }),
    vulnerabilities,
  };
}
