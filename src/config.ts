import { resolve } from 'node:path';
import { ConfigError } from './kit/config-error.ts';
import { parseSecretKey } from './secrets/keys.ts';
import type { DunningPolicy } from './modules/subscriptions/dunning.ts';
import { DEFAULT_UPCOMING_NOTICE } from './modules/subscriptions/repository.ts';
import { DEFAULT_PORTAL_TIMEOUTS, type PortalTimeouts } from './modules/portal-sessions/timeouts.ts';
import { DEFAULT_WEBHOOK_POLICY, parseDuration, type WebhookPolicy } from './modules/webhooks/retry-policy.ts';

/** What the operator chose, from flags and the environment; flags win. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL when set, else SQLite in `dataDir`. */
  databaseUrl: string | undefined;
  /** Where clients reach Bursar (behind a proxy it differs from host:port); no trailing slash. */
  publicUrl: string;
  logLevel: LogLevel;
  /** Where a subscription ends when every retry of a failed renewal failed. */
  dunningExhausted: DunningPolicy['exhausted'];
  /** How long a customer portal session lasts and may sit idle, in seconds. */
  portalTimeouts: PortalTimeouts;
  /** Webhook retries, timeout and when a failing endpoint is disabled. */
  webhooks: WebhookPolicy;
  /** Host names, addresses and CIDR networks outgoing requests (webhooks, JWKS) may reach though internal. */
  webhookAllow: string[];
  /** How long before a renewal invoice.upcoming is sent, in seconds; 0: never. */
  upcomingRenewalNotice: number;
  /** The key secrets are sealed under, then older ones values may still be sealed under; empty: SQLite's key file. */
  secretKeys: Buffer[];
  /** Where Bursar calls Stripe's API instead of https://api.stripe.com (a stand-in server); unset: Stripe's own. */
  stripeApiUrl: string | undefined;
}

/** Command-line flags as commander hands them over (all optional strings). */
export interface ConfigFlags {
  port?: string;
  host?: string;
  data?: string;
  databaseUrl?: string;
  publicUrl?: string;
  logLevel?: string;
  dunningExhausted?: string;
  portalSessionLifetime?: string;
  portalIdleTimeout?: string;
  webhookRetrySchedule?: string;
  webhookTimeout?: string;
  webhookDisableAfter?: string;
  webhookAllow?: string;
  upcomingRenewalDays?: string;
  secretKey?: string;
  secretKeysOld?: string;
  stripeApiUrl?: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

// Storage throws it too (a missing or wrong secret key); its callers keep importing it from here.
export { ConfigError };

/** An empty string counts as unset, so `PORT= bursar serve` uses the default. */
function pick(flag: string | undefined, env: string | undefined): string | undefined {
  if (flag !== undefined && flag !== '') return flag;
  return env !== undefined && env !== '' ? env : undefined;
}

function parsePort(value: string, source: string): number {
  // 0 asks the OS for a free port (tests use it).
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new ConfigError(`Invalid port '${value}' (${source}): expected a whole number from 0 to 65535.`);
  }
  return Number(value);
}

function parseUrl(value: string, source: string, protocols: string[]): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`Invalid URL '${value}' (${source}).`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`Invalid URL '${value}' (${source}): expected ${protocols.map((p) => p + '//').join(' or ')}.`);
  }
  return url;
}

function parseLogLevel(value: string, source: string): LogLevel {
  const level = value.toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(`Invalid log level '${value}' (${source}): expected one of ${LOG_LEVELS.join(', ')}.`);
  }
  return level as LogLevel;
}

const DUNNING_ENDS = ['canceled', 'unpaid'] as const;

function parseDunningEnd(value: string, source: string): DunningPolicy['exhausted'] {
  if (!(DUNNING_ENDS as readonly string[]).includes(value)) {
    throw new ConfigError(`Invalid dunning end '${value}' (${source}): expected ${DUNNING_ENDS.join(' or ')}.`);
  }
  return value as DunningPolicy['exhausted'];
}

function parseSeconds(value: string, source: string): number {
  if (!/^\d{1,7}$/.test(value) || Number(value) < 60) {
    throw new ConfigError(`Invalid duration '${value}' (${source}): expected a whole number of seconds, at least 60.`);
  }
  return Number(value);
}

function parseDurationSetting(value: string, source: string): number {
  const ms = parseDuration(value);
  if (ms === null || ms <= 0) throw new ConfigError(`Invalid duration '${value}' (${source}): expected a number with a unit, such as 500ms, 15s, 30m, 2h or 5d.`);
  return ms;
}

function parseSchedule(value: string, source: string): number[] {
  const parts = value.split(',').map((p) => p.trim());
  const delays = parts.map((p) => parseDuration(p));
  if (delays.some((d) => d === null)) {
    throw new ConfigError(`Invalid retry schedule '${value}' (${source}): expected waits separated by commas, such as 5s,5m,30m,2h.`);
  }
  return delays as number[];
}

function parseAllow(value: string, source: string): string[] {
  const entries = value.split(',').map((e) => e.trim()).filter((e) => e !== '');
  for (const entry of entries) {
    if (!/^[A-Za-z0-9.:_-]+(\/\d{1,3})?$/.test(entry)) {
      throw new ConfigError(`Invalid webhook allowlist entry '${entry}' (${source}): expected a host name, an address or a CIDR network.`);
    }
  }
  return entries;
}

/** Stripe's "upcoming renewal events" setting counts whole days; 0 turns invoice.upcoming off. */
function parseNoticeDays(value: string, source: string): number {
  if (!/^\d{1,3}$/.test(value) || Number(value) > 365) {
    throw new ConfigError(`Invalid number of days '${value}' (${source}): expected a whole number from 0 (off) to 365.`);
  }
  return Number(value) * 86_400;
}

const KEY_FORMAT = 'expected 32 random bytes in base64 or hex, as `bursar secrets generate-key` prints';

// The message never repeats the value: it is a secret.
function parseKey(value: string, source: string): Buffer {
  const key = parseSecretKey(value);
  if (!key) throw new ConfigError(`Invalid secret key (${source}): ${KEY_FORMAT}.`);
  return key;
}

function parseOldKeys(value: string, source: string): Buffer[] {
  const keys = value.split(',').map((k) => k.trim()).filter((k) => k !== '').map((k) => parseSecretKey(k));
  if (keys.some((k) => k === null)) throw new ConfigError(`Invalid old secret keys (${source}): ${KEY_FORMAT}, separated by commas.`);
  return keys as Buffer[];
}

const source = (flagGiven: boolean, flag: string, env: string) => (flagGiven ? `--${flag}` : env);

/** Where a client on this machine reaches a server bound to `host` (a wildcard bind means "every interface"). */
export function defaultPublicUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const given = (v: string | undefined) => v !== undefined && v !== '';
  const portText = pick(flags.port, env.PORT);
  const port = portText === undefined ? 4242 : parsePort(portText, source(given(flags.port), 'port', 'PORT'));
  const host = pick(flags.host, env.HOST) ?? '127.0.0.1';
  const dataDir = resolve(pick(flags.data, env.BURSAR_DATA_DIR) ?? './bursar-data');

  const databaseUrl = pick(flags.databaseUrl, env.DATABASE_URL);
  if (databaseUrl !== undefined) {
    parseUrl(databaseUrl, source(given(flags.databaseUrl), 'database-url', 'DATABASE_URL'), ['postgres:', 'postgresql:']);
  }

  const publicText = pick(flags.publicUrl, env.BURSAR_PUBLIC_URL);
  const publicUrl =
    publicText === undefined
      ? defaultPublicUrl(host, port)
      : parseUrl(publicText, source(given(flags.publicUrl), 'public-url', 'BURSAR_PUBLIC_URL'), ['http:', 'https:'])
          .toString()
          .replace(/\/+$/, '');

  const levelText = pick(flags.logLevel, env.LOG_LEVEL);
  const logLevel =
    levelText === undefined ? 'info' : parseLogLevel(levelText, source(given(flags.logLevel), 'log-level', 'LOG_LEVEL'));

  const endText = pick(flags.dunningExhausted, env.BURSAR_DUNNING_EXHAUSTED);
  const dunningExhausted =
    endText === undefined ? 'canceled' : parseDunningEnd(endText, source(given(flags.dunningExhausted), 'dunning-exhausted', 'BURSAR_DUNNING_EXHAUSTED'));

  const seconds = (flag: string | undefined, env: string | undefined, name: string, envName: string, fallback: number) => {
    const text = pick(flag, env);
    return text === undefined ? fallback : parseSeconds(text, source(given(flag), name, envName));
  };
  const portalTimeouts = {
    lifetime: seconds(flags.portalSessionLifetime, env.BURSAR_PORTAL_SESSION_LIFETIME, 'portal-session-lifetime', 'BURSAR_PORTAL_SESSION_LIFETIME', DEFAULT_PORTAL_TIMEOUTS.lifetime),
    idle: seconds(flags.portalIdleTimeout, env.BURSAR_PORTAL_IDLE_TIMEOUT, 'portal-idle-timeout', 'BURSAR_PORTAL_IDLE_TIMEOUT', DEFAULT_PORTAL_TIMEOUTS.idle),
  };

  const setting = <T>(flag: string | undefined, name: string, envName: string, parse: (v: string, source: string) => T): T | undefined => {
    const text = pick(flag, env[envName]);
    return text === undefined ? undefined : parse(text, source(given(flag), name, envName));
  };
  const webhooks: WebhookPolicy = {
    ...DEFAULT_WEBHOOK_POLICY,
    delays: setting(flags.webhookRetrySchedule, 'webhook-retry-schedule', 'BURSAR_WEBHOOK_RETRY_SCHEDULE', parseSchedule) ?? DEFAULT_WEBHOOK_POLICY.delays,
    timeout: setting(flags.webhookTimeout, 'webhook-timeout', 'BURSAR_WEBHOOK_TIMEOUT', parseDurationSetting) ?? DEFAULT_WEBHOOK_POLICY.timeout,
    disableAfter: setting(flags.webhookDisableAfter, 'webhook-disable-after', 'BURSAR_WEBHOOK_DISABLE_AFTER', parseDurationSetting) ?? DEFAULT_WEBHOOK_POLICY.disableAfter,
  };
  const webhookAllow = setting(flags.webhookAllow, 'webhook-allow', 'BURSAR_WEBHOOK_ALLOW', parseAllow) ?? [];
  const upcomingRenewalNotice =
    setting(flags.upcomingRenewalDays, 'upcoming-renewal-days', 'BURSAR_UPCOMING_RENEWAL_DAYS', parseNoticeDays) ?? DEFAULT_UPCOMING_NOTICE;

  const secretKey = setting(flags.secretKey, 'secret-key', 'BURSAR_SECRET_KEY', parseKey);
  const oldKeys = setting(flags.secretKeysOld, 'secret-keys-old', 'BURSAR_SECRET_KEYS_OLD', parseOldKeys) ?? [];
  if (oldKeys.length > 0 && !secretKey) {
    throw new ConfigError(`Old secret keys (${source(given(flags.secretKeysOld), 'secret-keys-old', 'BURSAR_SECRET_KEYS_OLD')}) need the current key (--secret-key or BURSAR_SECRET_KEY).`);
  }
  const secretKeys = secretKey ? [secretKey, ...oldKeys] : [];

  const stripeApiUrl = setting(flags.stripeApiUrl, 'stripe-api-url', 'BURSAR_STRIPE_API_URL', (v, s) => parseUrl(v, s, ['http:', 'https:']).toString().replace(/\/+$/, ''));

  return { port, host, dataDir, databaseUrl, publicUrl, logLevel, dunningExhausted, portalTimeouts, webhooks, webhookAllow, upcomingRenewalNotice, secretKeys, stripeApiUrl };
}

/** The config once the server listens: `--port 0` picks the port then, and a default public URL follows it. */
export function withListenPort(config: Config, port: number): Config {
  if (config.port === port) return config;
  const publicUrl = config.publicUrl === defaultPublicUrl(config.host, config.port) ? defaultPublicUrl(config.host, port) : config.publicUrl;
  return { ...config, port, publicUrl };
}
