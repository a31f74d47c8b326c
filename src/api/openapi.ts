import * as z from 'zod';
import { paramsOf, type Route } from './route.ts';

type JsonSchema = { properties?: Record<string, unknown>; required?: string[]; [key: string]: unknown };

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        type: { enum: ['api_error', 'card_error', 'idempotency_error', 'invalid_request_error'] },
        message: { type: 'string' },
        code: { type: 'string' },
        param: { type: 'string' },
        decline_code: { type: 'string' },
      },
      required: ['type', 'message'],
    },
  },
  required: ['error'],
};

function schemaOf(route: Route): JsonSchema {
  const { $schema: _drop, ...schema } = z.toJSONSchema(paramsOf(route), { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return schema;
}

function operation(route: Route) {
  const schema = schemaOf(route);
  const pathParams = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const op: Record<string, unknown> = {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/\/:?(\w)(\w*)/g, (_m, a: string, b: string) => a.toUpperCase() + b)}`,
    summary: route.summary,
    tags: [route.tag],
    responses: {
      '200': { description: 'The object, or a list object `{object, data, has_more, url}`.' },
      default: { description: 'A Stripe-shaped error.', content: { 'application/json': { schema: errorSchema } } },
    },
  };
  if (route.method === 'POST') {
    op.parameters = [
      ...pathParams,
      { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } },
    ];
    op.requestBody = {
      required: (schema.required ?? []).length > 0,
      content: {
        'application/x-www-form-urlencoded': { schema },
        'application/json': { schema },
      },
    };
  } else {
    const required = new Set(schema.required ?? []);
    op.parameters = [
      ...pathParams,
      ...Object.entries(schema.properties ?? {}).map(([name, s]) => ({
        name,
        in: 'query',
        required: required.has(name),
        style: 'deepObject',
        explode: true,
        schema: s,
      })),
    ];
  }
  return op;
}

/** OpenAPI 3.1, built from the very schemas that validate requests. */
export function buildOpenApi(routes: Route[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Bursar API',
      version,
      description: "Stripe-compatible Billing API. Authenticate with `Authorization: Bearer sk_test_…`; bodies are form-encoded with Stripe's bracket notation, or JSON.",
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { secretKey: { type: 'http', scheme: 'bearer' } } },
    security: [{ secretKey: [] }],
    paths,
  };
}
