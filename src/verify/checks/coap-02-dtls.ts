/**
 * COAP-02 — DTLS on the CoAPs port: a raw DTLS 1.2 ClientHello, the HelloVerifyRequest cookie echoed, and the
 * ServerHello's version and suite read; then a DTLS 1.0 hello and a hello offering only weak suites. nmap has no
 * equivalent (a gap the check catalogue notes).
 */
import { coapGet } from '../protocols/coap.js';
import { type DtlsProbe, probeDtls } from '../tls/dtls.js';
import { alertName, versionName } from '../tls/hello.js';
import { OFFER_ORDER } from '../tls/probe.js';
import { isWeak, suiteById, suiteName } from '../tls/suites.js';
import type { Check, Exchange } from '../types.js';
import { servicesWith } from './common.js';

// DTLS has no stream ciphers (RFC 6347 §4.1.2.2)
const DTLS_SUITES = OFFER_ORDER.map((id) => suiteById(id)!).filter((s) => s.mode !== 'stream');
const WEAK = DTLS_SUITES.filter(isWeak).map((s) => s.id);

function seen(probe: DtlsProbe): string {
  if (probe.refused) return 'ICMP port unreachable';
  if (probe.serverHello) {
    return `${probe.helloVerifyRequest ? 'HelloVerifyRequest, cookie echoed, ' : ''}ServerHello ${versionName(probe.serverHello.version)} ${suiteName(probe.serverHello.suite)}`;
  }
  if (probe.alert)
    return `${probe.helloVerifyRequest ? 'HelloVerifyRequest, then ' : ''}alert ${alertName(probe.alert)}`;
  if (probe.notDtls) return `a ${probe.notDtls.length}-byte datagram that is not DTLS`;
  return probe.helloVerifyRequest ? 'HelloVerifyRequest, then nothing' : 'nothing';
}

export const coap02: Check = {
  meta: {
    id: 'COAP-02',
    title: 'CoAPs uses DTLS 1.2 with strong suites',
    description:
      'Performs the first DTLS flight on each declared CoAPs port (HelloVerifyRequest and cookie included). FAIL when ' +
      'the server negotiates or accepts DTLS 1.0, accepts a NULL/EXPORT/DES/3DES/anonymous suite, or answers without ' +
      'DTLS (e.g. plaintext CoAP) where DTLS is declared; PASS for DTLS 1.2 with an AEAD suite.',
    passes: 'a DTLS 1.2 ServerHello with a strong suite, and DTLS 1.0 and the weak suites refused',
    intrusiveness: 'safe',
    controls: ['secure-communication'],
    requirements: ['etsi-en-303-645:5.5-1'],
    equivalent: 'none in nmap; sslyze/testssl do not speak DTLS',
  },
  appliesTo: (target) => servicesWith(target, ['coaps']),
  async run(ctx) {
    const port = ctx.service!.port;
    const opts = { timeoutMs: ctx.timeoutMs, signal: ctx.signal };
    const main = await probeDtls(ctx.net, ctx.address, port, {
      version: 0xfefd,
      suites: DTLS_SUITES.map((s) => s.id),
      ...opts,
    });
    const exchanges: Exchange[] = [{ sent: 'DTLS 1.2 ClientHello (all non-stream suites)', seen: seen(main) }];
    if (!main.serverHello) {
      if (main.notDtls || (!main.alert && !main.refused && !main.helloVerifyRequest)) {
        // is it plaintext CoAP on the port declared for DTLS?
        const get = await coapGet(ctx.net, ctx.address, port, { ...opts, retries: 0 });
        if (get.reply && !get.reply.reset) {
          exchanges.push({ sent: 'CoAP GET /.well-known/core', seen: `CoAP ${get.reply.code}` });
          return { verdict: 'FAIL', summary: `port ${port} is declared CoAPs but answers plaintext CoAP`, exchanges };
        }
      }
      if (main.notDtls)
        return { verdict: 'FAIL', summary: `port ${port} is declared CoAPs but does not answer DTLS`, exchanges };
      return {
        verdict: 'INCONCLUSIVE',
        summary: main.alert
          ? `the DTLS handshake was refused (${alertName(main.alert)}): no common suite with our hello, or a PSK/RPK identity is needed first`
          : main.refused
            ? `port ${port} is closed (ICMP port unreachable)`
            : `no DTLS answer on port ${port}`,
        exchanges,
      };
    }
    const sh = main.serverHello;
    const suite = suiteById(sh.suite);
    const problems: string[] = [];
    const details: string[] = [`negotiated ${versionName(sh.version)} ${suiteName(sh.suite)}`];
    if (sh.version !== 0xfefd) problems.push(`negotiates ${versionName(sh.version)}`);
    if (suite && isWeak(suite)) problems.push(`chose weak suite ${suite.name} (${suite.category})`);
    if (suite && suite.mode !== 'AEAD') details.push(`warning: ${suite.name} is not an AEAD suite`);

    const old = await probeDtls(ctx.net, ctx.address, port, {
      version: 0xfeff,
      suites: DTLS_SUITES.map((s) => s.id),
      ...opts,
    });
    exchanges.push({ sent: 'DTLS 1.0 ClientHello', seen: seen(old) });
    if (old.serverHello?.version === 0xfeff) problems.push('accepts DTLS 1.0');

    const weak = await probeDtls(ctx.net, ctx.address, port, { version: 0xfefd, suites: WEAK, ...opts });
    exchanges.push({ sent: `DTLS 1.2 ClientHello offering only ${WEAK.length} weak suites`, seen: seen(weak) });
    if (weak.serverHello) problems.push(`accepts weak suite ${suiteName(weak.serverHello.suite)}`);

    if (problems.length > 0)
      return { verdict: 'FAIL', summary: `DTLS on port ${port} ${problems.join('; ')}`, details, exchanges };
    return {
      verdict: 'PASS',
      summary: `DTLS 1.2 with ${suiteName(sh.suite)}; DTLS 1.0 and weak suites refused`,
      details,
      exchanges,
    };
  },
};
