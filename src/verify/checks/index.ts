/**
 * The check registry: every verification check, in the order a run plans them. Add a check by importing its module
 * and adding it to the array; ids must be unique (a test enforces it).
 */
import type { Check } from '../types.js';
import { coap01 } from './coap-01-resources.js';
import { coap02 } from './coap-02-dtls.js';
import { cred01 } from './cred-01-shell-defaults.js';
import { cred02 } from './cred-02-http-defaults.js';
import { cred03 } from './cred-03-mqtt-auth.js';
import { cred04 } from './cred-04-mqtt-defaults.js';
import { cred05 } from './cred-05-brute-force.js';
import { cred06 } from './cred-06-unauthenticated-access.js';
import { http01 } from './http-01-security-headers.js';
import { http02 } from './http-02-session-cookies.js';
import { http03 } from './http-03-version-disclosure.js';
import { mqtt01 } from './mqtt-01-wildcard-subscribe.js';
import { net01 } from './net-01-cleartext-shell.js';
import { net02 } from './net-02-cleartext-login.js';
import { net03 } from './net-03-undeclared-ports.js';
import { net04 } from './net-04-disclosure.js';
import { ssh01 } from './ssh-01-algorithms.js';
import { tls01 } from './tls-01-versions.js';
import { tls02 } from './tls-02-suites.js';
import { tls03 } from './tls-03-key-exchange.js';
import { tls04 } from './tls-04-certificate.js';
import { tls05 } from './tls-05-hygiene.js';
import { tls06 } from './tls-06-cleartext-twin.js';
import { upd01 } from './upd-01-transport.js';
import { upd02 } from './upd-02-authenticity.js';
import { upd03 } from './upd-03-tamper.js';
import { upnp01 } from './upnp-01-ssdp.js';
import { upnp02 } from './upnp-02-description.js';

export const checks: Check[] = [
  // credentials and authentication
  cred01,
  cred02,
  cred03,
  cred04,
  cred05,
  cred06,
  mqtt01,
  // cleartext and exposed interfaces
  net01,
  net02,
  net03,
  net04,
  // HTTP admin pages
  http01,
  http02,
  http03,
  // SSH
  ssh01,
  // TLS, CoAP/DTLS, UPnP and updates
  tls01,
  tls02,
  tls03,
  tls04,
  tls05,
  tls06,
  coap01,
  coap02,
  upnp01,
  upnp02,
  upd01,
  upd02,
  upd03,
];

// the file-based SBOM checks (SBOM-01/02/03) run once per spec, not per target: see ./sbom.ts and runner.ts
export { sbomChecks } from './sbom.js';

export function findCheck(id: string): Check | undefined {
  return checks.find((c) => c.meta.id === id);
}
