import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ConfigError, loadConfig, withListenPort, type ConfigFlags } from './config.ts';
import { DEFAULT_WEBHOOK_POLICY } from './modules/webhooks/retry-policy.ts';

describe('config', () => {
  it('has defaults for a fresh clone', () => {
    assert.deepEqual(loadConfig({}, {}), {
      port: 4242,
      host: '127.0.0.1',
      dataDir: resolve('bursar-data'),
      databaseUrl: undefined,
      publicUrl: 'http://127.0.0.1:4242',
      logLevel: 'info',
      dunningExhausted: 'canceled',
      portalTimeouts: { lifetime: 3600, idle: 1800 },
      webhooks: DEFAULT_WEBHOOK_POLICY,
      webhookAllow: [],
      upcomingRenewalNotice: 3 * 86_400,
      secretKeys: [],
      stripeApiUrl: undefined,
    });
  });

  it('reads the environment, and flags win over it', () => {
    const env = {
      PORT: '8080',
      HOST: '0.0.0.0',
      BURSAR_DATA_DIR: '/var/lib/bursar',
      DATABASE_URL: 'postgres://db/bursar',
      BURSAR_PUBLIC_URL: 'https://billing.example.com/',
      LOG_LEVEL: 'WARN',
      BURSAR_DUNNING_EXHAUSTED: 'unpaid',
    };
    const fromEnv = loadConfig({}, env);
    assert.deepEqual(fromEnv, {
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/bursar',
      databaseUrl: 'postgres://db/bursar',
      publicUrl: 'https://billing.example.com',
      logLevel: 'warn',
      dunningExhausted: 'unpaid',
      portalTimeouts: { lifetime: 3600, idle: 1800 },
      webhooks: DEFAULT_WEBHOOK_POLICY,
      webhookAllow: [],
      upcomingRenewalNotice: 3 * 86_400,
      secretKeys: [],
      stripeApiUrl: undefined,
    });
    const flags = { port: '9000', host: '::1', data: '/srv/b', databaseUrl: 'postgresql://other/x', publicUrl: 'http://b.test', logLevel: 'debug', dunningExhausted: 'canceled' };
    assert.deepEqual(loadConfig(flags, env), {
      port: 9000,
      host: '::1',
      dataDir: '/srv/b',
      databaseUrl: 'postgresql://other/x',
      publicUrl: 'http://b.test',
      logLevel: 'debug',
      dunningExhausted: 'canceled',
      portalTimeouts: { lifetime: 3600, idle: 1800 },
      webhooks: DEFAULT_WEBHOOK_POLICY,
      webhookAllow: [],
      upcomingRenewalNotice: 3 * 86_400,
      secretKeys: [],
      stripeApiUrl: undefined,
    });
  });

  it('takes the portal session lifetime and idle timeout in seconds', () => {
    const env = { BURSAR_PORTAL_SESSION_LIFETIME: '7200', BURSAR_PORTAL_IDLE_TIMEOUT: '600' };
    assert.deepEqual(loadConfig({}, env).portalTimeouts, { lifetime: 7200, idle: 600 });
    assert.deepEqual(loadConfig({ portalIdleTimeout: '900' }, env).portalTimeouts, { lifetime: 7200, idle: 900 });
    assert.throws(() => loadConfig({ portalSessionLifetime: '10' }, {}), /Invalid duration '10' \(--portal-session-lifetime\): expected a whole number of seconds, at least 60\./);
    assert.throws(() => loadConfig({}, { BURSAR_PORTAL_IDLE_TIMEOUT: 'soon' }), /\(BURSAR_PORTAL_IDLE_TIMEOUT\)/);
  });

  it('reads the webhook settings: retry schedule, timeout, disabling, allowlist', () => {
    const env = { BURSAR_WEBHOOK_RETRY_SCHEDULE: '1s, 2m,3h,1d', BURSAR_WEBHOOK_TIMEOUT: '500ms', BURSAR_WEBHOOK_DISABLE_AFTER: '2d', BURSAR_WEBHOOK_ALLOW: 'hooks.internal,10.0.0.0/8,::1' };
    const config = loadConfig({}, env);
    assert.deepEqual(config.webhooks, { ...DEFAULT_WEBHOOK_POLICY, delays: [1000, 120_000, 10_800_000, 86_400_000], timeout: 500, disableAfter: 172_800_000 });
    assert.deepEqual(config.webhookAllow, ['hooks.internal', '10.0.0.0/8', '::1']);
    assert.deepEqual(loadConfig({ webhookTimeout: '2s' }, env).webhooks.timeout, 2000);
  });

  it('takes the days before a renewal that invoice.upcoming is sent; 0 turns it off', () => {
    assert.equal(loadConfig({}, { BURSAR_UPCOMING_RENEWAL_DAYS: '7' }).upcomingRenewalNotice, 7 * 86_400);
    assert.equal(loadConfig({ upcomingRenewalDays: '0' }, { BURSAR_UPCOMING_RENEWAL_DAYS: '7' }).upcomingRenewalNotice, 0);
  });

  it('takes the secret key and older ones in base64 or hex, and never repeats one in a message', () => {
    const [current, old, older] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const env = { BURSAR_SECRET_KEY: current.toString('base64'), BURSAR_SECRET_KEYS_OLD: `${old.toString('hex')}, ${older.toString('base64url')}` };
    assert.deepEqual(loadConfig({}, env).secretKeys, [current, old, older]);
    assert.deepEqual(loadConfig({ secretKey: old.toString('hex') }, { BURSAR_SECRET_KEY: env.BURSAR_SECRET_KEY }).secretKeys, [old]);
    const wrong = 'not-a-key-but-a-password';
    for (const [flags, env, message] of [
      [{ secretKey: wrong }, {}, /^Invalid secret key \(--secret-key\): expected 32 random bytes in base64 or hex, as `bursar secrets generate-key` prints\.$/],
      [{}, { BURSAR_SECRET_KEY: randomBytes(16).toString('base64') }, /^Invalid secret key \(BURSAR_SECRET_KEY\)/],
      [{}, { BURSAR_SECRET_KEY: current.toString('hex'), BURSAR_SECRET_KEYS_OLD: `${old.toString('hex')},${wrong}` }, /^Invalid old secret keys \(BURSAR_SECRET_KEYS_OLD\)/],
      [{ secretKeysOld: old.toString('hex') }, {}, /^Old secret keys \(--secret-keys-old\) need the current key/],
    ] as [ConfigFlags, Record<string, string>, RegExp][]) {
      assert.throws(() => loadConfig(flags, env), (e) => e instanceof ConfigError && message.test(e.message) && !e.message.includes(wrong));
    }
  });

  it("takes the address of Stripe's API (a stand-in server), flags over the environment", () => {
    assert.equal(loadConfig({}, { BURSAR_STRIPE_API_URL: 'http://127.0.0.1:12111/' }).stripeApiUrl, 'http://127.0.0.1:12111');
    assert.equal(loadConfig({ stripeApiUrl: 'https://stripe-mock.internal' }, { BURSAR_STRIPE_API_URL: 'http://127.0.0.1:12111' }).stripeApiUrl, 'https://stripe-mock.internal');
  });

  it('derives the public URL from where it listens, reachable from this machine', () => {
    assert.equal(loadConfig({ port: '5000' }, { HOST: '0.0.0.0' }).publicUrl, 'http://127.0.0.1:5000');
    assert.equal(loadConfig({ host: '::1' }, {}).publicUrl, 'http://[::1]:4242');
    const picked = withListenPort(loadConfig({ port: '0' }, {}), 41234);
    assert.deepEqual([picked.port, picked.publicUrl], [41234, 'http://127.0.0.1:41234']);
    const given = withListenPort(loadConfig({ port: '0', publicUrl: 'https://b.example' }, {}), 41234);
    assert.equal(given.publicUrl, 'https://b.example');
  });

  it('names the bad value and where it came from', () => {
    const bad: [ConfigFlags, Record<string, string>, RegExp][] = [
      [{ port: 'abc' }, {}, /Invalid port 'abc' \(--port\)/],
      [{}, { PORT: '-1' }, /Invalid port '-1' \(PORT\)/],
      [{}, { PORT: '65536' }, /Invalid port '65536' \(PORT\)/],
      [{}, { DATABASE_URL: 'sqlite://x' }, /\(DATABASE_URL\): expected postgres:\/\/ or postgresql:\/\//],
      [{ publicUrl: 'ftp://x' }, {}, /\(--public-url\): expected http:\/\/ or https:\/\//],
      [{}, { LOG_LEVEL: 'verbose' }, /Invalid log level 'verbose' \(LOG_LEVEL\)/],
      [{ dunningExhausted: 'paused' }, {}, /Invalid dunning end 'paused' \(--dunning-exhausted\): expected canceled or unpaid/],
      [{}, { BURSAR_DUNNING_EXHAUSTED: 'Unpaid' }, /Invalid dunning end 'Unpaid' \(BURSAR_DUNNING_EXHAUSTED\)/],
      [{}, { BURSAR_WEBHOOK_RETRY_SCHEDULE: '5s,soon' }, /Invalid retry schedule '5s,soon' \(BURSAR_WEBHOOK_RETRY_SCHEDULE\)/],
      [{ webhookTimeout: '15' }, {}, /Invalid duration '15' \(--webhook-timeout\)/],
      [{}, { BURSAR_WEBHOOK_ALLOW: 'http://x/' }, /Invalid webhook allowlist entry 'http:\/\/x\/' \(BURSAR_WEBHOOK_ALLOW\)/],
      [{ upcomingRenewalDays: '2.5' }, {}, /Invalid number of days '2.5' \(--upcoming-renewal-days\): expected a whole number from 0 \(off\) to 365/],
      [{}, { BURSAR_UPCOMING_RENEWAL_DAYS: '400' }, /Invalid number of days '400' \(BURSAR_UPCOMING_RENEWAL_DAYS\)/],
      [{ stripeApiUrl: 'api.stripe.com' }, {}, /Invalid URL 'api.stripe.com' \(--stripe-api-url\)/],
      [{}, { BURSAR_STRIPE_API_URL: 'ftp://x' }, /\(BURSAR_STRIPE_API_URL\): expected http:\/\/ or https:\/\//],
    ];
    for (const [flags, env, message] of bad) assert.throws(() => loadConfig(flags, env), (e) => e instanceof ConfigError && message.test(e.message));
  });
});
