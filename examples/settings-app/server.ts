// The example app's server: serves the settings page and the app's session (the user's
// token and where Bursar is). It proxies nothing: the page calls Bursar itself, over CORS.
//   BURSAR_URL=http://127.0.0.1:4242 BURSAR_TOKEN=<JWT> node examples/settings-app/server.ts
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SettingsAppOptions {
  /** Where the browser reaches Bursar. */
  apiBase: string;
  /** The signed-in user's token (a JWT your auth server issued; `bursar demo --json` prints one). */
  token: string;
  port?: number;
  host?: string;
}

export interface SettingsApp {
  /** The page's own URL, e.g. http://127.0.0.1:3000/settings/billing */
  url: string;
  origin: string;
  close(): Promise<void>;
}

const file = (name: string) => readFileSync(new URL(name, import.meta.url));
const FILES: Record<string, { type: string; body: Buffer }> = {
  '/settings/billing': { type: 'text/html; charset=utf-8', body: file('index.html') },
  '/settings.js': { type: 'text/javascript; charset=utf-8', body: file('settings.js') },
};

export function startSettingsApp(options: SettingsAppOptions): Promise<SettingsApp> {
  const session = Buffer.from(JSON.stringify({ apiBase: options.apiBase, token: options.token }));
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://app').pathname;
    if (req.method !== 'GET') return void res.writeHead(405).end();
    if (path === '/') return void res.writeHead(302, { location: '/settings/billing' }).end();
    const found = path === '/session.json' ? { type: 'application/json', body: session } : FILES[path];
    if (!found) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    res.writeHead(200, { 'content-type': found.type, 'cache-control': 'no-store' }).end(found.body);
  });
  return new Promise((resolve) => {
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const origin = `http://${options.host ?? '127.0.0.1'}:${port}`;
      resolve({
        url: `${origin}/settings/billing`,
        origin,
        close: () => new Promise<void>((done, fail) => {
          server.close((err) => (err ? fail(err) : done()));
          server.closeAllConnections();
        }),
      });
    });
  });
}

if (import.meta.main) {
  const token = process.env.BURSAR_TOKEN;
  if (!token) {
    console.error('Set BURSAR_TOKEN to a user token (see examples/settings-app/README.md).');
    process.exit(1);
  }
  const app = await startSettingsApp({
    apiBase: process.env.BURSAR_URL ?? 'http://127.0.0.1:4242',
    token,
    port: Number(process.env.PORT ?? 3000),
    host: process.env.HOST ?? 'localhost',
  });
  console.log(`Settings page: ${app.url}`);
}
