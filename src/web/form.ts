import type { Context } from 'hono';
import { BursarError } from '../kit/errors.ts';
import { parseBody } from '../kit/parse-body.ts';

export type Form = Record<string, unknown>;

/**
 * The one reader of a hosted page's posted form: urlencoded, or multipart as a browser may
 * send it (text fields only), through the one body parser, so names in bracket notation
 * nest (`address[city]`) and the same limits hold. Anything malformed is a 400 BursarError.
 */
export async function readForm(c: Context): Promise<Form> {
  const type = (c.req.header('content-type') ?? 'application/x-www-form-urlencoded').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return parseBody(await c.req.text(), 'form');
  if (type !== 'multipart/form-data') throw BursarError.invalid(`Unsupported Content-Type '${type}': send a form`);
  let data: FormData;
  try {
    data = await c.req.formData();
  } catch {
    throw BursarError.invalid('Invalid form: the multipart body is malformed.');
  }
  const fields = new URLSearchParams();
  for (const [name, value] of data) {
    if (typeof value !== 'string') throw BursarError.invalid(`Invalid ${name}: this form takes text, not files.`, name);
    fields.append(name, value);
  }
  return parseBody(fields.toString(), 'form');
}

/** The form's top-level text fields; a field sent as a list or a group is left out. */
export function textFields(form: Form): Record<string, string | undefined> {
  const out: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(form)) if (typeof value === 'string') out[name] = value;
  return out;
}
