import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolveAllowed, type AddressPolicy, type Resolver } from './address-guard.ts';

/** The first bytes of a response kept in the attempt's record. */
export const RESPONSE_BODY_KEPT = 1024;
/** Reading stops (and the connection is dropped) past this: a receiver has nothing more to say. */
const RESPONSE_BODY_READ = 64 * 1024;

export interface SendOutcome {
  /** The HTTP status, or null when there was no response (timeout, connection error, refused). */
  status: number | null;
  durationMs: number;
  error: string | null;
  body: string | null;
}

/** Keep-alive connections, one pool per address policy: a socket opened for test mode never serves live mode. */
export interface SendAgents {
  http: http.Agent;
  https: https.Agent;
}

export function sendAgents(): SendAgents {
  return { http: new http.Agent({ keepAlive: true, maxSockets: 16 }), https: new https.Agent({ keepAlive: true, maxSockets: 16 }) };
}

export interface SendOptions {
  timeout: number;
  policy: AddressPolicy;
  resolve: Resolver;
  agents: SendAgents;
}

/**
 * POSTs `payload` once: no redirect is followed (a 3xx is a failed attempt), the whole
 * exchange is bounded by `timeout`, and only addresses the policy allows are connected to.
 */
export async function postWebhook(url: string, payload: string, headers: Record<string, string>, o: SendOptions): Promise<SendOutcome> {
  const started = performance.now();
  const done = (status: number | null, error: string | null, body: string | null): SendOutcome => ({
    status,
    durationMs: Math.round(performance.now() - started),
    error,
    body,
  });
  const target = new URL(url);
  const deadline = AbortSignal.timeout(o.timeout);
  let addresses: { address: string; family: number }[];
  try {
    addresses = await resolveAllowed(o.policy, target.hostname, o.resolve);
  } catch (error) {
    return done(null, (error as Error).message, null);
  }
  if (deadline.aborted) return done(null, `Timed out after ${o.timeout} ms`, null);
  // Connect to the addresses just checked, never to a second DNS answer.
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) (callback as any)(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };
  const secure = target.protocol === 'https:';
  return new Promise<SendOutcome>((resolve) => {
    const req = (secure ? https : http).request(target, {
      method: 'POST',
      agent: secure ? o.agents.https : o.agents.http,
      lookup: pinned,
      signal: deadline,
      headers: { ...headers, 'content-length': Buffer.byteLength(payload) },
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const message = deadline.aborted ? `Timed out after ${o.timeout} ms` : `${error.code ? `${error.code}: ` : ''}${error.message}`;
      resolve(done(null, message, null));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        if (read < RESPONSE_BODY_KEPT) chunks.push(chunk);
        read += chunk.length;
        if (read > RESPONSE_BODY_READ) res.destroy();
      });
      const finish = () => {
        const body = Buffer.concat(chunks).subarray(0, RESPONSE_BODY_KEPT).toString('utf8');
        resolve(done(res.statusCode ?? null, null, body));
      };
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', () => {});
    });
    req.end(payload);
  });
}
