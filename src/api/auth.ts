import type { Db } from '../db/database.ts';
import type { Scope } from '../context.ts';
import { BursarError } from '../kit/errors.ts';
import { authenticate } from '../modules/api-keys/service.ts';

const MISSING =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').";

/** The secret key from `Authorization: Bearer …` or HTTP Basic (key as user name), as Stripe accepts. */
export function secretFromHeader(header: string | undefined): string {
  if (!header) throw BursarError.unauthorized(MISSING);
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme) && value) return value;
  if (/^basic$/i.test(scheme) && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const user = decoded.split(':')[0];
    if (user) return user;
  }
  throw BursarError.unauthorized(
    "Invalid Authorization header: use 'Authorization: Bearer YOUR_SECRET_KEY' or HTTP Basic with the key as user name.",
  );
}

/** `generation`: the database's change generation, read once per request (see changeGeneration). */
export async function authorize(db: Db, header: string | undefined, generation: number | null): Promise<Scope> {
  return authenticate(db, secretFromHeader(header), generation);
}
