import type { Context } from 'hono';
import { parseForm } from '../../api/body.ts';
import { checkUrl } from '../../net/url.ts';
import type { Contract, FieldSpec } from './contract.ts';
import type { Fields } from './actions.ts';
import { refuse, Refusal } from './refusal.ts';

async function bodyOf(c: Context): Promise<Record<string, unknown> | Refusal> {
  if (c.req.method === 'GET' || c.req.method === 'DELETE') return c.req.query();
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  try {
    const value = type === 'application/x-www-form-urlencoded' ? parseForm(text) : JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {}
  return refuse('invalid_request', 'Invalid request body: expected a JSON object', { param: 'body', type: 'json_invalid' });
}

function check(key: keyof Fields, spec: FieldSpec, value: unknown): string | undefined | Refusal {
  const param = { param: spec.name };
  if (value === undefined || value === null || value === '') {
    return spec.required ? refuse('invalid_request', spec.messages?.missing ?? `${spec.name} is required`, { ...param, type: 'missing' }) : undefined;
  }
  const url = key === 'return_url';
  if (typeof value !== 'string' || value.length > 5000 || (url && 'problem' in checkUrl(value))) {
    const message = spec.messages?.invalid ?? (url ? `${spec.name} must be an absolute http or https URL` : `${spec.name} must be a string`);
    return refuse('invalid_request', message, { ...param, type: url ? 'url_parsing' : 'string_type' });
  }
  return value;
}

/** The request fields the contract reads, validated, under their Bursar names. */
export async function readFields(c: Context, contract: Contract): Promise<Fields | Refusal> {
  const specs = Object.entries(contract.request).filter((entry): entry is [keyof Fields, FieldSpec] => entry[1] !== undefined);
  if (specs.length === 0) return {};
  const body = await bodyOf(c);
  if (body instanceof Refusal) return body;
  const fields: Fields = {};
  for (const [key, spec] of specs) {
    const value = check(key, spec, body[spec.name]);
    if (value instanceof Refusal) return value;
    if (value !== undefined) fields[key] = value;
  }
  return fields;
}
