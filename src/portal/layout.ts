import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Locale } from './i18n/locale.ts';
import type { MessageKey } from './i18n/en.ts';
import { PORTAL_CSS_PATH, accentPath } from './styles.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export type Section = 'overview' | 'payment_methods' | 'invoices' | 'details' | null;

/** What every portal page shows around its content. */
export interface Frame {
  locale: Locale;
  business: string;
  logoUrl: string | null;
  accent: string | null;
  headline: string | null;
  privacyUrl: string | null;
  termsUrl: string | null;
  /** The sections the configuration turns on, in menu order. */
  sections: Exclude<Section, null>[];
  /** Whether there is a return_url to leave by. */
  canReturn: boolean;
  csrf: string;
}

const SECTION_LINKS: Record<Exclude<Section, null>, { href: string; label: MessageKey }> = {
  overview: { href: '/p', label: 'nav.overview' },
  payment_methods: { href: '/p/payment-methods', label: 'nav.payment_methods' },
  invoices: { href: '/p/invoices', label: 'nav.invoices' },
  details: { href: '/p/details', label: 'nav.details' },
};

/** A hidden field with the session's CSRF token: every portal form posts one. */
export const csrfField = (frame: Pick<Frame, 'csrf'>) => html`<input type="hidden" name="_csrf" value="${frame.csrf}">`;

/** A one-button form that posts to `action` (make default, remove, renew). */
export function postButton(frame: Pick<Frame, 'csrf'>, action: string, label: string, className = '', extra: Html | '' = '') {
  return html`<form method="post" action="${action}">${csrfField(frame)}${extra}<button type="submit"${className ? html` class="${className}"` : ''}>${label}</button></form>`;
}

/**
 * Leaving for return_url: a POST with the CSRF token, so a link from another site cannot
 * end the customer's portal session; it works without JavaScript like every form here.
 */
export function returnButton(frame: Pick<Frame, 'csrf'>, label: string, className: string) {
  return postButton(frame, '/p/return', label, className);
}

/** A refusal, announced; `id` lets the field it concerns point to it (aria-describedby). */
export function alertBox(message: string | null, id: string | null = null) {
  return message ? html`<div class="alert" role="alert"${id ? html` id="${id}"` : ''}>${message}</div>` : '';
}

export function noticeBox(message: string | null) {
  return message ? html`<div class="notice" role="status">${message}</div>` : '';
}

/** A bare page (link errors, the confirmation after a flow): no menu, an optional way back. */
export function plainPage(locale: Locale, title: string, body: Html, accent: string | null = null) {
  return html`<!doctype html>
<html lang="${locale.intl}" dir="${locale.dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${title}</title><link rel="stylesheet" href="${PORTAL_CSS_PATH}">${accent ? html`<link rel="stylesheet" href="${accentPath(accent)}">` : ''}</head>
<body><main class="wrap">${body}</main></body>
</html>`;
}

export function portalPage(frame: Frame, current: Section, title: string, body: Html) {
  const { t } = frame.locale;
  const links = frame.sections.map((s) => {
    const link = SECTION_LINKS[s];
    return html`<li><a href="${link.href}"${s === current ? html` aria-current="page"` : ''}>${t(link.label)}</a></li>`;
  });
  return html`<!doctype html>
<html lang="${frame.locale.intl}" dir="${frame.locale.dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} – ${frame.business}</title><link rel="stylesheet" href="${PORTAL_CSS_PATH}">${frame.accent ? html`<link rel="stylesheet" href="${accentPath(frame.accent)}">` : ''}</head>
<body><div class="wrap">
<header class="top"><div class="brand">${frame.logoUrl ? html`<img src="${frame.logoUrl}" alt="${frame.business}">` : ''}<div><strong>${frame.business}</strong>${frame.headline ? html`<p>${frame.headline}</p>` : ''}</div></div>
${frame.canReturn ? returnButton(frame, t('nav.return', { business: frame.business }), 'link') : ''}</header>
<nav aria-label="${t('nav.label')}"><ul>${links}</ul></nav>
<main><h1>${title}</h1>${body}</main>
<footer>${frame.privacyUrl ? html`<a href="${frame.privacyUrl}">${t('footer.privacy')}</a>` : ''}${frame.termsUrl ? html`<a href="${frame.termsUrl}">${t('footer.terms')}</a>` : ''}<span>${t('footer.powered')}</span></footer>
</div></body>
</html>`;
}
