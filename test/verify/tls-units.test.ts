/** The offline parts of the TLS, CoAP, SSDP and update checks: hello bytes, parsers, the suite table, manifests. */
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, it } from 'node:test';
import { normalisePath, parseLinkFormat } from '../../src/verify/protocols/coap.js';
import { parseDescription, parseSsdpReply } from '../../src/verify/protocols/ssdp.js';
import {
  clientHello,
  dtlsClientHello,
  EXT,
  FlightParser,
  parseKeyExchange,
  parseServerHello,
  sslv2ClientHello,
} from '../../src/verify/tls/hello.js';
import { cabfLimitDays } from '../../src/verify/tls/judge.js';
import { OFFER_ORDER } from '../../src/verify/tls/probe.js';
import { PROFILES } from '../../src/verify/tls/profiles.js';
import { SUITES, suiteById, suiteByName } from '../../src/verify/tls/suites.js';
import { canonicalManifest, compareVersions, verifyImage, verifySignature } from '../../src/verify/update/manifest.js';

function serverHello(extensions: [number, Buffer][], suite = 0xc02f, version = 0x0303): Buffer {
  const ext = Buffer.concat(
    extensions.map(([type, body]) =>
      Buffer.concat([Buffer.from([type >> 8, type & 0xff, body.length >> 8, body.length & 0xff]), body]),
    ),
  );
  return Buffer.concat([
    Buffer.from([version >> 8, version & 0xff]),
    Buffer.alloc(32, 7),
    Buffer.from([0]),
    Buffer.from([suite >> 8, suite & 0xff]),
    Buffer.from([0]),
    Buffer.from([ext.length >> 8, ext.length & 0xff]),
    ext,
  ]);
}

function record(type: number, body: Buffer, version = 0x0303): Buffer {
  return Buffer.concat([Buffer.from([type, version >> 8, version & 0xff, body.length >> 8, body.length & 0xff]), body]);
}

function handshake(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type, 0, body.length >> 8, body.length & 0xff]), body]);
}

describe('ClientHello', () => {
  it('writes a TLS 1.2 hello with the suites, groups and extensions asked for', () => {
    const hello = clientHello({ version: 0x0303, suites: [0xc02f, 0x000a], serverName: 'device.test' });
    assert.equal(hello[0], 22);
    assert.equal(hello.readUInt16BE(1), 0x0301);
    assert.equal(hello.readUInt16BE(3), hello.length - 5);
    assert.equal(hello[5], 1, 'ClientHello');
    assert.equal(hello.readUInt16BE(9), 0x0303);
    const suitesAt = 9 + 2 + 32 + 1;
    assert.equal(hello.readUInt16BE(suitesAt), 4);
    assert.deepEqual([hello.readUInt16BE(suitesAt + 2), hello.readUInt16BE(suitesAt + 4)], [0xc02f, 0x000a]);
    assert.ok(hello.includes(Buffer.from('device.test')));
    assert.ok(hello.includes(Buffer.from([0xff, 0x01, 0x00, 0x01, 0x00])), 'renegotiation_info');
  });

  it('offers TLS 1.3 through supported_versions with an X25519 key share', () => {
    const hello = clientHello({ version: 0x0303, supportedVersions: [0x0304], suites: [0x1301] });
    assert.ok(hello.includes(Buffer.from([0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04])));
    assert.ok(hello.includes(Buffer.from([0x00, 0x33, 0x00, 0x26, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20])));
  });

  it('writes SSLv3 without extensions and SSLv2 in the 2-byte header form', () => {
    const v3 = clientHello({ version: 0x0300, suites: [0x000a], noExtensions: true });
    assert.equal(v3.readUInt16BE(1), 0x0300);
    assert.equal(v3.length, 5 + 4 + 2 + 32 + 1 + 2 + 2 + 2);
    const v2 = sslv2ClientHello();
    assert.equal(v2[0]! & 0x80, 0x80);
    assert.equal(v2[2], 1);
    assert.equal(v2.readUInt16BE(3), 0x0002);
  });

  it('writes a DTLS hello with epoch, sequence, fragment fields and the cookie', () => {
    const hello = dtlsClientHello({ version: 0xfefd, suites: [0xc02b], cookie: Buffer.from('cafe', 'hex') }, 1);
    assert.equal(hello.readUInt16BE(1), 0xfeff);
    assert.equal(hello.readUInt16BE(11), hello.length - 13);
    assert.equal(hello[13], 1);
    assert.equal(hello.readUInt16BE(17), 1, 'message_seq');
    assert.equal(hello.readUInt16BE(25), 0xfefd);
    assert.deepEqual(hello.subarray(25 + 2 + 32 + 1, 25 + 2 + 32 + 1 + 3), Buffer.from([2, 0xca, 0xfe]));
  });
});

describe('server flight parsing', () => {
  it('reads every ServerHello extension, including the last one', () => {
    const body = serverHello([
      [EXT.renegotiationInfo, Buffer.from([0])],
      [EXT.ecPointFormats, Buffer.from([1, 0])],
      [EXT.extendedMasterSecret, Buffer.alloc(0)],
    ]);
    const sh = parseServerHello(body);
    assert.equal(sh.suite, 0xc02f);
    assert.deepEqual([...sh.extensions.keys()], [EXT.renegotiationInfo, EXT.ecPointFormats, EXT.extendedMasterSecret]);
  });

  it('takes the version from supported_versions and recognises a HelloRetryRequest', () => {
    const sh = parseServerHello(
      serverHello(
        [
          [EXT.supportedVersions, Buffer.from([3, 4])],
          [EXT.keyShare, Buffer.from([0, 23])],
        ],
        0x1301,
      ),
    );
    assert.equal(sh.version, 0x0304);
    assert.equal(sh.keyShareGroup, 23);
    const hrrBody = serverHello([[EXT.supportedVersions, Buffer.from([3, 4])]], 0x1301);
    Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex').copy(hrrBody, 2);
    assert.equal(parseServerHello(hrrBody).helloRetryRequest, true);
  });

  it('assembles handshake messages split across records, and stops at ServerHelloDone', () => {
    const messages = Buffer.concat([handshake(2, serverHello([])), handshake(14, Buffer.alloc(0))]);
    const parser = new FlightParser();
    parser.push(record(22, messages.subarray(0, 20)));
    assert.equal(parser.complete('hello'), false);
    parser.push(record(22, messages.subarray(20)));
    assert.equal(parser.complete('hello'), true);
    assert.equal(parser.complete('full'), true);
    assert.equal(parser.flight.serverHelloDone, true);
  });

  it('reads alerts, SSLv2 SERVER-HELLOs, and notices what is not TLS', () => {
    const alert = new FlightParser();
    alert.push(record(21, Buffer.from([2, 70])));
    assert.deepEqual(alert.flight.alert, { level: 2, description: 70 });
    const v2 = new FlightParser();
    // length, type 4, hit 0, cert type 1, version 0002, cert len 0, specs len 3, conn id len 0, spec
    v2.push(Buffer.from('800e04000100020000000300000700c0', 'hex'));
    assert.deepEqual(v2.flight.sslv2, { version: 2, ciphers: [0x0700c0] });
    const http = new FlightParser();
    http.push(Buffer.from('HTTP/1.1 400 Bad Request\r\n'));
    assert.equal(http.flight.notTls, true);
  });

  it('reads the DH modulus size and the named curve from a ServerKeyExchange', () => {
    const p = Buffer.concat([Buffer.from([0x00, 0xff]), Buffer.alloc(127, 0xff)]); // 1024 bits with a leading zero byte
    const dh = Buffer.concat([Buffer.from([0, p.length]), p, Buffer.from([0, 1, 2])]);
    assert.deepEqual(parseKeyExchange(dh, 'DHE', 'RSA'), { type: 'DH', bits: 1016 + 8 });
    assert.deepEqual(parseKeyExchange(Buffer.from([3, 0, 19, 1, 4]), 'ECDHE', 'RSA'), {
      type: 'ECDH',
      group: 19,
      name: 'secp192r1',
      bits: 192,
    });
    assert.equal(parseKeyExchange(Buffer.from([0, 0, 3, 0, 29]), 'ECDHE', 'PSK')?.type, 'ECDH');
  });
});

describe('the suite table and profiles', () => {
  it('has unique ids and names and classifies the well-known suites', () => {
    assert.ok(SUITES.length > 300);
    assert.equal(new Set(SUITES.map((s) => s.id)).size, SUITES.length);
    assert.equal(new Set(SUITES.map((s) => s.name)).size, SUITES.length);
    const cat = (id: number) => suiteById(id)?.category;
    assert.equal(cat(0x0001), 'NULL');
    assert.equal(cat(0x0034), 'aNULL');
    assert.equal(cat(0x0003), 'EXPORT');
    assert.equal(cat(0x0009), 'LOW');
    assert.equal(cat(0x000a), '3DES');
    assert.equal(cat(0x0007), '3DES', 'IDEA is a 64-bit block cipher like 3DES');
    assert.equal(cat(0x0005), 'RC4');
    assert.equal(cat(0x002f), 'CBC');
    assert.equal(cat(0xc02f), 'AEAD');
    assert.equal(suiteById(0xc02f)?.forwardSecrecy, true);
    assert.equal(suiteById(0x009c)?.forwardSecrecy, false);
    assert.equal(suiteById(0x1303)?.bits, 256);
    assert.equal(suiteByName('TLS_AKE_WITH_AES_128_GCM_SHA256')?.id, 0x1301, "nmap's TLS 1.3 names");
  });

  it('lists every Mozilla profile suite in the table, and offers strong suites first', () => {
    for (const profile of Object.values(PROFILES)) {
      for (const name of [...profile.suites, ...profile.tls13Suites])
        assert.ok(suiteByName(name), `${profile.name}: ${name}`);
    }
    assert.equal(suiteById(OFFER_ORDER[0]!)?.category, 'AEAD');
    assert.equal(suiteById(OFFER_ORDER[0]!)?.forwardSecrecy, true);
    assert.equal(suiteById(OFFER_ORDER.at(-1)!)?.category, 'NULL');
  });
});

describe('the CA/Browser Forum validity limit', () => {
  it('is the one in force on the day the certificate was issued', () => {
    const limit = (day: string) => cabfLimitDays(new Date(`${day}T12:00:00Z`));
    assert.equal(limit('2017-12-31'), undefined, 'before 2018-03-01 the limit was in months');
    assert.equal(limit('2019-06-01'), 825);
    assert.equal(limit('2020-09-01'), 398);
    assert.equal(limit('2026-03-14'), 398);
    assert.equal(limit('2026-03-15'), 200);
    assert.equal(limit('2027-03-15'), 100);
    assert.equal(limit('2029-03-15'), 47);
  });
});

describe('CoAP link format and SSDP', () => {
  it('parses RFC 6690 links with quoted commas', () => {
    const links = parseLinkFormat('</sensors/temp>;rt="temperature-c";if="sensor",</a,b>;title="x, y";ct=0,</>');
    assert.deepEqual(
      links.map((l) => l.path),
      ['/sensors/temp', '/a,b', '/'],
    );
    assert.equal(links[1]!.attributes.title, 'x, y');
    assert.equal(normalisePath('coap://[::1]/x/'), '/x');
    assert.equal(normalisePath('time'), '/time');
  });

  it('reads SSDP replies and UPnP descriptions', () => {
    const reply = parseSsdpReply(
      Buffer.from('HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nLocation: http://1.2.3.4/d.xml\r\n\r\n'),
      'unicast',
    );
    assert.equal(reply?.headers.location, 'http://1.2.3.4/d.xml');
    assert.equal(parseSsdpReply(Buffer.from('garbage'), 'unicast'), undefined);
    const d = parseDescription(
      '<root xmlns="urn:schemas-upnp-org:device-1-0"><device><deviceType>t</deviceType><serviceList><service><serviceType>s</serviceType><controlURL>/c</controlURL></service></serviceList></device></root>',
    );
    assert.deepEqual(d?.root.services, [{ serviceType: 's', controlURL: '/c', SCPDURL: undefined }]);
  });
});

describe('update manifests', () => {
  it('signs the manifest without its signature, with sorted keys and no whitespace', () => {
    assert.equal(
      canonicalManifest({
        version: '1',
        sha256: 'ab',
        image: 'x',
        signature: 'zz',
        meta: { b: 1, a: [2, { d: 1, c: 0 }] },
      }).toString(),
      '{"image":"x","meta":{"a":[2,{"c":0,"d":1}],"b":1},"sha256":"ab","version":"1"}',
    );
  });

  it('verifies an Ed25519 signature and rejects a changed field', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const manifest = { version: '1.2.3', image: 'fw.bin', sha256: 'a'.repeat(64) };
    const signature = sign(null, canonicalManifest(manifest), privateKey).toString('base64');
    assert.equal(verifySignature({ ...manifest, signature }, publicKey).ok, true);
    assert.equal(verifySignature({ ...manifest, version: '1.2.4', signature }, publicKey).ok, false);
    assert.equal(verifySignature(manifest, publicKey).reason, 'the manifest carries no signature');
    assert.equal(verifyImage({ sha256: 'a'.repeat(64) }, Buffer.from('x')).ok, false);
  });

  it('compares semver and dotted firmware versions', () => {
    assert.ok(compareVersions('2.1.0', '2.0.9') > 0);
    assert.ok(compareVersions('1.0.0-rc.1', '1.0.0') < 0);
    assert.ok(compareVersions('V1.10.2_build7', 'V1.9.8_build9') > 0);
    assert.equal(compareVersions('4.3', '4.3.0'), 0);
  });
});

describe('multicast in the scope guard', () => {
  it('allows only multicast groups, and none in loopback test mode outside a test namespace', async () => {
    const { Scope, ScopeViolation } = await import('../../src/verify/net/scope.js');
    const open = new Scope(['127.0.0.1'], { env: {} });
    assert.doesNotThrow(() => open.assertMulticast('239.255.255.250'));
    assert.throws(() => open.assertMulticast('127.0.0.1'), /not a multicast group/);
    const test = new Scope(['127.0.0.1'], { env: { IOTASSURE_TEST_SCOPE: 'loopback' } });
    assert.throws(() => test.assertMulticast('239.255.255.250'), ScopeViolation);
    const netns = new Scope(['127.0.0.1'], { env: { IOTASSURE_TEST_SCOPE: 'loopback', IOTASSURE_NETNS: '1' } });
    assert.doesNotThrow(() => netns.assertMulticast('239.255.255.250'));
  });
});
