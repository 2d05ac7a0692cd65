/**
 * UPD-02 — update authenticity: the manifest at the update URL and the image it names are downloaded (size-capped),
 * the manifest signature is checked with the vendor key the user supplies (`update.publicKey`), the image against
 * the manifest's SHA-256, and the offered version against the installed one. Manifest format: docs/verification.md.
 */

import type { Check, Exchange } from '../types.js';
import {
  bindsImage,
  compareVersions,
  downloadUpdate,
  loadPublicKey,
  MAX_IMAGE,
  verifyImage,
  verifySignature,
} from '../update/manifest.js';

export const upd02: Check = {
  meta: {
    id: 'UPD-02',
    title: 'Updates are signed, match their manifest and do not roll back',
    description:
      'Downloads the update manifest and image, verifies the manifest signature with the supplied vendor key ' +
      '(Ed25519, ECDSA or RSA-PSS), the image SHA-256 against the manifest, and that the offered version is not ' +
      'older than `update.installedVersion`. FAIL when unsigned, the signature or hash does not verify, the manifest ' +
      'does not bind the image, or the version is older; INCONCLUSIVE without a public key.',
    passes:
      'the downloaded manifest validly signed by the supplied key, binding the downloaded image by SHA-256, at a version not older than the installed one',
    intrusiveness: 'safe',
    controls: ['authenticated-updates', 'security-testing'],
    requirements: ['etsi-en-303-645:5.3-9', 'etsi-en-303-645:5.3-10', 'etsi-en-303-645:5.7-1'],
    equivalent: 'TS 103 701 5.3-2-2 and 5.3-10-1',
  },
  appliesTo: (target) => (target.update?.url ? [undefined] : []),
  async run(ctx) {
    const update = ctx.target.update!;
    if (!update.publicKey) {
      return { verdict: 'INCONCLUSIVE', summary: 'no update.publicKey supplied: the signature cannot be checked' };
    }
    const key = loadPublicKey(update.publicKey);
    const d = await downloadUpdate(ctx);
    const m = d.manifestDownload;
    const exchanges: Exchange[] = [
      {
        sent: `GET ${m.url}`,
        seen: `HTTP ${m.response.status}, ${m.response.body.length} bytes${m.truncated ? ' (cut at the cap)' : ''}`,
      },
    ];
    if (m.response.status !== 200)
      return { verdict: 'INCONCLUSIVE', summary: `the update URL answered HTTP ${m.response.status}`, exchanges };
    if (!d.manifest) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: 'the update URL does not serve a JSON manifest in the documented format',
        exchanges,
      };
    }
    const problems: string[] = [];
    const details: string[] = [];
    const signature = verifySignature(d.manifest, key);
    details.push(signature.reason);
    if (!signature.ok) problems.push(signature.reason);
    if (d.imageDownload) {
      const i = d.imageDownload;
      exchanges.push({ sent: `GET ${i.url}`, seen: `HTTP ${i.response.status}, ${i.response.body.length} bytes` });
      if (i.truncated)
        return {
          verdict: 'INCONCLUSIVE',
          summary: `the image is larger than the ${MAX_IMAGE / 1048576} MiB cap`,
          details,
          exchanges,
        };
      if (i.response.status !== 200) problems.push(`the image answered HTTP ${i.response.status}`);
      else {
        const image = verifyImage(d.manifest, i.response.body);
        details.push(image.reason);
        if (!bindsImage(d.manifest))
          problems.push('the manifest carries no sha256: the signature does not cover the image');
        else if (!image.ok) problems.push(image.reason);
      }
    } else problems.push(d.imageProblem ?? 'no image');
    const version = typeof d.manifest.version === 'string' ? d.manifest.version : undefined;
    if (!version) problems.push('the manifest names no version');
    else if (update.installedVersion) {
      const order = compareVersions(version, update.installedVersion);
      details.push(`offered ${version}, installed ${update.installedVersion}`);
      if (order < 0) problems.push(`offers ${version}, older than the installed ${update.installedVersion} (rollback)`);
    } else details.push(`offered ${version} (no installedVersion declared to compare)`);
    if (problems.length > 0) return { verdict: 'FAIL', summary: problems.join('; '), details, exchanges };
    return {
      verdict: 'PASS',
      summary: `the manifest for ${version} is validly signed and its image matches`,
      details,
      exchanges,
    };
  },
};
