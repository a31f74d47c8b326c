import { html } from 'hono/html';
import type { Locale } from './i18n/locale.ts';
import type { MessageKey } from './i18n/en.ts';
import { plainPage, returnButton } from './layout.ts';

/** Why a link or portal session cannot be used, as the customer reads it. */
export type Refusal = 'unknown' | 'spent' | 'expired' | 'ended' | 'forbidden' | 'malformed' | 'not_found';

const TEXT: Record<Refusal, { title: MessageKey; body: MessageKey }> = {
  unknown: { title: 'link.unknown.title', body: 'link.unknown.body' },
  spent: { title: 'link.spent.title', body: 'link.spent.body' },
  expired: { title: 'link.expired.title', body: 'link.expired.body' },
  ended: { title: 'link.ended.title', body: 'link.ended.body' },
  forbidden: { title: 'security.forbidden.title', body: 'security.forbidden.body' },
  // A body no portal page sends (malformed, nested, not a form) is refused as a forged one is.
  malformed: { title: 'security.forbidden.title', body: 'security.forbidden.body' },
  not_found: { title: 'page.not_found.title', body: 'page.not_found.body' },
};

/** A clear page instead of an error: what happened, and a way back to the app when there is one. */
export function refusalPage(locale: Locale, why: Refusal, returnUrl: string | null) {
  const { t } = locale;
  return plainPage(
    locale,
    t(TEXT[why].title),
    html`<h1>${t(TEXT[why].title)}</h1><p>${t(TEXT[why].body)}</p>${
      returnUrl ? html`<p><a class="button" href="${returnUrl}">${t('link.back')}</a></p>` : html`<p>${t('link.no_return')}</p>`
    }`,
  );
}

/** What a customer sees when a flow ends with after_completion.type=hosted_confirmation. */
export function confirmationPage(locale: Locale, message: string | null, returnUrl: string | null, accent: string | null, csrf: string) {
  const { t } = locale;
  return plainPage(
    locale,
    t('done.title'),
    html`<h1>${t('done.title')}</h1><p>${message ?? t('done.body')}</p><p class="actions">${
      returnUrl ? returnButton({ csrf }, t('link.back'), '') : ''
    }<a class="button secondary" href="/p">${t('done.portal')}</a></p>`,
    accent,
  );
}
