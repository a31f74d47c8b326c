import type { Context } from 'hono';
import { BursarError } from '../../kit/errors.ts';
import { parseBody } from '../../kit/parse-body.ts';
import { checkUrl } from '../../net/url.ts';
import type { Contract, FieldSpec } from './contract.ts';
import type { Fields } from './actions.ts';
import { refuse, Refusal } from './refusal.ts';

type Specs = [keyof Fields, FieldSpec][];

/** The contract's own answer for a field it reads that holds what no field may (a NUL, nesting). */
function invalid(key: keyof Fields, spec: FieldSpec): Refusal {
  const url = key === 'return_url';
  const message = spec.messages?.invalid ?? (url ? `${spec.name} must be an absolute http or https URL` : `${spec.name} must be a string`);
  return refuse('invalid_request', message, { param: spec.name, type: url ? 'url_parsing' : 'string_type' });
}

async function bodyOf(c: Context, specs: Specs): Promise<Record<string, unknown> | Refusal> {
  const reading = c.req.method === 'GET' || c.req.method === 'DELETE';
  const text = reading ? new URL(c.req.url).search.slice(1) : await c.req.text();
  if (text.trim() === '') return {};
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  try {
    return parseBody(text, reading || type === 'application/x-www-form-urlencoded' ? 'form' : 'json');
  } catch (error) {
    const param = error instanceof BursarError ? error.param : undefined;
    if (param === undefined) return refuse('invalid_request', 'Invalid request body: expected a JSON object', { param: 'body', type: 'json_invalid' });
    const field = specs.find(([, spec]) => spec.name === param);
    return field ? invalid(...field) : refuse('invalid_request', (error as BursarError).message, { param, type: 'json_invalid' });
  }
}

function check(key: keyof Fields, spec: FieldSpec, value: unknown): string | undefined | Refusal {
  if (value === undefined || value === null || value === '') {
    return spec.required ? refuse('invalid_request', spec.messages?.missing ?? `${spec.name} is required`, { param: spec.name, type: 'missing' }) : undefined;
  }
  if (typeof value !== 'string' || value.length > 5000 || (key === 'return_url' && 'problem' in checkUrl(value))) return invalid(key, spec);
  return value;
}

/** The request fields the contract reads, validated, under their Bursar names. */
export async function readFields(c: Context, contract: Contract): Promise<Fields | Refusal> {
  const specs = Object.entries(contract.request).filter((entry): entry is Specs[number] => entry[1] !== undefined);
  if (specs.length === 0) return {};
  const body = await bodyOf(c, specs);
  if (body instanceof Refusal) return body;
  const fields: Fields = {};
  for (const [key, spec] of specs) {
    const value = check(key, spec, body[spec.name]);
    if (value instanceof Refusal) return value;
    if (value !== undefined) fields[key] = value;
  }
  return fields;
}
