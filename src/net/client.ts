import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressPolicy, allowlist, resolveAllowed, systemResolver, type AddressPolicy, type Resolver } from './address-guard.ts';

/**
 * The one way Bursar calls out (webhook deliveries, JWKS, anything later): only addresses
 * the mode's policy allows are connected to (checked at connection time, on the resolved
 * address), no redirect is followed (a 3xx is the answer), the whole exchange is bounded by
 * a timeout and no more than a bounded number of response bytes is read.
 */

export interface ClientOptions {
  /** Live mode refuses loopback too; test mode allows it for local development. */
  livemode: boolean;
  /** The operator's allowlist: host names, addresses and CIDR networks reached though internal. */
  allow?: readonly string[];
  resolve?: Resolver;
  /** Keeps connections open between requests (many deliveries to one endpoint); `close()` ends them. */
  keepAlive?: boolean;
  /** Default bound of a whole exchange, in milliseconds. */
  timeout?: number;
  /** Default bound of a response body, in bytes. */
  maxBytes?: number;
}

export interface OutgoingRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeout?: number;
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface OutgoingResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** At most `maxBytes`. */
  body: Buffer;
  /** The response was longer than `maxBytes`: the rest was not read and the connection was dropped. */
  truncated: boolean;
}

/** A request that got no answer: refused by the policy, timed out, or a network error. */
export class OutgoingError extends Error {
  override name = 'OutgoingError';
}

/** `fetch` as libraries that take one call it (jose's JWKS): GET only, same guards. */
export type GuardedFetch = (url: string, init: { method?: string; headers?: Headers | Record<string, string>; signal?: AbortSignal }) => Promise<Response>;

export interface OutgoingClient {
  request(url: string | URL, req?: OutgoingRequest): Promise<OutgoingResponse>;
  fetch: GuardedFetch;
  /** Ends kept-alive connections. */
  close(): void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 1024 * 1024;

/** Statuses whose Response has no body. */
const NO_BODY = new Set([204, 205, 304]);

export function outgoingClient(options: ClientOptions): OutgoingClient {
  const policy: AddressPolicy = addressPolicy(options.livemode, allowlist(options.allow ?? []));
  const resolve = options.resolve ?? systemResolver;
  // One pool per client: a socket opened under one mode's rules never serves another's.
  const agents = options.keepAlive
    ? { http: new http.Agent({ keepAlive: true, maxSockets: 16 }), https: new https.Agent({ keepAlive: true, maxSockets: 16 }) }
    : null;

  async function request(url: string | URL, req: OutgoingRequest = {}): Promise<OutgoingResponse> {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new OutgoingError(`Refused to connect to ${target.protocol} URLs: only http and https`);
    const timeout = req.timeout ?? options.timeout ?? DEFAULT_TIMEOUT_MS;
    const maxBytes = req.maxBytes ?? options.maxBytes ?? DEFAULT_MAX_BYTES;
    const deadline = AbortSignal.timeout(timeout);
    const signal = req.signal ? AbortSignal.any([deadline, req.signal]) : deadline;
    let addresses: { address: string; family: number }[];
    try {
      addresses = await resolveAllowed(policy, target.hostname, resolve);
    } catch (error) {
      throw new OutgoingError((error as Error).message);
    }
    if (deadline.aborted) throw new OutgoingError(`Timed out after ${timeout} ms`);
    signal.throwIfAborted();
    // Connect to the addresses just checked, never to a second DNS answer.
    const pinned: LookupFunction = (_host, lookupOptions, callback) => {
      if (lookupOptions.all) (callback as any)(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    };
    const secure = target.protocol === 'https:';
    return new Promise<OutgoingResponse>((done, fail) => {
      const body = req.body ?? '';
      const outgoing = (secure ? https : http).request(target, {
        method: req.method ?? 'GET',
        agent: agents ? (secure ? agents.https : agents.http) : false,
        lookup: pinned,
        signal,
        headers: { ...req.headers, ...(req.body !== undefined && { 'content-length': Buffer.byteLength(body) }) },
      });
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        fail(new OutgoingError(deadline.aborted ? `Timed out after ${timeout} ms` : `${error.code ? `${error.code}: ` : ''}${error.message}`));
      });
      outgoing.on('response', (res) => {
        const chunks: Buffer[] = [];
        let read = 0;
        let truncated = false;
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          read += chunk.length;
          if (read > maxBytes) {
            truncated = true;
            res.destroy();
          }
        });
        const finish = () => done({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).subarray(0, maxBytes), truncated });
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', () => {});
      });
      outgoing.end(req.body);
    });
  }

  const fetch: GuardedFetch = async (url, init) => {
    const method = (init.method ?? 'GET').toUpperCase();
    if (method !== 'GET') throw new OutgoingError(`Refused to send a ${method} request through fetch`);
    const res = await request(url, { headers: Object.fromEntries(new Headers(init.headers)), signal: init.signal });
    if (res.truncated) throw new OutgoingError(`The response of ${new URL(url).host} is larger than ${res.body.length} bytes`);
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    return new Response(NO_BODY.has(res.status) ? null : new Uint8Array(res.body), { status: res.status, headers });
  };

  return {
    request,
    fetch,
    close() {
      agents?.http.destroy();
      agents?.https.destroy();
    },
  };
}

/** A client per mode, so a request of one mode never uses the other's rules or connections. */
export interface ModeClients {
  of(livemode: boolean): OutgoingClient;
  close(): void;
}

export function modeClients(options: Omit<ClientOptions, 'livemode'>): ModeClients {
  const test = outgoingClient({ ...options, livemode: false });
  const live = outgoingClient({ ...options, livemode: true });
  return {
    of: (livemode) => (livemode ? live : test),
    close() {
      test.close();
      live.close();
    },
  };
}
