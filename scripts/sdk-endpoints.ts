import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One method of the official `stripe` package and the request it makes. */
export interface SdkEndpoint {
  /** How code reaches it: `customers`, `billingPortal.sessions`, `testHelpers.testClocks`. */
  resource: string;
  /** The method's name: `retrieve`, `search`, `createBalanceTransaction`. */
  method: string;
  verb: 'GET' | 'POST' | 'DELETE';
  /** The request's path with each id as `:param`, in order: `/v1/customers/:param/tax_ids/:param`. */
  pattern: string;
}

const RESOURCES = fileURLToPath(new URL('../node_modules/stripe/esm/resources/', import.meta.url));

// The generated resources are regular: a method's head, then its single `_makeRequest(verb, path`
// where the path is a quoted literal or a template whose ids are `${encodeURIComponent(name)}`.
const METHOD = /^ {4}([a-zA-Z]+)\([^)]*\) \{$/;
const REQUEST = /this\._makeRequest\('(GET|POST|DELETE)', (?:'([^']+)'|`([^`]+)`)/;

const camel = (name: string) => name[0]!.toLowerCase() + name.slice(1);

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.name.endsWith('.js')) yield path;
  }
}

/** Every request method the installed `stripe` package can call, read from its resource files. */
export function sdkEndpoints(): SdkEndpoint[] {
  const endpoints: SdkEndpoint[] = [];
  for (const file of filesUnder(RESOURCES)) {
    const resource = relative(RESOURCES, file).replace(/\.js$/, '').split(/[\\/]/).map(camel).join('.');
    let method: string | null = null;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const head = METHOD.exec(line);
      if (head) method = head[1]!;
      const request = REQUEST.exec(line);
      if (!request || method === null) continue;
      const pattern = (request[2] ?? request[3]!).replace(/\$\{encodeURIComponent\([a-zA-Z]+\)\}/g, ':param');
      // A path taken from a response (v2's related objects) is no endpoint of its own.
      if (pattern.includes('${')) continue;
      endpoints.push({ resource, method, verb: request[1] as SdkEndpoint['verb'], pattern });
      method = null;
    }
  }
  return endpoints.sort((a, b) => a.resource.localeCompare(b.resource) || a.method.localeCompare(b.method));
}

/** A route path with its parameters' names dropped (`/v1/customers/:id` → `/v1/customers/:param`), to compare with the SDK's. */
export function patternOf(routePath: string): string {
  return routePath.replace(/:[a-zA-Z_]+/g, ':param');
}
