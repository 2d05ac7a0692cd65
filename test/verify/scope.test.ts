import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Scope, ScopeViolation } from '../../src/verify/net/scope.js';

describe('scope guard', () => {
  it('allows only the listed addresses and ranges', () => {
    const scope = new Scope(['127.0.0.1', '127.0.1.0/28'], { env: {} });
    assert.equal(scope.allows('127.0.0.1'), true);
    assert.equal(scope.allows('127.0.1.15'), true);
    assert.equal(scope.allows('127.0.1.16'), false);
    assert.equal(scope.allows('127.0.0.2'), false);
  });

  it('refuses private and public addresses in test mode even when listed', () => {
    const scope = new Scope(['10.0.0.1', '192.168.1.10', '8.8.8.8', '127.0.0.1'], {
      env: { IOTASSURE_TEST_SCOPE: 'loopback' },
    });
    for (const address of ['10.0.0.1', '192.168.1.10', '8.8.8.8']) {
      assert.throws(() => scope.admit(address, 80), ScopeViolation);
    }
    assert.doesNotThrow(() => scope.admit('127.0.0.1', 80));
  });

  it('inside a test network namespace the listed addresses are allowed again', () => {
    const scope = new Scope(['10.200.0.2'], { env: { IOTASSURE_TEST_SCOPE: 'loopback', IOTASSURE_NETNS: '1' } });
    assert.equal(scope.allows('10.200.0.2'), true);
  });

  it('refuses host names, malformed entries and ranges that are too large', () => {
    const scope = new Scope(['127.0.0.1'], { env: {} });
    assert.throws(() => scope.admit('localhost'), /not an IP address/);
    assert.throws(() => new Scope(['10.0.0.0/16'], { env: {} }), /65536 addresses; the limit is 256/);
    assert.throws(() => new Scope(['not-an-ip'], { env: {} }), ScopeViolation);
  });

  it('treats IPv4-mapped IPv6 addresses as their IPv4 address', () => {
    const scope = new Scope(['127.0.0.1'], { env: {} });
    assert.equal(scope.allows('::ffff:127.0.0.1'), true);
    assert.equal(scope.allows('::ffff:10.0.0.1'), false);
  });
});
