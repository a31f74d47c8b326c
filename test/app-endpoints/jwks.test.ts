import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { describeEachEngine } from '../support/suite.ts';
import { AUDIENCE, ISSUER, JSON_TYPE, startAppEndpoints, type AppEndpointsServer } from '../support/app-endpoints.ts';

// Tokens of an identity provider that signs with RS256/ES256 keys and publishes them as a JWKS:
// Bursar fetches the set from the project's `jwks_url` (jose's remote key set) and follows rotations.

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signingKey(kid: string, alg: SigningKey['alg']): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** The identity provider's JWKS endpoint on a loopback port: it publishes `keys` and counts fetches. */
interface Jwks {
  url: string;
  keys: SigningKey[];
  fetches: number;
  close(): Promise<void>;
}

async function serveJwks(keys: SigningKey[]): Promise<Jwks> {
  const jwks = { url: '', keys, fetches: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    jwks.fetches += 1;
    res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify({ keys: jwks.keys.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwks.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  jwks.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return jwks;
}

type Fixture = AppEndpointsServer & { jwks: Jwks; rsa: SigningKey; ec: SigningKey };

async function start(engine: 'sqlite' | 'postgres'): Promise<Fixture> {
  const server = await startAppEndpoints(engine);
  const [rsa, ec] = await Promise.all([signingKey('rsa-1', 'RS256'), signingKey('ec-1', 'ES256')]);
  const jwks = await serveJwks([rsa, ec]);
  const set = await server.api.call('POST', '/v1/app_endpoint_settings', { params: { jwks_url: jwks.url } });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  await server.enable('bearer-data-envelope');
  const close = server.close;
  return { ...server, jwks, rsa, ec, close: async () => { await close(); await jwks.close(); } };
}

describeEachEngine('app endpoint callers with a JWKS', start, (server) => {
  const token = (key: SigningKey, claims: Record<string, unknown> = { sub: 'user_ada' }, kid = key.kid) => {
    const now = server().api.clock.now();
    return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid }).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt(now).setExpirationTime(now + 600).sign(key.privateKey);
  };
  const call = async (jwt: string) => {
    const reply = await server().send('http://x/api/billing/portal', {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ returnUrl: 'https://app.example.com/billing' }),
    });
    assert.match(reply.type!, JSON_TYPE);
    return reply;
  };
  const lastSession = async () => (await server().stripe.events.list({ type: 'billing_portal.session.created', limit: 1 })).data[0].data.object as any;
  const UNAUTHORIZED = { success: false, error: { code: 'UNAUTHORIZED', message: 'Authentication required' } };

  it('RS256 and ES256 tokens verify against the published keys, with issuer and audience checked', async () => {
    const s = server();
    const rsa = await call(await token(s.rsa));
    assert.equal(rsa.status, 200, JSON.stringify(rsa.body));
    assert.equal((await lastSession()).customer, s.customers.ada.id);
    const ec = await call(await token(s.ec, { sub: 'user_grace' }));
    assert.equal(ec.status, 200, JSON.stringify(ec.body));
    assert.equal((await lastSession()).customer, s.customers.grace.id);
    const now = s.api.clock.now();
    const wrongAudience = await new SignJWT({ sub: 'user_ada' }).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).setIssuer(ISSUER).setAudience('another-app').setExpirationTime(now + 600).sign(s.rsa.privateKey);
    assert.deepEqual((await call(wrongAudience)).body, UNAUTHORIZED);
    assert.equal(s.jwks.fetches, 1, 'the key set is fetched once and kept');
  });

  it('a token signed by a key the provider does not publish is refused, whatever kid it claims', async () => {
    const s = server();
    const stranger = await signingKey('rsa-1', 'RS256');
    assert.deepEqual((await call(await token(stranger))).body, UNAUTHORIZED, 'a published kid, another key');
    const unknown = await signingKey('rsa-unknown', 'RS256');
    assert.deepEqual((await call(await token(unknown))).body, UNAUTHORIZED, 'an unpublished kid');
    assert.deepEqual((await call(await token(unknown, { sub: 'user_ada' }, 'ec-1'))).body, UNAUTHORIZED, 'an RS256 signature under the ES256 kid');
  });

  it('follows a key rotation: a new key is fetched when a token names it, a retired one stops working', async (t) => {
    const s = server();
    // jose keeps the set by wall time: at most one refetch per 30 s for unknown keys, and a refresh after 10 minutes.
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    t.mock.timers.tick(31_000);
    const fetches = s.jwks.fetches;
    const next = await signingKey('rsa-2', 'RS256');
    const early = await call(await token(next));
    assert.equal(early.status, 401, 'not published yet');
    assert.equal(s.jwks.fetches, fetches + 1, 'an unknown key makes one refetch');

    // The provider publishes the new key and signs with it: within the cooldown Bursar does not refetch ...
    s.jwks.keys = [s.rsa, s.ec, next];
    assert.equal((await call(await token(next))).status, 401);
    assert.equal(s.jwks.fetches, fetches + 1, 'unknown keys cannot make Bursar hammer the provider');
    // ... and after it, the first token with the new key brings it in.
    t.mock.timers.tick(31_000);
    const rotated = await call(await token(next));
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    assert.equal(s.jwks.fetches, fetches + 2);
    assert.equal((await call(await token(s.rsa))).status, 200, 'the previous key still works while published');

    // The provider retires the old key: once the kept set is refreshed, its tokens are refused.
    s.jwks.keys = [s.ec, next];
    t.mock.timers.tick(601_000);
    assert.deepEqual((await call(await token(s.rsa))).body, UNAUTHORIZED);
    assert.equal((await call(await token(next))).status, 200);
    assert.equal((await lastSession()).customer, s.customers.ada.id);
  });
});
