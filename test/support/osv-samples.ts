/**
 * The OSV records the SBOM samples are matched against, and an all.zip of them with records the matcher must treat
 * with care (an Ubuntu LTS record, one without affected packages, one with malformed ranges, one that is not JSON).
 */
import { writeFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { parseSbom, type Sbom } from '../../src/verify/sbom/index.js';
import { affected, osvRecord } from './osv.js';
import { cycloneDx, DJANGO_VEX, LODASH_VEX } from './sbom-samples.js';

export const semver = (...events: Record<string, string>[]) => ({ type: 'SEMVER' as const, events });
export const eco = (...events: Record<string, string>[]) => ({ type: 'ECOSYSTEM' as const, events });

/** The OSV records the samples are matched against. */
export const RECORDS = [
  osvRecord('GO-T-NET', [affected('Go', 'golang.org/x/net', [semver({ introduced: '0' }, { fixed: '0.7.0' })])], {
    aliases: ['CVE-2099-1000'],
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }],
  }),
  osvRecord('GHSA-35jh-r3h4-6jhm', [affected('npm', 'lodash', [semver({ introduced: '0' }, { fixed: '4.17.21' })])], {
    aliases: ['CVE-2021-23337'],
    database_specific: { severity: 'HIGH' },
  }),
  osvRecord('GHSA-withdrawn-lodash', [affected('npm', 'lodash', [semver({ introduced: '0' })])], {
    withdrawn: '2026-01-02T00:00:00Z',
  }),
  osvRecord('PYSEC-T-DJANGO', [affected('PyPI', 'Django', [eco({ introduced: '4.0' }, { fixed: '4.0.10' })])], {
    database_specific: { severity: 'MODERATE' },
  }),
  osvRecord(
    'GHSA-jfh8-c2jp-5v3q',
    [affected('Maven', 'org.apache.logging.log4j:log4j-core', [eco({ introduced: '2.0-beta9' }, { fixed: '2.15.0' })])],
    {
      aliases: ['CVE-2021-44228'],
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' }],
    },
  ),
  osvRecord('DSA-T-OPENSSL', [
    affected('Debian:12', 'openssl', [eco({ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' })]),
  ]),
  osvRecord(
    'ALPINE-T-BUSYBOX',
    [affected('Alpine:v3.18', 'busybox', [eco({ introduced: '0' }, { fixed: '1.36.1-r2' })])],
    {
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N' }],
    },
  ),
  osvRecord('GHSA-xvch-5gv4-984h', [affected('npm', 'minimist', [semver({ introduced: '0' }, { fixed: '1.2.6' })])]),
  osvRecord('GHSA-test-nuget', [affected('NuGet', 'Newtonsoft.Json', [eco({ introduced: '0' }, { fixed: '13.0.1' })])]),
];

/** Writes the sample all.zip to `file`: RECORDS and the records above, one entry each. */
export function writeSampleArchive(file: string): void {
  const extra = [
    osvRecord('UBUNTU-T-1', [
      affected('Ubuntu:22.04:LTS', 'bash', [eco({ introduced: '0' }, { fixed: '5.1-6ubuntu1.1' })]),
    ]),
    osvRecord('GHSA-t-no-affected', []),
    { id: 'GO-T-BAD', affected: [{ package: { ecosystem: 'Go', name: 'golang.org/x/net' }, ranges: 'nope' }] },
  ];
  const files: Record<string, Uint8Array> = {};
  for (const r of [...RECORDS, ...extra]) files[`${r.id}.json`] = strToU8(JSON.stringify(r, null, 2));
  files['broken.json'] = strToU8('{"id": ');
  writeFileSync(file, zipSync(files));
}

/** The SBOM matched against the sample archive: the sample components (with VEX) and an Ubuntu package. */
export function sampleArchiveSbom(): Sbom {
  const doc = cycloneDx('1.6', [LODASH_VEX, DJANGO_VEX]);
  (doc.components as object[]).push({
    type: 'library',
    name: 'bash',
    version: '5.1-6ubuntu1',
    purl: 'pkg:deb/ubuntu/bash@5.1-6ubuntu1?distro=ubuntu-22.04',
  });
  return parseSbom(JSON.stringify(doc), 'sample.json');
}
