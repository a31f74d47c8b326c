import Stripe from 'stripe';
import { OutgoingError, type OutgoingClient } from '../../net/client.ts';

/** The API version Bursar speaks to Stripe in, pinned so Stripe's shapes never change under it. */
export const STRIPE_API_VERSION = Stripe.API_VERSION;

/** A charge can take seconds at Stripe (the card network answers); longer than that is unknown. */
export const STRIPE_TIMEOUT_MS = 30_000;

export interface StripeClientOptions {
  secretKey: string;
  /** Bursar's guarded client of the project's mode: the only way out. */
  client: OutgoingClient;
  /** A stand-in for api.stripe.com (scheme, host, port); Stripe's own when unset. */
  apiUrl?: string;
  timeoutMs?: number;
}

/** Stripe's SDK sending every request through Bursar's guarded client (address policy, size bound, no redirects). */
class GuardedHttpClient extends Stripe.HttpClient {
  readonly #client: OutgoingClient;

  constructor(client: OutgoingClient) {
    super();
    this.#client = client;
  }

  override getClientName(): string {
    return 'bursar';
  }

  override async makeRequest(
    host: string,
    port: string,
    path: string,
    method: string,
    headers: Record<string, unknown>,
    requestData: string | null,
    protocol: string,
    timeout: number,
  ): Promise<GuardedResponse> {
    if (method !== 'GET' && method !== 'POST') throw new OutgoingError(`Refused to send a ${method} request to Stripe`);
    const url = new URL(`${protocol === 'http' ? 'http' : 'https'}://${host}${path}`);
    url.port = String(port);
    const sent: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) if (value !== undefined && value !== null) sent[name] = String(value);
    try {
      const res = await this.#client.request(url, { method, headers: sent, body: method === 'POST' ? (requestData ?? '') : undefined, timeout });
      if (res.truncated) throw new OutgoingError(`Stripe's answer is larger than ${res.body.length} bytes`);
      return new GuardedResponse(res.status, res.headers as Record<string, string>, res.body.toString('utf8'));
    } catch (error) {
      // Stripe's SDK reports a timeout by this code, anything else as a connection error.
      if (error instanceof OutgoingError && error.message.startsWith('Timed out')) throw Object.assign(error, { code: Stripe.HttpClient.TIMEOUT_ERROR_CODE });
      throw error;
    }
  }
}

class GuardedResponse extends Stripe.HttpClientResponse {
  readonly #body: string;

  constructor(status: number, headers: Record<string, string>, body: string) {
    super(status, headers);
    this.#body = body;
  }

  /** What the SDK exposes as `lastResponse` (it adds the status and request id to it). */
  override getRawResponse(): object {
    return {};
  }

  override toStream(): never {
    throw new OutgoingError('Bursar reads Stripe answers whole, never as streams');
  }

  override async toJSON(): Promise<unknown> {
    return this._parseResponseBody(this.#body);
  }
}

/**
 * Stripe's SDK for one account, through the guarded client. It never retries on its own:
 * Bursar retries an unknown outcome with the attempt's idempotency key, later.
 */
export function stripeClient(options: StripeClientOptions): Stripe {
  const target = options.apiUrl ? new URL(options.apiUrl) : null;
  return new Stripe(options.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    httpClient: new GuardedHttpClient(options.client),
    maxNetworkRetries: 0,
    timeout: options.timeoutMs ?? STRIPE_TIMEOUT_MS,
    telemetry: false,
    appInfo: { name: 'Bursar' },
    ...(target && {
      host: target.hostname,
      port: target.port || (target.protocol === 'http:' ? 80 : 443),
      protocol: target.protocol === 'http:' ? 'http' : 'https',
    }),
  });
}
