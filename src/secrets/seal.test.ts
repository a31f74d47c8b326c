import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { generateSecretKey, keyring, parseSecretKey } from './keys.ts';
import { isSealed, openSecret, sealSecret } from './seal.ts';

describe('sealed secrets', () => {
  const a = randomBytes(32);
  const b = randomBytes(32);

  it('seal a value under the current key, each time with a fresh nonce, and open it again', () => {
    const ring = keyring([a]);
    const first = sealSecret(ring, 'whsec_abc');
    const second = sealSecret(ring, 'whsec_abc');
    assert.match(first, new RegExp(`^v1:${ring.current.id}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$`));
    assert.notEqual(first, second);
    assert.ok(!first.includes('whsec_abc'));
    assert.equal(openSecret(ring, first), 'whsec_abc');
    assert.equal(openSecret(ring, second), 'whsec_abc');
    assert.ok(isSealed(first));
    assert.ok(!isSealed('whsec_abc'));
  });

  it('open values sealed under an older key of the ring', () => {
    const old = sealSecret(keyring([a]), 'ünïcode secret');
    const rotated = keyring([b, a]);
    assert.equal(openSecret(rotated, old), 'ünïcode secret');
    assert.equal(sealSecret(rotated, 'x').split(':')[1], rotated.current.id);
    assert.notEqual(rotated.current.id, keyring([a]).current.id);
  });

  it('refuse a tampered value, a value under an unknown key and a value that is not sealed', () => {
    const ring = keyring([a]);
    const sealed = sealSecret(ring, 'whsec_abc');
    const [v, id, nonce, body] = sealed.split(':');
    const bytes = Buffer.from(body!, 'base64url');
    bytes[0]! ^= 1;
    assert.throws(() => openSecret(ring, [v, id, nonce, bytes.toString('base64url')].join(':')), /could not be opened/);
    const flippedTag = Buffer.from(body!, 'base64url');
    flippedTag[flippedTag.length - 1]! ^= 1;
    assert.throws(() => openSecret(ring, [v, id, nonce, flippedTag.toString('base64url')].join(':')), /could not be opened/);
    assert.throws(() => openSecret(ring, [v, id, Buffer.alloc(12).toString('base64url'), body].join(':')), /could not be opened/);
    assert.throws(() => openSecret(keyring([b]), sealed), new RegExp(`sealed under key ${id}, which is not configured`));
    assert.throws(() => openSecret(ring, 'whsec_abc'), /not a sealed value/);
  });

  it('read a key of 32 bytes in base64, base64url or hex, and nothing else', () => {
    const key = randomBytes(32);
    assert.deepEqual(parseSecretKey(key.toString('base64')), key);
    assert.deepEqual(parseSecretKey(key.toString('base64url')), key);
    assert.deepEqual(parseSecretKey(key.toString('hex')), key);
    assert.deepEqual(parseSecretKey(key.toString('hex').toUpperCase()), key);
    assert.deepEqual(parseSecretKey(generateSecretKey())?.length, 32);
    for (const bad of ['', 'short', randomBytes(16).toString('base64'), randomBytes(33).toString('base64'), 'x'.repeat(44), key.toString('hex').slice(1)]) {
      assert.equal(parseSecretKey(bad), null, bad);
    }
  });
});
