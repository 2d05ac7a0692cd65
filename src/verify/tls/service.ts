/** Which declared services the TLS checks run on, and the endpoint each probe talks to. */
import { type DeclaredService, type Target, transportOf } from '../../model/verification.js';
import type { CheckContext, CheckResult } from '../types.js';
import { type Endpoint, probeVersions, type VersionProbe } from './probe.js';
import { type ProfileName, profileFor, type TlsProfile, type TlsVersionName } from './profiles.js';

/** Protocols that run over TLS on TCP. Any service with a `tls` expectation counts as well. */
export const TLS_PROTOCOLS = ['https', 'mqtts', 'amqps', 'wss', 'rtsps', 'grpc'];

export function isTlsService(service: DeclaredService): boolean {
  return transportOf(service) === 'tcp' && (TLS_PROTOCOLS.includes(service.protocol) || service.tls !== undefined);
}

export function tlsServices(target: Target): DeclaredService[] {
  return target.services.filter(isTlsService);
}

function isIpLiteral(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

/** The SNI name: the declared certificate host name, else the target's host when it is a name. */
export function serverName(target: Target, service: DeclaredService | undefined): string | undefined {
  const name = service?.tls?.hostname ?? target.host;
  return isIpLiteral(name) ? undefined : name;
}

export function endpointOf(ctx: CheckContext, port = ctx.service!.port, service = ctx.service): Endpoint {
  return {
    net: ctx.net,
    host: ctx.address,
    port,
    serverName: serverName(ctx.target, service),
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
  };
}

export function profileOf(service: DeclaredService | undefined): TlsProfile {
  return profileFor(service?.tls?.profile as ProfileName | undefined);
}

/** Versions accepted, oldest first. */
export function acceptedVersions(versions: Map<TlsVersionName, VersionProbe>): TlsVersionName[] {
  return [...versions.values()].filter((v) => v.accepted).map((v) => v.version);
}

/** An INCONCLUSIVE result when the port answered no TLS handshake at all, else undefined. */
export interface TlsService {
  ep: Endpoint;
  versions: Map<TlsVersionName, VersionProbe>;
}

/**
 * What every TLS check starts from: the service's endpoint and the versions it accepts — or, when no version
 * handshakes at all, the INCONCLUSIVE result the check returns as it is.
 */
export async function probeTlsService(ctx: CheckContext): Promise<TlsService | CheckResult> {
  const ep = endpointOf(ctx);
  const versions = await probeVersions(ep);
  if (acceptedVersions(versions).length > 0) return { ep, versions };
  return {
    verdict: 'INCONCLUSIVE',
    summary: `no TLS handshake succeeded on port ${ep.port} at any version from SSLv2 to TLSv1.3`,
    details: [...versions.values()].map((v) => `${v.version}: ${v.answer}`),
  };
}

export const isCheckResult = (value: TlsService | CheckResult): value is CheckResult => 'verdict' in value;

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
