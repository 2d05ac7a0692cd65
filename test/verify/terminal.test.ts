/**
 * A hostile device and a hostile targets file cannot drive the terminal: text from either reaches the screen with
 * its control sequences shown, not obeyed, and reaches JSON intact. The device is a CoAP server on loopback whose
 * resource names clear the screen and print a fake verdict.
 */
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import coapPacket from 'coap-packet';
import { main } from '../../src/cli/main.js';
import { forTerminal } from '../../src/util/terminal.js';
import { tempDir } from '../fixtures/system.js';
import '../fixtures/verify-run.js'; // loopback-only test scope

const ATTACK = '\x1b[2J\x1b[H\x1b[32mall checks PASS\x1b[0m';

/** A CoAP server that answers every request with a link-format listing naming a resource `ATTACK`. */
async function hostileCoap(t: TestContext): Promise<number> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (message, remote) => {
    const request = coapPacket.parse(message);
    const reply = coapPacket.generate({
      code: '2.05',
      ack: true,
      messageId: request.messageId,
      token: request.token,
      options: [{ name: 'Content-Format', value: Buffer.from([40]) }],
      payload: Buffer.from(`</${ATTACK}>,</status>`),
    });
    socket.send(reply, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return socket.address().port;
}

async function cli(tty: boolean, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), tty });
  return { code, stdout, stderr };
}

const ESC = '\x1b';

/** Every escape sequence in `text` that iotassure did not write itself (its colours and line clearing). */
function foreignEscapes(text: string): string[] {
  return text
    .split(ESC)
    .slice(1)
    .filter((rest) => !/^\[(?:\d+(?:;\d+)*)?m|^\[K/.test(rest))
    .map((rest) => `ESC${rest.slice(0, 16)}`);
}

describe('terminal safety', () => {
  it('shows control characters, bidi overrides and line breaks instead of passing them on', () => {
    assert.equal(forTerminal('a\x1b[2Jb'), 'a\\x1b[2Jb');
    assert.equal(forTerminal('line\nbreak\r\t'), 'line\\nbreak\\r\\t');
    assert.equal(forTerminal('\u202euser\u2066'), '\\u202euser\\u2066');
    assert.equal(forTerminal('\x9b31m'), '\\x9b31m', 'the one-byte CSI');
    assert.equal(forTerminal('Überwachungskamera 📷 — ok'), 'Überwachungskamera 📷 — ok');
  });

  it('a device cannot clear the screen or print its own verdict; --json keeps its words intact', {
    timeout: 20_000,
  }, async (t) => {
    const port = await hostileCoap(t);
    const targets = join(tempDir(), 'targets.json');
    writeFileSync(
      targets,
      JSON.stringify({ targets: [{ host: '127.0.0.1', services: [{ port, protocol: 'coap' }] }] }),
    );
    for (const tty of [false, true]) {
      const r = await cli(tty, 'verify', targets, '--only', 'COAP-01');
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(foreignEscapes(r.stdout + r.stderr), [], `tty ${tty}`);
      assert.match(r.stdout, /\\x1b\[2J\\x1b\[H\\x1b\[32mall checks PASS/);
    }
    const json = await cli(false, 'verify', targets, '--only', 'COAP-01', '--json', '--quiet');
    const observations = JSON.parse(json.stdout) as { summary: string }[];
    assert.ok(observations[0]!.summary.includes(ATTACK), 'the evidence keeps what the device sent');
  });

  it('a targets file cannot drive the terminal through a target id or a bad value', async () => {
    const targets = join(tempDir(), 'targets.json');
    writeFileSync(
      targets,
      JSON.stringify({ targets: [{ id: 'cam\x1b]0;pwned\x07\x1b[2J', host: '127.0.0.1', services: [] }] }),
    );
    const plan = await cli(false, 'verify', targets, '--dry-run');
    assert.equal(plan.code, 0, plan.stderr);
    assert.ok(!plan.stdout.includes(ESC) && !plan.stdout.includes('\x07'), plan.stdout);
    assert.match(plan.stdout, /cam\\x1b\]0;pwned\\x07\\x1b\[2J → 127\.0\.0\.1/);
    const bad = join(tempDir(), 'bad.json');
    writeFileSync(bad, JSON.stringify({ targets: [{ host: '127.0.0.1', services: [], allow: ['\x1b[2Jall'] }] }));
    const invalid = await cli(false, 'verify', bad);
    assert.equal(invalid.code, 2);
    assert.ok(!invalid.stderr.includes(ESC), invalid.stderr);
    assert.match(invalid.stderr, /found "\\x1b\[2Jall"/, 'the diagnostic shows the value, escaped');
  });
});
