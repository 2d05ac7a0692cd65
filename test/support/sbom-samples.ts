/**
 * SBOM samples written for the tests: one small product (a camera firmware) expressed as CycloneDX 1.4, 1.5 and 1.6
 * JSON and as SPDX 2.2 and 2.3 JSON, with the same components, so every reader must give the same list.
 */

export interface SampleComponent {
  name: string;
  version?: string;
  purl?: string;
  cpe?: string;
  type: string;
}

export const SUBJECT = {
  name: 'acme-camera-firmware',
  version: '4.2.0',
  purl: 'pkg:generic/acme/acme-camera-firmware@4.2.0',
};

/** The components, in document order (the last one is nested in the firmware's os component in CycloneDX). */
export const COMPONENTS: SampleComponent[] = [
  {
    name: 'golang.org/x/net',
    version: 'v0.0.0-20210405180319-a5a99cb37ef4',
    purl: 'pkg:golang/golang.org/x/net@v0.0.0-20210405180319-a5a99cb37ef4',
    type: 'library',
  },
  { name: 'lodash', version: '4.17.20', purl: 'pkg:npm/lodash@4.17.20', type: 'library' },
  { name: 'Django', version: '4.0.2', purl: 'pkg:pypi/django@4.0.2', type: 'library' },
  {
    name: 'log4j-core',
    version: '2.14.1',
    purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    type: 'library',
  },
  {
    name: 'openssl',
    version: '1.1.1k',
    purl: 'pkg:generic/openssl@1.1.1k',
    cpe: 'cpe:2.3:a:openssl:openssl:1.1.1k:*:*:*:*:*:*:*',
    type: 'library',
  },
  { name: 'vendor-blob', version: '7', cpe: 'cpe:2.3:a:acme:vendor_blob:7:*:*:*:*:*:*:*', type: 'firmware' },
  { name: 'mystery-lib', type: 'library' },
  { name: 'debian', version: '12.5', type: 'operating-system' },
  {
    name: 'libssl3',
    version: '3.0.11-1~deb12u1',
    purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&upstream=openssl',
    type: 'library',
  },
  {
    name: 'busybox',
    version: '1.36.1-r0',
    purl: 'pkg:apk/alpine/busybox@1.36.1-r0?distro=alpine-3.18.4',
    type: 'library',
  },
  { name: 'minimist', version: '1.2.6', purl: 'pkg:npm/minimist@1.2.6', type: 'library' },
];

const cdxComponent = (c: SampleComponent, i: number) => ({
  type: c.type,
  'bom-ref': `ref-${i}`,
  name: c.name,
  ...(c.version && { version: c.version }),
  ...(c.purl && { purl: c.purl }),
  ...(c.cpe && { cpe: c.cpe }),
});

/** A CycloneDX document; `nested` puts the last component inside the operating-system one. */
export function cycloneDx(
  specVersion: '1.4' | '1.5' | '1.6',
  vulnerabilities: unknown[] = [],
): Record<string, unknown> {
  const list = COMPONENTS.map(cdxComponent);
  const last = list.pop()!;
  const os = list.find((c) => c.type === 'operating-system')! as Record<string, unknown>;
  os.components = [last];
  return {
    bomFormat: 'CycloneDX',
    specVersion,
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    version: 1,
    metadata: {
      timestamp: '2026-11-27T10:00:00Z',
      component: {
        type: 'firmware',
        'bom-ref': 'subject',
        name: SUBJECT.name,
        version: SUBJECT.version,
        purl: SUBJECT.purl,
      },
    },
    components: list,
    ...(vulnerabilities.length > 0 && { vulnerabilities }),
  };
}

/** A VEX statement: lodash's advisory does not affect the firmware (code not reachable). */
export const LODASH_VEX = {
  'bom-ref': 'vex-1',
  id: 'CVE-2021-23337',
  source: { name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-23337' },
  analysis: {
    state: 'not_affected',
    justification: 'code_not_reachable',
    response: ['will_not_fix'],
    detail: 'template() is never called with user input',
  },
  affects: [{ ref: 'urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#ref-1' }],
};

/** A VEX statement that does not suppress: Django's advisory is still being looked at. */
export const DJANGO_VEX = {
  id: 'PYSEC-T-DJANGO',
  analysis: { state: 'in_triage' },
  affects: [{ ref: 'ref-2' }],
};

export function spdx(version: '2.2' | '2.3'): Record<string, unknown> {
  const category = version === '2.3' ? 'PACKAGE-MANAGER' : 'PACKAGE_MANAGER';
  const pkg = (c: { name: string; version?: string; purl?: string; cpe?: string; type?: string }, id: string) => ({
    SPDXID: id,
    name: c.name,
    ...(c.version && { versionInfo: c.version }),
    downloadLocation: 'NOASSERTION',
    ...(version === '2.3' && c.type && { primaryPackagePurpose: c.type.toUpperCase().replace('-', '_') }),
    externalRefs: [
      ...(c.purl ? [{ referenceCategory: category, referenceType: 'purl', referenceLocator: c.purl }] : []),
      ...(c.cpe ? [{ referenceCategory: 'SECURITY', referenceType: 'cpe23Type', referenceLocator: c.cpe }] : []),
    ],
  });
  return {
    spdxVersion: `SPDX-${version}`,
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: 'acme-camera-firmware-4.2.0',
    documentNamespace: 'https://example.com/spdx/acme-camera-firmware-4.2.0',
    creationInfo: { created: '2026-11-27T10:00:00Z', creators: ['Tool: test'] },
    packages: [
      pkg({ ...SUBJECT, type: 'firmware' }, 'SPDXRef-subject'),
      ...COMPONENTS.map((c, i) => pkg(c, `SPDXRef-ref-${i}`)),
    ],
    relationships: [
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-subject' },
    ],
  };
}
