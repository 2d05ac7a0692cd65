/**
 * UPD-01 — the update transport: the update URL must be HTTPS with TLS 1.2+ (TLS-01 facts), a sound key exchange
 * (TLS-03) and a certificate that leads to the anchor or pin declared for that port (TLS-04, required here), and the
 * same path over plain http:// must not serve the manifest or image.
 */
import { NetError } from '../net/net.js';
import { judgeCertificate } from '../tls/judge.js';
import {
  certificateChain,
  describeKex,
  type Endpoint,
  nodeHandshake,
  probeKeyExchange,
  probeVersions,
} from '../tls/probe.js';
import { acceptedVersions, profileOf } from '../tls/service.js';
import type { Check, CheckContext, Exchange } from '../types.js';
import { downloadUpdate, resolveUpdateUrl, type UpdateUrl } from '../update/manifest.js';

async function plainTwin(
  ctx: CheckContext,
  u: UpdateUrl,
  paths: { path: string; body: Buffer }[],
): Promise<{ served: string[]; exchanges: Exchange[] }> {
  const ports = new Set<number>([80]);
  if (u.address === ctx.address) for (const s of ctx.target.services) if (s.protocol === 'http') ports.add(s.port);
  const served: string[] = [];
  const exchanges: Exchange[] = [];
  for (const port of ports) {
    for (const { path, body } of paths) {
      try {
        const response = await ctx.net.http(
          { host: u.address, port, path, headers: { host: `${u.hostName}:${port}` }, maxBytes: body.length + 1 },
          ctx.signal,
        );
        const same = response.status >= 200 && response.status < 300 && response.body.equals(body);
        exchanges.push({
          sent: `GET http://${u.hostName}:${port}${path}`,
          seen: `HTTP ${response.status}${same ? ', the same bytes as over HTTPS' : ''}`,
        });
        if (same) served.push(`http://${u.hostName}:${port}${path}`);
      } catch (error) {
        if (!(error instanceof NetError)) throw error;
        exchanges.push({
          sent: `GET http://${u.hostName}:${port}${path}`,
          seen: error.kind === 'refused' ? 'closed' : error.message,
        });
        break;
      }
    }
  }
  return { served, exchanges };
}

export const upd01: Check = {
  meta: {
    id: 'UPD-01',
    title: 'Updates travel over authenticated TLS only',
    description:
      'Checks the declared update URL: HTTPS with only TLS 1.2/1.3, key exchange of at least 2048-bit DH or 256-bit ' +
      'EC, a certificate chain to the `tls.anchor` or matching the `tls.pin` declared for that port (required), and ' +
      'no copy of the manifest or image over plain http://. FAIL on any of these; INCONCLUSIVE without an anchor or pin.',
    passes:
      'an HTTPS handshake at TLS 1.2+ with sound key exchange, a certificate that leads to the declared anchor or pin, and no plain-HTTP copy of the manifest or image',
    intrusiveness: 'safe',
    controls: ['authenticated-updates'],
    requirements: ['etsi-en-303-645:5.3-2', 'etsi-en-303-645:5.3-7', 'etsi-en-303-645:5.3-10'],
    equivalent: 'CSA CLS; TS 103 701 5.3-10-1 (authenticated channel)',
  },
  appliesTo: (target) => (target.update?.url ? [undefined] : []),
  async run(ctx) {
    const u = await resolveUpdateUrl(ctx, ctx.target.update!.url);
    if (!u.https) {
      return {
        verdict: 'FAIL',
        summary: `the update URL ${u.url.href} is plain HTTP: images can be read and replaced in transit`,
      };
    }
    const declared = u.address === ctx.address ? ctx.target.services.find((s) => s.port === u.port) : undefined;
    const ep: Endpoint = {
      net: ctx.net,
      host: u.address,
      port: u.port,
      serverName: declared?.tls?.hostname ?? (/^[\d.]+$|:/.test(u.hostName) ? undefined : u.hostName),
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
    };
    const problems: string[] = [];
    const details: string[] = [];
    const exchanges: Exchange[] = [];
    const versions = await probeVersions(ep);
    const accepted = acceptedVersions(versions);
    if (accepted.length === 0) return { verdict: 'INCONCLUSIVE', summary: `no TLS handshake with ${u.url.host}` };
    details.push(`TLS versions: ${accepted.join(', ')}`);
    const old = accepted.filter((v) => ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1'].includes(v));
    if (old.length > 0) problems.push(`accepts ${old.join(', ')}`);
    if (!accepted.includes('TLSv1.2') && !accepted.includes('TLSv1.3'))
      problems.push('accepts neither TLSv1.2 nor TLSv1.3');
    const profile = profileOf(declared);
    const kex = await probeKeyExchange(ep, versions);
    const dhMin = profile.dhParamSize ?? 2048;
    if (kex.dh?.type === 'DH' && kex.dh.bits < dhMin) problems.push(`DHE with ${kex.dh.bits} bits`);
    if (kex.weakCurve) problems.push(`ECDHE on ${describeKex(kex.weakCurve)}`);
    const node = await nodeHandshake(ep);
    if (node.ok) details.push(`negotiated ${node.protocol} ${node.cipher}`);
    const { chain, via } = await certificateChain(ep, versions);
    let unsettled: string | undefined = 'no certificate could be judged';
    if (chain.length === 0) problems.push('no certificate could be read');
    else {
      const cert = judgeCertificate(chain, declared?.tls, profile, via, {
        serverName: ep.serverName,
        address: u.address,
      });
      // the update server's identity must come from what the vendor declared, not from the public Web PKI alone
      unsettled =
        cert.verdict === 'INCONCLUSIVE'
          ? cert.summary
          : cert.trusted !== 'declared'
            ? `no tls.anchor or tls.pin is declared for port ${u.port}, so the server's identity cannot be checked`
            : undefined;
      details.push(...(cert.details ?? []));
      if (cert.verdict === 'FAIL') problems.push(cert.summary.replace(/^the certificate has /, 'certificate: '));
    }
    const download = await downloadUpdate(ctx);
    const paths = [{ path: `${u.url.pathname}${u.url.search}`, body: download.manifestDownload.response.body }];
    if (download.imagePath && download.imageDownload && !download.imageDownload.truncated) {
      paths.push({ path: download.imagePath, body: download.imageDownload.response.body });
    }
    exchanges.push({
      sent: `GET ${download.manifestDownload.url}`,
      seen: `HTTP ${download.manifestDownload.response.status}, ${download.manifestDownload.response.body.length} bytes`,
    });
    const twin = await plainTwin(
      ctx,
      u,
      paths.filter((p) => p.body.length > 0),
    );
    exchanges.push(...twin.exchanges);
    if (twin.served.length > 0) problems.push(`plain HTTP also serves ${twin.served.join(', ')}`);
    if (problems.length > 0)
      return { verdict: 'FAIL', summary: `update transport: ${problems.join('; ')}`, details, exchanges };
    if (unsettled !== undefined) {
      return {
        verdict: 'INCONCLUSIVE',
        summary: `the TLS looks sound, but ${unsettled}`,
        details,
        exchanges,
      };
    }
    return {
      verdict: 'PASS',
      summary: `updates come over ${accepted.join('/')} from a server that chains to the declared anchor or pin; no plain-HTTP copy`,
      details,
      exchanges,
    };
  },
};
