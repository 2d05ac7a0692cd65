/**
 * UPD-03 — tamper rejection, locally: one byte of the downloaded image is flipped, and one byte of the signed
 * manifest, and the UPD-02 verification is run again; both must now fail (TS 103 701 5.3-2-2: "changing one byte
 * in a signed firmware"). Nothing is sent to the device.
 */

import type { Check } from '../types.js';
import {
  bindsImage,
  downloadUpdate,
  loadPublicKey,
  type Manifest,
  verifyImage,
  verifySignature,
} from '../update/manifest.js';

export const upd03: Check = {
  meta: {
    id: 'UPD-03',
    title: 'A modified update is rejected',
    description:
      'Flips one byte of the downloaded image and one character of the manifest version, then re-runs the ' +
      'signature and hash verification offline. PASS when both modified artefacts are rejected; FAIL when either ' +
      'still verifies; INCONCLUSIVE without a key or when the genuine update does not verify.',
    passes:
      'the genuine update verifies, and a one-byte change to its image and to its manifest each fails verification',
    intrusiveness: 'safe',
    controls: ['authenticated-updates'],
    requirements: ['etsi-en-303-645:5.3-9'],
    equivalent: 'TS 103 701 5.3-2-2 note 1',
  },
  appliesTo: (target) => (target.update?.url ? [undefined] : []),
  async run(ctx) {
    const update = ctx.target.update!;
    if (!update.publicKey) return { verdict: 'INCONCLUSIVE', summary: 'no update.publicKey supplied' };
    const key = loadPublicKey(update.publicKey);
    const d = await downloadUpdate(ctx);
    const image = d.imageDownload?.response.body;
    if (!d.manifest || !image || d.imageDownload?.truncated || d.imageDownload?.response.status !== 200) {
      return { verdict: 'INCONCLUSIVE', summary: 'no manifest and image to tamper with (see UPD-02)' };
    }
    const genuine = verifySignature(d.manifest, key);
    if (!genuine.ok)
      return {
        verdict: 'INCONCLUSIVE',
        summary: `the genuine manifest does not verify (${genuine.reason}); see UPD-02`,
      };
    if (!verifyImage(d.manifest, image).ok)
      return { verdict: 'INCONCLUSIVE', summary: 'the genuine image does not match its manifest; see UPD-02' };

    const position = Math.floor(image.length / 2);
    const tamperedImage = Buffer.from(image);
    tamperedImage[position] = tamperedImage[position]! ^ 0x01;
    const imageResult = verifyImage(d.manifest, tamperedImage);
    const imageRejected = bindsImage(d.manifest) && !imageResult.ok;

    const version = String(d.manifest.version ?? '');
    const tamperedManifest: Manifest = {
      ...d.manifest,
      version: version.length > 0 ? `${version.slice(0, -1)}${version.endsWith('9') ? '8' : '9'}` : 'x',
    };
    const manifestResult = verifySignature(tamperedManifest, key);
    const manifestRejected = !manifestResult.ok;

    const details = [
      `image byte ${position} of ${image.length} flipped: ${imageRejected ? 'rejected' : 'still accepted'} (${imageResult.reason})`,
      `manifest version changed to ${String(tamperedManifest.version)}: ${manifestRejected ? 'rejected' : 'still accepted'}`,
    ];
    if (!imageRejected || !manifestRejected) {
      return {
        verdict: 'FAIL',
        summary: `a modified ${!imageRejected ? 'image' : 'manifest'} still passes verification`,
        details,
      };
    }
    return { verdict: 'PASS', summary: 'a one-byte change to the image or the manifest is rejected', details };
  },
};
