/**
 * Reads an SBOM into the components and VEX statements the matcher needs.
 *
 * - CycloneDX JSON 1.2–1.6: nested `components[]`, `metadata.component`, `purl`, `cpe`, `version`, `type`, `bom-ref`,
 *   and `vulnerabilities[]` as VEX (analysis state, justification, response, detail; `affects[].ref`).
 *   1.6 documents are validated against the vendored official schema (schemas/bom-1.6.schema.json) with ajv, by a
 *   validator generated at build time (cdx16-validator.ts); older ones are checked structurally (zod) on the fields
 *   iotassure uses, because their schemas are not vendored.
 * - SPDX JSON 2.2/2.3: `packages[]` (name, versionInfo, externalRefs with category PACKAGE-MANAGER or
 *   PACKAGE_MANAGER and type purl; SECURITY cpe23Type/cpe22Type), the described packages as the subject. Checked
 *   structurally (zod).
 *
 * A file that is not JSON, not an SBOM, too large or too deeply nested gives an InputError naming the file. A
 * document that is an SBOM but breaks its schema is still read, and its problems are listed in `errors` (SBOM-01
 * fails on them).
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { z } from 'zod';
import { parseJson } from '../../input/json.js';
import { readInput } from '../../input/read.js';
import { formatPath, inputError } from '../../util/diagnostics.js';
import { cycloneDx16Validator } from './cdx16-validator.js';

export interface SbomComponent {
  /** bom-ref (CycloneDX) or SPDXID (SPDX); a document path when the SBOM gives none */
  ref: string;
  name: string;
  version?: string;
  /** CycloneDX type (library, firmware, operating-system…) or SPDX primaryPackagePurpose */
  type?: string;
  purl?: string;
  cpe?: string;
  /** where the component is in the document, e.g. components[3].components[0] */
  path: string;
  /** the product the SBOM describes (CycloneDX metadata.component, SPDX documentDescribes) */
  subject?: boolean;
}

/**
 * A CycloneDX `vulnerabilities[]` entry used as VEX — from the SBOM itself, from a VEX document, or an analysis the
 * targets file states. Where they disagree, the targets file wins over the VEX document, and that over the SBOM.
 */
export interface VexStatement {
  /** the vulnerability id the SBOM names (CVE-…, GHSA-…, GO-…) */
  id: string;
  /** other ids it gives in references[] */
  aliases: string[];
  /** the bom-refs (BOM-Link fragments resolved) or purls it speaks about; empty means every component */
  refs: string[];
  origin: 'targets' | 'vex' | 'sbom';
  state?: string;
  justification?: string;
  response?: string[];
  detail?: string;
  path: string;
}

export interface Sbom {
  file: string;
  format: 'CycloneDX' | 'SPDX';
  specVersion: string;
  /** how the document was validated: against the official schema, or structurally on the fields used */
  validation: 'schema' | 'structural';
  /** schema or structure violations; empty when valid */
  errors: string[];
  /** remarks that are not errors (e.g. a version validated only structurally) */
  notes: string[];
  components: SbomComponent[];
  vex: VexStatement[];
  /** the operating system the SBOM names (a CycloneDX operating-system component), for deb/apk purls without distro */
  distro?: { name: string; version: string };
  /** CycloneDX serialNumber and version: what a BOM-Link to one of its components names */
  serialNumber?: string;
  bomVersion?: number;
}

export interface SbomReadOptions {
  /** largest file accepted (default 256 MiB) */
  maxBytes?: number;
  /** deepest nesting of JSON arrays and objects (default 200) */
  maxDepth?: number;
}

const DEFAULTS = { maxBytes: 256 * 1024 * 1024, maxDepth: 200 };
const MAX_ERRORS = 50;

/** Reads and parses an SBOM file. */
export function readSbom(file: string, options: SbomReadOptions = {}): Sbom {
  const limits = { ...DEFAULTS, ...options };
  return parseSbom(readInput(file, limits.maxBytes, 'SBOM').toString('utf8'), file, limits);
}

/** Parses SBOM text; `file` names it in messages. */
export function parseSbom(text: string, file: string, options: SbomReadOptions = {}): Sbom {
  const limits = { ...DEFAULTS, ...options };
  if (text.length > limits.maxBytes) throw inputError(file, `the SBOM is larger than ${limits.maxBytes} bytes`);
  const value = parseJson(
    file,
    text,
    'the SBOM',
    /^\s*</.test(text)
      ? 'XML SBOMs are not read; export CycloneDX or SPDX as JSON'
      : 'give a CycloneDX (1.2–1.6) or SPDX (2.2/2.3) JSON document',
  );
  const depth = jsonDepth(value, limits.maxDepth);
  if (depth > limits.maxDepth) throw inputError(file, `the SBOM nests deeper than ${limits.maxDepth} levels`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw inputError(file, `the SBOM must be a JSON object, found ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  const doc = value as Record<string, unknown>;
  if (doc.bomFormat === 'CycloneDX') return readCycloneDx(doc, file);
  if (typeof doc.spdxVersion === 'string') return readSpdx(doc, file);
  if ('@context' in doc && JSON.stringify(doc['@context']).includes('spdx')) {
    throw inputError(file, 'SPDX 3 (JSON-LD) SBOMs are not supported yet', { hint: 'export SPDX 2.3 JSON' });
  }
  throw inputError(file, 'not a CycloneDX or SPDX JSON document (no "bomFormat": "CycloneDX" and no "spdxVersion")');
}

/** Depth of nested arrays and objects, counted without recursion; stops counting past `limit`. */
export function jsonDepth(value: unknown, limit: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
    }
  }
  return max;
}

// ---------------------------------------------------------------------------------------------------------------
// CycloneDX
// ---------------------------------------------------------------------------------------------------------------

/** What iotassure reads from a CycloneDX component, checked for documents without a vendored schema. */
const CdxComponent: z.ZodType = z.lazy(() =>
  z.looseObject({
    type: z.string(),
    name: z.string(),
    version: z.string().optional(),
    'bom-ref': z.string().optional(),
    purl: z.string().optional(),
    cpe: z.string().optional(),
    components: z.array(CdxComponent).optional(),
  }),
);

const CdxStructure = z.looseObject({
  bomFormat: z.literal('CycloneDX'),
  specVersion: z.string(),
  metadata: z.looseObject({ component: CdxComponent.optional() }).optional(),
  components: z.array(CdxComponent).optional(),
  vulnerabilities: z
    .array(
      z.looseObject({
        id: z.string().optional(),
        'bom-ref': z.string().optional(),
        references: z.array(z.looseObject({ id: z.string() })).optional(),
        analysis: z
          .looseObject({
            state: z.string().optional(),
            justification: z.string().optional(),
            response: z.array(z.string()).optional(),
            detail: z.string().optional(),
          })
          .optional(),
        affects: z.array(z.looseObject({ ref: z.string() })).optional(),
      }),
    )
    .optional(),
});

let cdx16: ValidateFunction | undefined;

/** What is wrong with a CycloneDX 1.6 document by the official schema (empty when it validates). */
export function cycloneDx16Errors(doc: unknown): string[] {
  const validate = cycloneDx16();
  return validate(doc) ? [] : ajvErrors(validate.errors);
}

/** The CycloneDX 1.6 validator, made once, when the first 1.6 document is read (cdx16-validator.ts). */
function cycloneDx16(): ValidateFunction {
  cdx16 ??= cycloneDx16Validator().validate;
  return cdx16;
}

function ajvErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).slice(0, MAX_ERRORS).map((e) => {
    const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(document)';
    if (e.keyword === 'x-unique-items') return `${where}: must NOT have duplicate items`;
    const extra =
      e.keyword === 'additionalProperties'
        ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"`
        : e.keyword === 'enum'
          ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`
          : '';
    return `${where}: ${e.message ?? e.keyword}${extra}`;
  });
}

function zodErrors(error: z.ZodError): string[] {
  return error.issues
    .slice(0, MAX_ERRORS)
    .map((i) => `${formatPath(i.path as PropertyKey[]) || '(document)'}: ${i.message}`);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function readCycloneDx(doc: Record<string, unknown>, file: string): Sbom {
  const specVersion = typeof doc.specVersion === 'string' ? doc.specVersion : '';
  const sbom: Sbom = {
    file,
    format: 'CycloneDX',
    specVersion,
    validation: 'structural',
    errors: [],
    notes: [],
    components: [],
    vex: [],
    ...(str(doc.serialNumber) && { serialNumber: str(doc.serialNumber) }),
    ...(typeof doc.version === 'number' && { bomVersion: doc.version }),
  };
  if (specVersion === '1.6') {
    const validate = cycloneDx16();
    sbom.validation = 'schema';
    if (!validate(doc)) sbom.errors.push(...ajvErrors(validate.errors));
  } else {
    const result = CdxStructure.safeParse(doc);
    if (!result.success) sbom.errors.push(...zodErrors(result.error));
    if (['1.2', '1.3', '1.4', '1.5'].includes(specVersion)) {
      sbom.notes.push(
        `CycloneDX ${specVersion} is checked structurally on the fields iotassure reads (its schema is not vendored; only 1.6 is validated against the official schema)`,
      );
    } else {
      sbom.notes.push(
        `CycloneDX specVersion "${specVersion}" is not one iotassure knows (1.2–1.6); read as far as its fields allow`,
      );
    }
  }

  // walk metadata.component and components[] (and their nested components) without recursion
  const stack: [unknown, string, boolean][] = [];
  const metadata = doc.metadata as Record<string, unknown> | undefined;
  const list = Array.isArray(doc.components) ? doc.components : [];
  for (let i = list.length - 1; i >= 0; i--) stack.push([list[i], `components[${i}]`, false]);
  if (metadata && typeof metadata === 'object' && metadata.component) {
    stack.push([metadata.component, 'metadata.component', true]);
  }
  const seenRefs = new Set<string>();
  while (stack.length > 0) {
    const [c, path, subject] = stack.pop()!;
    if (c === null || typeof c !== 'object') continue;
    const o = c as Record<string, unknown>;
    const name = str(o.name) ?? str(o.purl) ?? path;
    let ref = str(o['bom-ref']) ?? path;
    if (seenRefs.has(ref)) ref = `${ref}@${path}`;
    seenRefs.add(ref);
    const component: SbomComponent = { ref, name, path };
    const version = str(o.version);
    if (version) component.version = version;
    if (str(o.type)) component.type = o.type as string;
    if (str(o.purl)) component.purl = (o.purl as string).trim();
    if (str(o.cpe)) component.cpe = (o.cpe as string).trim();
    if (subject) component.subject = true;
    sbom.components.push(component);
    if (component.type === 'operating-system' && version && !sbom.distro) {
      sbom.distro = { name: name.toLowerCase(), version };
    }
    if (Array.isArray(o.components)) {
      for (let i = o.components.length - 1; i >= 0; i--) {
        stack.push([o.components[i], `${path}.components[${i}]`, false]);
      }
    }
  }

  const vulnerabilities = Array.isArray(doc.vulnerabilities) ? doc.vulnerabilities : [];
  vulnerabilities.forEach((v: unknown, i) => {
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const id = str(o.id);
    if (!id) return;
    const analysis = (o.analysis ?? {}) as Record<string, unknown>;
    const references = Array.isArray(o.references) ? o.references : [];
    const affects = Array.isArray(o.affects) ? o.affects : [];
    const statement: VexStatement = {
      id,
      aliases: references.map((r: { id?: unknown }) => str(r?.id)).filter((x): x is string => x !== undefined),
      refs: affects
        .map((a: { ref?: unknown }) => str(a?.ref))
        .filter((x): x is string => x !== undefined)
        .map(bomLinkFragment),
      origin: 'sbom',
      path: `vulnerabilities[${i}]`,
    };
    if (str(analysis.state)) statement.state = analysis.state as string;
    if (str(analysis.justification)) statement.justification = analysis.justification as string;
    if (str(analysis.detail)) statement.detail = analysis.detail as string;
    if (Array.isArray(analysis.response)) statement.response = analysis.response.filter((r) => typeof r === 'string');
    sbom.vex.push(statement);
  });
  return sbom;
}

/** A BOM-Link (urn:cdx:serial/version#bom-ref) names the component by its fragment; plain refs stay as they are. */
function bomLinkFragment(ref: string): string {
  if (!ref.startsWith('urn:cdx:')) return ref;
  const hash = ref.indexOf('#');
  if (hash === -1) return ref;
  try {
    return decodeURIComponent(ref.slice(hash + 1));
  } catch {
    return ref.slice(hash + 1);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// SPDX 2.x
// ---------------------------------------------------------------------------------------------------------------

const SpdxStructure = z.looseObject({
  spdxVersion: z.string().regex(/^SPDX-2\.\d$/, 'expected SPDX-2.2 or SPDX-2.3'),
  SPDXID: z.string(),
  name: z.string(),
  documentNamespace: z.string(),
  dataLicense: z.string(),
  creationInfo: z.looseObject({ created: z.string(), creators: z.array(z.string()).min(1) }),
  documentDescribes: z.array(z.string()).optional(),
  packages: z
    .array(
      z.looseObject({
        SPDXID: z.string(),
        name: z.string(),
        versionInfo: z.string().optional(),
        primaryPackagePurpose: z.string().optional(),
        externalRefs: z
          .array(
            z.looseObject({
              referenceCategory: z.string(),
              referenceType: z.string(),
              referenceLocator: z.string(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
  relationships: z
    .array(z.looseObject({ spdxElementId: z.string(), relationshipType: z.string(), relatedSpdxElement: z.string() }))
    .optional(),
});

function readSpdx(doc: Record<string, unknown>, file: string): Sbom {
  const specVersion = doc.spdxVersion as string;
  const sbom: Sbom = {
    file,
    format: 'SPDX',
    specVersion,
    validation: 'structural',
    errors: [],
    notes: ['SPDX 2.x JSON is checked structurally on the fields iotassure reads (no SPDX 2 schema is vendored)'],
    components: [],
    vex: [],
  };
  const result = SpdxStructure.safeParse(doc);
  if (!result.success) sbom.errors.push(...zodErrors(result.error));
  if (!['SPDX-2.2', 'SPDX-2.3'].includes(specVersion) && /^SPDX-2\.\d$/.test(specVersion)) {
    sbom.notes.push(`${specVersion} is read like SPDX 2.3; only 2.2 and 2.3 are supported`);
  }

  const describes = new Set<string>(Array.isArray(doc.documentDescribes) ? doc.documentDescribes : []);
  for (const r of Array.isArray(doc.relationships) ? doc.relationships : []) {
    if (
      r?.relationshipType === 'DESCRIBES' &&
      r.spdxElementId === doc.SPDXID &&
      typeof r.relatedSpdxElement === 'string'
    )
      describes.add(r.relatedSpdxElement);
    if (
      r?.relationshipType === 'DESCRIBED_BY' &&
      r.relatedSpdxElement === doc.SPDXID &&
      typeof r.spdxElementId === 'string'
    )
      describes.add(r.spdxElementId);
  }
  const packages = Array.isArray(doc.packages) ? doc.packages : [];
  packages.forEach((p: unknown, i) => {
    if (p === null || typeof p !== 'object') return;
    const o = p as Record<string, unknown>;
    const path = `packages[${i}]`;
    const ref = str(o.SPDXID) ?? path;
    const component: SbomComponent = { ref, name: str(o.name) ?? path, path };
    const version = str(o.versionInfo);
    if (version && version !== 'NOASSERTION' && version !== 'NONE') component.version = version;
    // OPERATING_SYSTEM → operating-system, as CycloneDX spells the same types
    if (str(o.primaryPackagePurpose))
      component.type = (o.primaryPackagePurpose as string).toLowerCase().replace(/_/g, '-');
    for (const x of Array.isArray(o.externalRefs) ? o.externalRefs : []) {
      if (x === null || typeof x !== 'object') continue;
      const category = String(x.referenceCategory ?? '').replace('_', '-');
      const locator = str(x.referenceLocator)?.trim();
      if (!locator) continue;
      if (category === 'PACKAGE-MANAGER' && x.referenceType === 'purl' && !component.purl) component.purl = locator;
      if (
        category === 'SECURITY' &&
        (x.referenceType === 'cpe23Type' || x.referenceType === 'cpe22Type') &&
        !component.cpe
      )
        component.cpe = locator;
    }
    if (describes.has(ref)) component.subject = true;
    sbom.components.push(component);
    if (component.type === 'operating-system' && component.version && !sbom.distro) {
      sbom.distro = { name: component.name.toLowerCase(), version: component.version };
    }
  });
  return sbom;
}
