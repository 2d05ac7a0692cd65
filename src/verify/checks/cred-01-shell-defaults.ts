/**
 * CRED-01 — no universal default password on telnet, SSH and FTP logins. Fingerprint the login, then try at most
 * the per-service limit of default pairs at ≤ 1 attempt/s, stopping at the first success or a lockout sign
 * (routersploit creds/generic/*_default, nmap telnet-brute/ssh-brute).
 */
import { ftpLogin } from '../protocols/ftp.js';
import { sshPasswordLogin } from '../protocols/ssh.js';
import { telnetLogin } from '../protocols/telnet.js';
import type { Check } from '../types.js';
import { defaultsFor, servicesWith, tryDefaults } from './common.js';

export const cred01: Check = {
  meta: {
    id: 'CRED-01',
    title: 'No default password on telnet, SSH or FTP',
    description:
      'Tries a few well-known default user name and password pairs on each declared telnet, SSH and FTP login ' +
      '(at most the per-service limit, one per second, stopping at the first success or any lockout sign). ' +
      'FAIL when one is accepted; PASS when all tried are rejected.',
    intrusiveness: 'auth-attempt',
    controls: ['user-change-default-credentials', 'password-credential-quality', 'security-testing'],
    requirements: ['etsi-en-303-645:5.1-1', 'etsi-en-303-645:5.1-2'],
    equivalent: 'routersploit creds/generic/{telnet,ssh,ftp}_default; nmap telnet-brute, ssh-brute',
  },
  appliesTo: (target) => servicesWith(target, ['telnet', 'ssh', 'ftp']),
  async run(ctx) {
    const service = ctx.service!;
    const pairs = defaultsFor(ctx.target);
    const connect = () => ctx.net.tcp(ctx.address, service.port, ctx.signal);
    switch (service.protocol) {
      case 'telnet':
        return tryDefaults(ctx, {
          what: 'telnet login',
          pairs,
          attempt: async (pair) =>
            telnetLogin(await connect(), pair, ctx.timeoutMs, ctx.signal).then((r) => ({
              outcome: r.result,
              seen: r.seen,
            })),
        });
      case 'ssh':
        return tryDefaults(ctx, {
          what: 'SSH password login',
          pairs,
          attempt: async (pair) => {
            const r = await sshPasswordLogin(await connect(), pair, ctx.timeoutMs, ctx.signal);
            const outcome =
              r.result === 'accepted' || r.result === 'rejected'
                ? r.result
                : r.result === 'no-password-auth'
                  ? 'not-offered'
                  : 'unclear';
            return { outcome, seen: r.detail };
          },
        });
      default:
        return tryDefaults(ctx, {
          what: 'FTP login',
          pairs,
          attempt: async (pair) => ftpLogin(await connect(), pair, ctx.timeoutMs, ctx.signal),
        });
    }
  },
};
