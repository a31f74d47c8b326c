import qs from 'qs';
import type { Hono } from 'hono';

/** A Stripe-style error from the in-process API, with the status and message it answered. */
export class ApiCallError extends Error {
  override name = 'ApiCallError';
  readonly status: number;
  readonly body: any;
  constructor(method: string, path: string, status: number, body: any) {
    super(`${method} ${path} answered ${status}: ${body?.error?.message ?? JSON.stringify(body)}`);
    this.status = status;
    this.body = body;
  }
}

export interface ApiClient {
  get(path: string, params?: Record<string, unknown>): Promise<any>;
  /** Like `get`, but a 404 (resource_missing) gives null instead of throwing. */
  find(path: string): Promise<any | null>;
  post(path: string, params?: Record<string, unknown>): Promise<any>;
  delete(path: string): Promise<any>;
}

/**
 * Calls the API in-process (`app.request`) with a secret key, form-encoded in Stripe's
 * bracket notation: the demo seeds its data through the same contract clients use.
 */
export function apiClient(app: Hono<any>, secretKey: string): ApiClient {
  async function call(method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, unknown> = {}): Promise<any> {
    // Indices, as Stripe's SDKs send them: `brackets` cannot say where one object of a list ends.
    const encoded = qs.stringify(params, { arrayFormat: 'indices' });
    const headers: Record<string, string> = { authorization: `Bearer ${secretKey}` };
    let url = path;
    let body: string | undefined;
    if (method === 'POST') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = encoded;
    } else if (encoded) {
      url += `?${encoded}`;
    }
    const res = await app.request(url, { method, headers, body });
    const json = await res.json();
    if (res.status !== 200) throw new ApiCallError(method, path, res.status, json);
    return json;
  }
  return {
    get: (path, params) => call('GET', path, params),
    post: (path, params) => call('POST', path, params),
    delete: (path) => call('DELETE', path),
    async find(path) {
      try {
        return await call('GET', path);
      } catch (error) {
        if (error instanceof ApiCallError && error.status === 404) return null;
        throw error;
      }
    },
  };
}
