import qs from 'qs';
import pino from 'pino';
import { createApp, type AppDeps } from '../../src/app.ts';
import type { Ctx } from '../../src/context.ts';
import type { Engine } from '../../src/db/engine.ts';
import { ManualClock, type Clock } from '../../src/kit/clock.ts';
import { createKey } from '../../src/modules/api-keys/service.ts';
import { ensureProject } from '../../src/modules/projects/service.ts';
import { openTestStorage, type TestStorage } from './storage.ts';

export interface CallOptions {
  /** Secret key to send as Bearer; `null` sends none. Defaults to the test-mode key. */
  key?: string | null;
  /** Form-encoded body (POST) or query (GET/DELETE), in Stripe's bracket notation. */
  params?: Record<string, unknown>;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  body: any;
  headers: Headers;
}

export interface TestApi {
  app: ReturnType<typeof createApp>;
  storage: TestStorage;
  clock: ManualClock;
  keys: { test: string; live: string; otherProject: string };
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  /** A service context of the main project (test mode unless `livemode`), as a request would get. */
  ctx(livemode?: boolean): Ctx;
  close(): Promise<void>;
}

export const silentLogger = pino({ level: 'silent' });

type TestDeps = Pick<AppDeps, 'dunning' | 'publicUrl' | 'upcomingNotice' | 'webhooks' | 'resolve' | 'outgoing' | 'stripeApiUrl' | 'makeProcessor'>;

/** A Bursar app on a fresh database with a project, its test and live keys, and a second project. */
export async function createTestApi(engine: Engine, clock = new ManualClock(1_767_225_600), deps: TestDeps = {}): Promise<TestApi> {
  return openTestApi(await openTestStorage(engine), clock, deps);
}

/** The same on a database the caller opened (one a child Bursar process then serves); close() closes `storage`. */
export async function openTestApi(storage: TestStorage, clock = new ManualClock(1_767_225_600), deps: TestDeps = {}): Promise<TestApi> {
  const db = storage.db;
  const project = await ensureProject(db, clock, 'Acme');
  const other = await ensureProject(db, clock, 'Other');
  const keys = {
    test: (await createKey(db, clock, { projectId: project.id, livemode: false })).secret,
    live: (await createKey(db, clock, { projectId: project.id, livemode: true })).secret,
    otherProject: (await createKey(db, clock, { projectId: other.id, livemode: false })).secret,
  };
  const app = createApp({ db, clock: clock as Clock, logger: silentLogger, ...deps });
  async function call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? keys.test : options.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let url = path;
    let body: string | undefined = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    } else if (options.params) {
      const encoded = qs.stringify(options.params, { arrayFormat: 'indices' });
      if (method === 'POST') {
        body = encoded;
        headers['content-type'] ??= 'application/x-www-form-urlencoded';
      } else {
        url += `?${encoded}`;
      }
    } else if (body !== undefined) {
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    const res = await app.request(url, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: res.status, body: parsed, headers: res.headers };
  }
  const ctx = (livemode = false): Ctx => ({ db, scope: { projectId: project.id, livemode }, clock, requestId: null, idempotencyKey: null, publicUrl: deps.publicUrl, outgoing: deps.outgoing, stripeApiUrl: deps.stripeApiUrl, makeProcessor: deps.makeProcessor });
  return { app, storage, clock, keys, call, ctx, close: () => storage.close() };
}
