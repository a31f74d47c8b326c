import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import Stripe from 'stripe';
import type { Engine } from '../../src/db/engine.ts';
import { createTestApi, type TestApi } from './api.ts';
import { ConformanceLog } from './conformance.ts';

export interface SdkServer {
  /** The app behind the server, with its database, clock and keys. */
  api: TestApi;
  port: number;
  /** The official SDK with the project's test-mode key, pointed at Bursar. */
  stripe: Stripe;
  /** The official SDK with another key (live mode, another project, a revoked one …). */
  stripeWith(key: string, config?: Stripe.StripeConfig): Stripe;
  /** Every JSON body of /v1 answered so far, checked against Stripe's declared shapes. */
  conformance: ConformanceLog;
  /** Closes the server; fails, listing each one, if any response differed from Stripe's shapes. */
  close(): Promise<void>;
}

/** Bursar on a real HTTP server (127.0.0.1, a free port) over a fresh database, driven by the `stripe` SDK. */
export async function startSdkServer(engine: Engine, deps: Parameters<typeof createTestApi>[2] = {}): Promise<SdkServer> {
  // Listen first: the app's public URL (in invoice and portal links) is this server's.
  let api: TestApi | undefined;
  const conformance = new ConformanceLog();
  const fetch = async (req: Request) => checked(conformance, req, await api!.app.fetch(req));
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve({ server, port: info.port }),
    );
  });
  api = await createTestApi(engine, undefined, { ...deps, publicUrl: `http://127.0.0.1:${port}` });
  const stripeWith = (key: string, config: Stripe.StripeConfig = {}) =>
    new Stripe(key, { host: '127.0.0.1', port, protocol: 'http', ...config });
  return {
    api,
    port,
    stripe: stripeWith(api.keys.test),
    stripeWith,
    conformance,
    async close() {
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await api.close();
      conformance.assertNoneAtClose('Responses of /v1');
    },
  };
}

/** Records how a JSON response of /v1 differs from Stripe's declared shape of it. */
async function checked(conformance: ConformanceLog, req: Request, res: Response): Promise<Response> {
  const { pathname } = new URL(req.url);
  // The OpenAPI description is Bursar's own document, not a Stripe object.
  if (!pathname.startsWith('/v1/') || pathname === '/v1/openapi.json') return res;
  if (!res.headers.get('content-type')?.includes('application/json')) return res;
  const source = `${req.method} ${pathname} (${res.status})`;
  const text = await res.clone().text();
  try {
    conformance.check(source, JSON.parse(text));
  } catch {
    conformance.check(source, text);
  }
  return res;
}

export interface ExpectedSdkError {
  /** The SDK's error class name, e.g. 'StripeCardError' (the SDK picks it by HTTP status). */
  type: string;
  /** The error envelope's own `type`, when the class does not tell it (e.g. a 409 is a StripeAPIError). */
  rawType?: string;
  statusCode: number;
  message: string | RegExp;
  code?: string | undefined;
  param?: string | undefined;
  decline_code?: string | undefined;
}

/** The SDK call fails with exactly this error, as the SDK surfaces it to an app. */
export async function assertSdkError(promise: Promise<unknown>, expected: ExpectedSdkError): Promise<Stripe.errors.StripeError> {
  let caught: unknown;
  await assert.rejects(promise, (err) => {
    caught = err;
    return true;
  });
  const err = caught as Stripe.errors.StripeError;
  assert.ok(err instanceof Stripe.errors.StripeError, `a StripeError, not ${String(err)}`);
  assert.equal(err.type, expected.type);
  assert.equal(err.constructor.name, expected.type);
  assert.equal(err.statusCode, expected.statusCode);
  if (expected.rawType !== undefined) assert.equal(err.rawType, expected.rawType);
  if (typeof expected.message === 'string') assert.equal(err.message, expected.message);
  else assert.match(err.message, expected.message);
  assert.equal(err.code, expected.code);
  assert.equal(err.param, expected.param);
  assert.equal(err.decline_code, expected.decline_code);
  assert.match(err.requestId ?? '', /^req_/);
  return err;
}
