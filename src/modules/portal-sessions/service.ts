import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { hmacSha256, sha256Hex } from '../../kit/crypto.ts';
import { newId, newToken } from '../../kit/ids.ts';
import { recordEvent } from '../events/service.ts';
import { requireCustomer } from '../customers/service.ts';
import { publicUrlOf } from '../invoices/links.ts';
import { toConfigurationObject } from '../portal-configurations/object.ts';
import { configurationFor } from '../portal-configurations/service.ts';
import { sessionFlow } from './flow.ts';
import { toSessionObject, type SessionObject } from './object.ts';
import { findSessionByCookieHash, findSessionByLinkHash, insertSession, markEnded, markOpened, markSeen, type PortalSessionRow } from './repository.ts';
import type { CreateSessionParams } from './schemas.ts';
import { DEFAULT_PORTAL_TIMEOUTS, type PortalTimeouts } from './timeouts.ts';

/** Link and cookie tokens: 32 random bytes, base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const sessionLinkPath = (token: string) => `/p/session/${token}`;

/** `POST /v1/billing_portal/sessions`: a one-time link into the portal for one customer. */
export async function createSession(ctx: Ctx, p: CreateSessionParams): Promise<SessionObject> {
  await requireCustomer(ctx, p.customer, 'customer');
  const config = await configurationFor(ctx, p.configuration);
  const features = toConfigurationObject(config).features;
  const flow = await sessionFlow(ctx, p.flow_data, p.customer, features);
  const timeouts = ctx.portalTimeouts ?? DEFAULT_PORTAL_TIMEOUTS;
  const token = newToken();
  const now = ctx.clock.now();
  const row = await insertSession(ctx.db, {
    id: newId('bps'),
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    created: now,
    customer: p.customer,
    configuration: config.id,
    return_url: p.return_url ?? config.default_return_url,
    locale: p.locale ?? null,
    on_behalf_of: p.on_behalf_of ?? null,
    flow: flow === null ? null : JSON.stringify(flow),
    expires_at: now + timeouts.lifetime,
    link_hash: sha256Hex(token),
    opened_at: null,
    cookie_hash: null,
    last_seen_at: null,
    ended_at: null,
  });
  // The event keeps no link: events are stored as they are, and the token must not be.
  await recordEvent(ctx, 'billing_portal.session.created', toSessionObject(row, null));
  return toSessionObject(row, `${publicUrlOf(ctx)}${sessionLinkPath(token)}`);
}

export type OpenOutcome =
  | { kind: 'opened'; session: PortalSessionRow; cookie: string }
  | { kind: 'spent' | 'expired'; session: PortalSessionRow }
  | { kind: 'unknown' };

const hashOf = (token: string) => (TOKEN.test(token) ? sha256Hex(token) : null);

/** Opens a session link once: it is spent, and a fresh cookie token stands for the session from now on. */
export async function openSessionLink(db: Db, now: number, token: string): Promise<OpenOutcome> {
  const hash = hashOf(token);
  const session = hash === null ? undefined : await findSessionByLinkHash(db, hash);
  if (!session) return { kind: 'unknown' };
  if (session.opened_at !== null || session.ended_at !== null) return { kind: 'spent', session };
  if (now >= session.expires_at) return { kind: 'expired', session };
  const cookie = newToken();
  if (!(await markOpened(db, session.id, { opened_at: now, cookie_hash: sha256Hex(cookie) }))) return { kind: 'spent', session };
  return { kind: 'opened', session: { ...session, opened_at: now, last_seen_at: now }, cookie };
}

/** How often a request moves the idle timer: once a minute is exact enough, and spares a write per page. */
const SEEN_GRANULARITY = 60;

/** The live session a portal cookie stands for (seen now), or why there is none. */
export async function resumeSession(db: Db, now: number, cookie: string, timeouts: PortalTimeouts): Promise<OpenOutcome> {
  const hash = hashOf(cookie);
  const session = hash === null ? undefined : await findSessionByCookieHash(db, hash);
  if (!session) return { kind: 'unknown' };
  if (session.ended_at !== null) return { kind: 'spent', session };
  const idleSince = session.last_seen_at ?? session.opened_at ?? session.created;
  if (now >= session.expires_at || now - idleSince >= timeouts.idle) return { kind: 'expired', session };
  if (now - idleSince >= SEEN_GRANULARITY) await markSeen(db, session.id, now);
  return { kind: 'opened', session, cookie };
}

/** Ends the session: its cookie opens nothing any more. */
export async function endSession(db: Db, now: number, id: string): Promise<void> {
  await markEnded(db, id, now);
}

/** The CSRF token of a portal session: derived from its cookie, so it is bound to it and stored nowhere. */
export function csrfTokenOf(cookie: string): string {
  return hmacSha256(cookie, 'portal-csrf').toString('base64url');
}
