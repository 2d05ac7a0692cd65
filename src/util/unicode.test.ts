import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { uriComponent, wellFormed } from './unicode.js';

describe('text that goes into URIs', () => {
  it('replaces unpaired surrogates and keeps pairs (encodeURIComponent would throw URIError)', () => {
    assert.throws(() => encodeURIComponent('GHSA-\ud800-x'), URIError);
    assert.equal(uriComponent('GHSA-\ud800-x'), 'GHSA-%EF%BF%BD-x');
    assert.equal(uriComponent('\udc00'), '%EF%BF%BD');
    assert.equal(wellFormed('ok \ud83d\ude00'), 'ok \ud83d\ude00');
    assert.equal(uriComponent('a b/ü'), 'a%20b%2F%C3%BC');
  });
});
