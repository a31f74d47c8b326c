import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Ctx } from '../context.ts';
import { retrieveCustomer } from '../modules/customers/service.ts';
import { referenceFields } from '../modules/app-endpoints/service.ts';
import type { ConfigurationObject } from '../modules/portal-configurations/object.ts';
import { retrieveConfiguration } from '../modules/portal-configurations/service.ts';
import type { SessionFlow } from '../modules/portal-sessions/object.ts';
import type { PortalSessionRow } from '../modules/portal-sessions/repository.ts';
import { csrfTokenOf, endSession, openSessionLink, resumeSession } from '../modules/portal-sessions/service.ts';
import { getProject } from '../modules/projects/service.ts';
import { processorPageOrigins } from '../modules/processor-settings/page-origins.ts';
import { processorKindOf } from '../modules/processor-settings/service.ts';
import { checkedUrl } from '../net/url.ts';
import type { PortalDeps, PortalEnv, PortalRequest } from './context.ts';
import { resolveLocale, type Locale } from './i18n/locale.ts';
import type { Frame, Section } from './layout.ts';
import { confirmationPage, refusalPage, type Refusal } from './notice-pages.ts';
import { contentSecurityPolicy, crossSite, validCsrf } from '../web/security.ts';
import { BursarError } from '../kit/errors.ts';
import { readForm, type Form } from '../web/form.ts';

/** The session's deep-link flow, or null. */
export const flowOf = (session: PortalSessionRow): SessionFlow | null => (session.flow ? (JSON.parse(session.flow) as SessionFlow) : null);

export const cookieName = (publicUrl: string) => (publicUrl.startsWith('https:') ? '__Host-bursar_portal' : 'bursar_portal');

const STATUS: Record<Refusal, 400 | 403 | 404 | 410> = { unknown: 404, spent: 410, expired: 410, ended: 410, forbidden: 403, malformed: 400, not_found: 404 };

function noticeLocale(c: Context, session: PortalSessionRow | null): Locale {
  return resolveLocale(session?.locale ?? null, [], c.req.header('accept-language'));
}

export async function refuse(c: Context, why: Refusal, session: PortalSessionRow | null, locale = noticeLocale(c, session)) {
  return c.html(await refusalPage(locale, why, returnUrlOf(session)), STATUS[why]);
}

// Pages, redirects and headers use only a stored URL's checked serialisation and parts, never
// its text: what was stored before the check existed (or by a looser one) never reaches them.
/** Where leaving the session goes, or null when nowhere. */
const returnUrlOf = (session: PortalSessionRow | null) => checkedUrl(session?.return_url)?.href ?? null;
const origin = (url: string | null | undefined) => checkedUrl(url)?.origin ?? null;

/** Where a session's flow starts; the homepage when it has none. */
export function flowStart(flow: SessionFlow | null): string {
  switch (flow?.type) {
    case 'payment_method_update':
      return '/p/payment-methods';
    case 'subscription_cancel':
      return `/p/subscriptions/${flow.subscription_cancel!.subscription}/cancel`;
    case 'subscription_update':
      return `/p/subscriptions/${flow.subscription_update!.subscription}/update`;
    case 'subscription_update_confirm': {
      const confirm = flow.subscription_update_confirm!;
      const item = confirm.items[0];
      const query = new URLSearchParams({ item: item.id, ...(item.price && { price: item.price }), ...(item.quantity !== undefined && { quantity: String(item.quantity) }) });
      return `/p/subscriptions/${confirm.subscription}/update/confirm?${query}`;
    }
    default:
      return '/p';
  }
}

/**
 * Where the customer goes once an action is done: a flow of that kind ends as its
 * after_completion says; otherwise back to `fallback` with a notice of what was done.
 */
export function afterAction(c: Context<PortalEnv>, kind: SessionFlow['type'] | null, fallback: string, done: string) {
  const flow = flowOf(c.get('portal').session);
  if (flow && kind === flow.type) {
    const after = flow.after_completion;
    if (after.type === 'hosted_confirmation') return c.redirect('/p/done', 303);
    const redirect = after.type === 'redirect' ? checkedUrl(after.redirect!.return_url) : null;
    if (redirect) return c.redirect(redirect.href, 303);
    return c.redirect(`/p?done=${done}`, 303);
  }
  return c.redirect(`${fallback}?done=${done}`, 303);
}

function sectionsOf(features: PortalRequest['config']['features']): Exclude<Section, null>[] {
  const out: Exclude<Section, null>[] = ['overview'];
  if (features.payment_method_update.enabled) out.push('payment_methods');
  if (features.invoice_history.enabled) out.push('invoices');
  if (features.customer_update.enabled && features.customer_update.allowed_updates.length > 0) out.push('details');
  return out;
}

/** The session's configuration as its customer may use it: what identifies them to the app's endpoints is not theirs to change. */
async function configurationFor(ctx: Ctx, id: string): Promise<ConfigurationObject> {
  const config = await retrieveConfiguration(ctx, id);
  const update = config.features.customer_update;
  if (!update.enabled || update.allowed_updates.length === 0) return config;
  const locked = await referenceFields(ctx.db, ctx.scope);
  if (!update.allowed_updates.some((f) => locked.includes(f))) return config;
  return { ...config, features: { ...config.features, customer_update: { ...update, allowed_updates: update.allowed_updates.filter((f) => !locked.includes(f)) } } };
}

/** Loads the session behind the cookie, or answers with why there is none; checks CSRF on every POST. */
function portalSession(deps: PortalDeps): MiddlewareHandler<PortalEnv> {
  const name = cookieName(deps.publicUrl);
  return async (c, next) => {
    const cookie = getCookie(c, name);
    if (!cookie) return refuse(c, 'unknown', null);
    const outcome = await resumeSession(deps.db, deps.clock.now(), cookie, deps.timeouts);
    if (outcome.kind !== 'opened') {
      deleteCookie(c, name, { path: '/', secure: name.startsWith('__Host-') });
      return refuse(c, outcome.kind === 'unknown' ? 'unknown' : outcome.kind === 'spent' ? 'ended' : 'expired', outcome.kind === 'unknown' ? null : outcome.session);
    }
    const session = outcome.session;
    const ctx: Ctx = {
      db: deps.db,
      scope: { projectId: session.project_id, livemode: session.livemode === 1 },
      clock: deps.clock,
      requestId: c.get('requestId'),
      idempotencyKey: null,
      publicUrl: deps.publicUrl,
      dunning: deps.dunning,
      portalTimeouts: deps.timeouts,
      ...deps.payments,
    };
    const customer = await retrieveCustomer(ctx, session.customer);
    if ('deleted' in customer) return refuse(c, 'ended', session);
    const config = await configurationFor(ctx, session.configuration);
    const locale = resolveLocale(session.locale, customer.preferred_locales, c.req.header('accept-language'));
    let form: Form = Object.create(null);
    if (c.req.method === 'POST') {
      if (crossSite(c)) return refuse(c, 'forbidden', session, locale);
      try {
        form = await readForm(c);
      } catch (error) {
        if (error instanceof BursarError) return refuse(c, 'malformed', session, locale);
        throw error;
      }
      if (!validCsrf(cookie, form._csrf)) return refuse(c, 'forbidden', session, locale);
    }
    const project = await getProject(deps.db, session.project_id);
    const frame: Frame = {
      locale,
      business: config.branding.business_name ?? project.name,
      logoUrl: config.branding.logo_url,
      accent: config.branding.accent_color,
      headline: config.business_profile.headline,
      privacyUrl: config.business_profile.privacy_policy_url,
      termsUrl: config.business_profile.terms_of_service_url,
      sections: sectionsOf(config.features),
      canReturn: returnUrlOf(session) !== null,
      csrf: csrfTokenOf(cookie),
    };
    const flow = flowOf(session);
    c.header(
      'Content-Security-Policy',
      contentSecurityPolicy({
        frameAncestors: config.embedding.allowed_origins.map(origin).filter((o): o is string => o !== null),
        formTargets: [
          origin(session.return_url),
          origin(flow?.after_completion.redirect?.return_url),
          // Adding a card (and paying) may lead to the processor's own pages.
          ...processorPageOrigins(await processorKindOf(deps.db, ctx.scope), deps.payments?.stripeApiUrl),
        ].filter((o): o is string => o !== null),
      }),
    );
    c.set('portal', { session, ctx, config, customer, frame, form });
    await next();
  };
}

/** The link, the session cookie, leaving, and the confirmation page; `pages` mounts the rest behind the session. */
export function mountPortalSession(app: Hono<PortalEnv>, deps: PortalDeps, pages: (app: Hono<PortalEnv>) => void): void {
  const name = cookieName(deps.publicUrl);
  const secure = name.startsWith('__Host-');

  app.get('/p/session/:token', async (c) => {
    // The token must not leak through a Referer to anything this response or the next loads.
    c.header('Referrer-Policy', 'no-referrer');
    const now = deps.clock.now();
    const outcome = await openSessionLink(deps.db, now, c.req.param('token'));
    if (outcome.kind !== 'opened') return refuse(c, outcome.kind, outcome.kind === 'unknown' ? null : outcome.session);
    setCookie(c, name, outcome.cookie, { path: '/', httpOnly: true, secure, sameSite: 'Lax', maxAge: Math.max(1, outcome.session.expires_at - now) });
    const flow = flowOf(outcome.session);
    return c.redirect(flowStart(flow), 303);
  });

  // `/p/*` covers `/p` too.
  app.use('/p/*', portalSession(deps));

  // Leaving through the return button ends the portal session. Only a POST (with the CSRF
  // token) does: a GET, which any site can link to, ends nothing and shows the portal.
  app.get('/p/return', (c) => c.redirect('/p', 303));
  app.post('/p/return', async (c) => {
    const { session } = c.get('portal');
    await endSession(deps.db, deps.clock.now(), session.id);
    deleteCookie(c, name, { path: '/', secure });
    const target = returnUrlOf(session);
    return target ? c.redirect(target, 303) : refuse(c, 'ended', session, c.get('portal').frame.locale);
  });

  app.get('/p/done', async (c) => {
    const { session, frame } = c.get('portal');
    const flow = flowOf(session);
    return c.html(await confirmationPage(frame.locale, flow?.after_completion.hosted_confirmation?.custom_message ?? null, returnUrlOf(session), frame.accent, frame.csrf));
  });

  pages(app);
}
