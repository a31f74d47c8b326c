import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConformanceLog } from './conformance.ts';
import { API_VERSION } from '../../src/modules/events/api-version.ts';

export interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

export type ReceiverHandler = (req: Received, res: ServerResponse) => void;

export interface Receiver {
  url: string;
  port: number;
  /** Every request received so far, in arrival order. */
  requests: Received[];
  /** How the next requests are answered (default: 200 `ok`). */
  handle: ReceiverHandler;
  /** Every event received, checked against Stripe's declared shapes. */
  conformance: ConformanceLog;
  /** Stops listening; fails, listing each one, if any event differed from Stripe's shapes. */
  close(): Promise<void>;
}

const answer200: ReceiverHandler = (_req, res) => res.end('ok');

/** A webhook receiver on 127.0.0.1 (a free port unless `port` is given), recording what it gets. */
export async function startReceiver(port = 0): Promise<Receiver> {
  const requests: Received[] = [];
  const conformance = new ConformanceLog();
  const receiver: Receiver = { url: '', port: 0, requests, handle: answer200, conformance, close: async () => {} };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const received = { headers: req.headers, body };
      requests.push(received);
      checkEvent(conformance, body);
      receiver.handle(received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/webhooks`;
  receiver.close = async () => {
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    conformance.assertNoneAtClose('Webhook payloads');
  };
  return receiver;
}

/** Checks a body that is an event; other requests (a processor's, a test's own) are not Stripe objects. */
function checkEvent(conformance: ConformanceLog, body: string): void {
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch {
    return;
  }
  // An endpoint of an older api_version gets that version's shapes, not those the declarations describe.
  const version = (event as { api_version?: unknown } | null)?.api_version;
  const older = typeof version === 'string' && version !== API_VERSION;
  if (typeof event === 'object' && event !== null && (event as { object?: unknown }).object === 'event' && !older) {
    conformance.check(`webhook ${String((event as { type?: unknown }).type)}`, event);
  }
}

/** Waits until `check` holds, polling every 10 ms, failing after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
