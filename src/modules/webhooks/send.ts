import type { OutgoingClient } from '../../net/client.ts';

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

export interface SendOptions {
  timeout: number;
  /** The mode's client: keep-alive connections, only to addresses its policy allows. */
  client: OutgoingClient;
}

/**
 * POSTs `payload` once: no redirect is followed (a 3xx is a failed attempt), the whole
 * exchange is bounded by `timeout`, and only addresses the client's policy allows are connected to.
 */
export async function postWebhook(url: string, payload: string, headers: Record<string, string>, o: SendOptions): Promise<SendOutcome> {
  const started = performance.now();
  const done = (status: number | null, error: string | null, body: string | null): SendOutcome => ({
    status,
    durationMs: Math.round(performance.now() - started),
    error,
    body,
  });
  try {
    const res = await o.client.request(url, { method: 'POST', headers, body: payload, timeout: o.timeout, maxBytes: RESPONSE_BODY_READ });
    return done(res.status, null, res.body.subarray(0, RESPONSE_BODY_KEPT).toString('utf8'));
  } catch (error) {
    return done(null, (error as Error).message, null);
  }
}
