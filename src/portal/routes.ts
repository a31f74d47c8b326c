import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { PortalDeps, PortalEnv } from './context.ts';
import { mountCancel } from './cancel.ts';
import { mountChangePlan } from './change-plan.ts';
import { mountDetails } from './details.ts';
import { mountInvoices } from './invoices.ts';
import { mountOverview } from './overview.ts';
import { mountPay } from './pay.ts';
import { mountPaymentMethods } from './payment-methods.ts';
import { securityHeaders } from '../web/security.ts';
import { mountPortalSession } from './session-routes.ts';
import { mountScheduleGuard } from './schedule-managed.ts';
import { PORTAL_CSS, PORTAL_CSS_PATH, accentCss } from './styles.ts';

/** A portal form is a few fields: anything larger is not one of ours. */
const MAX_FORM_BYTES = 16 * 1024;

/** The hosted customer portal under /p: server-rendered pages, plain forms, no script. */
export function mountPortal(app: Hono<any>, deps: PortalDeps): void {
  const portal = app as Hono<PortalEnv>;
  portal.use('/p/*', securityHeaders);
  portal.on('POST', '/p/*', bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.text('Form too large', 413) }));

  const css = (body: string) => ({ 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable', 'content-length': String(Buffer.byteLength(body)) });
  portal.get(PORTAL_CSS_PATH, (c) => c.body(PORTAL_CSS, 200, css(PORTAL_CSS)));
  portal.get('/p/assets/:file{accent-[0-9a-f]{6}-[0-9a-f]{8}\\.css}', (c) => {
    const body = accentCss(c.req.param('file').slice(7, 13));
    return c.body(body, 200, css(body));
  });

  mountPortalSession(portal, deps, (pages) => {
    // Before the action pages it guards.
    mountScheduleGuard(pages);
    mountOverview(pages);
    mountChangePlan(pages);
    mountCancel(pages);
    mountPaymentMethods(pages);
    mountPay(pages);
    mountInvoices(pages);
    mountDetails(pages);
  });
}
