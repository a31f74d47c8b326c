// Which parameters the `stripe` package declares for the endpoints Bursar serves, and what
// Bursar does with each: accepted, refused as not supported (and why), or neither.
// `npm run param-audit` prints the table of docs/api.md "Parameters not supported";
// test/api/sdk-params.test.ts checks the table and the answers.
import { apiRoutes } from '../src/api/routes.ts';
import { paramsOf, type Route } from '../src/api/route.ts';
import { notSupportedParams } from '../src/api/not-supported.ts';
import { patternOf, sdkEndpoints, type SdkEndpoint } from './sdk-endpoints.ts';
import { sdkParams, type SdkParam } from './sdk-params.ts';
import { hashShape, notSupportedWhy } from './param-keys.ts';

export interface Served {
  route: Route;
  /** `customers.create`, as the SDK names it. */
  method: string;
  endpoint: SdkEndpoint;
}

export interface Refused {
  method: string;
  route: Route;
  /** `tax`, `invoice_settings[rendering_options]`, `items[price_data]` (a key of each hash of a list). */
  param: string;
  list: boolean;
  why: string;
}

export interface ParamAudit {
  served: Served[];
  declared: Map<string, SdkParam[]>;
  /** Declared parameters of served methods, with the keys of hashes Bursar takes. */
  total: number;
  refused: Refused[];
  /** `customers.create: tax`: neither accepted nor refused. */
  missing: string[];
  /** Refused by not-supported.ts though the route's schema takes it: one of the two is out of date. */
  shadowed: string[];
}

export const routeKey = (route: Route) => `${route.method} ${route.path}`;

export function auditParams(): ParamAudit {
  const served: Served[] = [];
  for (const endpoint of sdkEndpoints()) {
    const route = apiRoutes.find((r) => r.method === endpoint.verb && patternOf(r.path) === endpoint.pattern);
    if (route) served.push({ route, method: `${endpoint.resource}.${endpoint.method}`, endpoint });
  }
  const declared = sdkParams(new Set(served.map((s) => s.endpoint.resource)));
  const refused: Refused[] = [];
  const missing: string[] = [];
  const shadowed: string[] = [];
  let total = 0;
  for (const { route, method } of served) {
    const shape = paramsOf(route).shape;
    const fromTable = notSupportedParams[routeKey(route)] ?? {};
    /** Whether Bursar takes the parameter (neither refuses it nor lacks it). */
    const classify = (param: string, schema: Parameters<typeof notSupportedWhy>[0] | undefined, list: boolean) => {
      total++;
      if (fromTable[param] !== undefined && schema && notSupportedWhy(schema) === undefined) shadowed.push(`${method}: ${param}`);
      const why = fromTable[param] ?? (schema ? notSupportedWhy(schema) : undefined);
      if (why !== undefined) refused.push({ method, route, param, list, why });
      else if (!schema) missing.push(`${method}: ${param}`);
      return why === undefined && schema !== undefined;
    };
    for (const param of declared.get(method) ?? []) {
      const schema = shape[param.name];
      if (!classify(param.name, schema, false) || !param.keys) continue;
      // Bursar takes a free-form value here (refused or checked by the service): no keys to compare.
      const keys = hashShape(schema!);
      if (!keys) continue;
      for (const key of param.keys) classify(`${param.name}[${key}]`, keys[key], param.list);
    }
  }
  return { served, declared, total, refused, missing, shadowed };
}

/** The table docs/api.md shows: a row per SDK method and reason. */
export function notSupportedTable(refused: readonly Refused[]): string {
  const rows = new Map<string, string[]>();
  for (const r of refused) {
    const key = `${r.method}\0${r.why}`;
    rows.set(key, [...(rows.get(key) ?? []), r.param]);
  }
  const lines = [...rows].map(([key, params]) => {
    const [method, why] = key.split('\0');
    return `| \`stripe.${method}\` | ${params.map((p) => `\`${p}\``).join(' ')} | ${why} |`;
  });
  return ['| SDK method | Parameters not supported | Why |', '| --- | --- | --- |', ...lines].join('\n');
}

if (import.meta.main) {
  const audit = auditParams();
  console.log(notSupportedTable(audit.refused));
  console.log(`\n${audit.total} declared parameters of ${audit.served.length} served methods: ${audit.total - audit.refused.length - audit.missing.length} accepted, ${audit.refused.length} not supported, ${audit.missing.length} neither.`);
}
