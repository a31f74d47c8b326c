import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { Scope } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import type { ModeClients } from '../../net/client.ts';
import { remoteJwks } from '../../net/jwks.ts';
import { CUSTOMER_KEY, customerOfKey } from '../api-keys/customer-keys.ts';
import type { Contract } from './contract.ts';
import { refuse, type Refusal } from './refusal.ts';
import type { SettingsRow } from './repository.ts';

/** Who is calling: an end user's verified token, or a customer key that names its customer. */
export type Caller = { kind: 'token'; claims: JWTPayload } | { kind: 'key'; customer: string };

/** A credential and whether it came in a cookie (which browsers send whichever site makes the request). */
export type Credential = { kind: 'token' | 'key'; value: string; cookie: boolean };

function bearer(c: Context): string | null {
  const match = /^bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  return match ? match[1] : null;
}

/** The first credential the contract accepts that the request carries. A Bearer ck_… is a key. */
export function credentialOf(c: Context, contract: Contract): Credential | null {
  const accepts = contract.auth.credentials;
  for (const kind of accepts) {
    if (kind === 'api_key') {
      const key = c.req.header('x-api-key') ?? bearer(c);
      if (key && (c.req.header('x-api-key') || CUSTOMER_KEY.test(key))) return { kind: 'key', value: key, cookie: false };
    } else {
      const token = kind === 'bearer_jwt' ? bearer(c) : (getCookie(c, contract.auth.cookie) ?? null);
      if (token) return { kind: CUSTOMER_KEY.test(token) && accepts.includes('api_key') ? 'key' : 'token', value: token, cookie: kind === 'cookie_jwt' };
    }
  }
  return null;
}

/** The project a token says it is for (multi-project apps), read before it can be verified. */
export function claimedProject(token: string, claim: string): string | null {
  try {
    const value = decodeJwt(token)[claim];
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** Whether the project can verify tokens at all (an HS256 secret or a JWKS URL). */
export const verifiesTokens = (settings: SettingsRow) => settings.jwt_secret !== null || settings.jwks_url !== null;

/** Verifies a token's signature, expiry (required), issuer and audience as the project sets them. */
async function verifyToken(token: string, settings: SettingsRow, now: number, outgoing: ModeClients): Promise<JWTPayload | null> {
  const options = {
    issuer: settings.issuer ?? undefined,
    audience: settings.audience ?? undefined,
    currentDate: new Date(now * 1000),
    requiredClaims: ['exp'],
  };
  try {
    const hs256 = decodeProtectedHeader(token).alg === 'HS256';
    if (hs256 && settings.jwt_secret !== null) {
      return (await jwtVerify(token, new TextEncoder().encode(settings.jwt_secret), { ...options, algorithms: ['HS256'] })).payload;
    }
    if (!hs256 && settings.jwks_url !== null) return (await jwtVerify(token, remoteJwks(settings.jwks_url, outgoing.of(settings.livemode === 1)), options)).payload;
    return null;
  } catch {
    return null;
  }
}

/** The caller behind a credential, for an endpoint of `scope`; a key of another project or mode opens nothing. */
export async function authenticateCaller(db: Db, scope: Scope, settings: SettingsRow, credential: Credential, now: number, contract: Contract, outgoing: ModeClients): Promise<Caller | Refusal> {
  const invalid = refuse('unauthorized', contract.auth.messages.invalid, { reason: 'invalid' });
  if (credential.kind === 'key') {
    const found = await customerOfKey(db, credential.value);
    if (!found || found.scope.projectId !== scope.projectId || found.scope.livemode !== scope.livemode) return invalid;
    return { kind: 'key', customer: found.customer };
  }
  const claims = await verifyToken(credential.value, settings, now, outgoing);
  return claims ? { kind: 'token', claims } : invalid;
}
