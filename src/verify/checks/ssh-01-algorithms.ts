/**
 * SSH-01 — SSH protocol version and algorithms: the identification line and the server's KEXINIT lists, read before
 * any authentication (nmap ssh2-enum-algos, sshv1). FAIL for protocol 1, diffie-hellman-group1-sha1, arcfour*,
 * 3des-cbc, hmac-md5* or ssh-dss host keys.
 */
import { sshHello } from '../protocols/ssh.js';
import type { Check } from '../types.js';
import { servicesWith } from './common.js';

/** Algorithms that fail the check, by KEXINIT list. */
export const WEAK_SSH = {
  kex: [/^diffie-hellman-group1-sha1$/],
  hostKey: [/^ssh-dss$/],
  ciphers: [/^arcfour/, /^3des-cbc$/],
  macs: [/^hmac-md5/],
} as const;

export const ssh01: Check = {
  meta: {
    id: 'SSH-01',
    title: 'SSH uses protocol 2 and no weak algorithms',
    description:
      'Reads the SSH identification line and the key exchange algorithm lists the server offers. FAIL for SSH ' +
      'protocol 1, diffie-hellman-group1-sha1, arcfour ciphers, 3des-cbc, hmac-md5 MACs or ssh-dss host keys.',
    passes: 'an SSH-2.0 identification line and a KEXINIT whose lists hold none of the weak algorithms',
    intrusiveness: 'safe',
    controls: ['cryptographic-authentication', 'secure-communication'],
    requirements: ['etsi-en-303-645:5.5-1'],
    equivalent: 'nmap ssh2-enum-algos, sshv1',
  },
  appliesTo: (target) => servicesWith(target, ['ssh', 'sftp']),
  async run(ctx) {
    const socket = await ctx.net.tcp(ctx.address, ctx.service!.port, ctx.signal);
    const hello = await sshHello(socket, ctx.timeoutMs, ctx.signal);
    const exchanges = [{ sent: 'SSH-2.0-iotassure_verify', seen: hello.banner }];
    if (!hello.protocol.startsWith('2')) {
      return {
        verdict: 'FAIL',
        summary: `the server speaks SSH protocol 1 (${hello.protocol === '1.99' ? '1.99: both 1 and 2' : hello.protocol})`,
        exchanges,
      };
    }
    if (!hello.kexinit) return { verdict: 'INCONCLUSIVE', summary: 'the server sent no key exchange offer', exchanges };
    const k = hello.kexinit;
    exchanges.push({
      sent: 'read SSH_MSG_KEXINIT',
      seen: `kex: ${k.kex.join(',')}; host keys: ${k.hostKey.join(',')}; ciphers: ${k.ciphers.join(',')}; macs: ${k.macs.join(',')}`.slice(
        0,
        600,
      ),
    });
    const weak = (Object.keys(WEAK_SSH) as (keyof typeof WEAK_SSH)[]).flatMap((list) =>
      k[list].filter((name) => WEAK_SSH[list].some((re) => re.test(name))),
    );
    if (weak.length > 0) {
      return { verdict: 'FAIL', summary: `the server offers weak algorithms: ${weak.join(', ')}`, exchanges };
    }
    return {
      verdict: 'PASS',
      summary: `SSH ${hello.protocol} without weak algorithms (${k.kex.length} kex, ${k.ciphers.length} ciphers, ${k.macs.length} MACs)`,
      exchanges,
    };
  },
};
