/**
 * CRED-01 — no universal default password on telnet, SSH and FTP logins. Fingerprint the login, then try the
 * device class's default pairs in order at ≤ 1 attempt/s within the budget of the address and port, stopping at
 * the first success or a lockout sign (routersploit creds/generic/*_default, nmap telnet-brute/ssh-brute).
 */
import type { Check } from '../types.js';
import { defaultsFor, listPlanNote, servicesWith, tryDefaults } from './common.js';
import { loginOnce } from './login.js';

export const cred01: Check = {
  meta: {
    id: 'CRED-01',
    title: 'No default password on telnet, SSH or FTP',
    description:
      "Tries the well-known default user name and password pairs for the device's class, in order of prevalence, on " +
      'each declared telnet, SSH and FTP login (within the per-service limit, at most one a second, stopping at the ' +
      'first success or any lockout sign). FAIL when one is accepted and a random pair is not; INCONCLUSIVE when the ' +
      'limit stops the list before its end.',
    passes: 'every pair of the list was sent and clearly rejected (or the service offers no password login)',
    intrusiveness: 'auth-attempt',
    credentials: 'shared',
    controls: ['user-change-default-credentials', 'password-credential-quality', 'security-testing'],
    requirements: ['etsi-en-303-645:5.1-1', 'etsi-en-303-645:5.1-2'],
    equivalent: 'routersploit creds/generic/{telnet,ssh,ftp}_default; nmap telnet-brute, ssh-brute',
  },
  appliesTo: (target) => servicesWith(target, ['telnet', 'ssh', 'ftp']),
  planNote: (target, _service, allowance) => listPlanNote(defaultsFor(target, 'shell'), allowance),
  run(ctx) {
    const what = { telnet: 'telnet login', ssh: 'SSH password login' }[ctx.service!.protocol as string] ?? 'FTP login';
    return tryDefaults(ctx, {
      what,
      list: defaultsFor(ctx.target, 'shell'),
      attempt: (submission) => loginOnce(ctx, submission),
    });
  },
};
