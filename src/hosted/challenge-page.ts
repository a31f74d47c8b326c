import { html } from 'hono/html';
import type { Locale } from '../portal/i18n/locale.ts';

/** The page's only stylesheet, inline: its CSP allows exactly this text by its hash. */
export const CHALLENGE_PAGE_STYLE = `
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:30rem;padding:1.5rem;color:#1a1a1a;line-height:1.5}
.notice{background:#fff8e1;border:1px solid #b08800;border-radius:.5rem;padding:.75rem 1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dt{font-weight:600}
form{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}
button{font:inherit;padding:.6rem 1.2rem;border-radius:.4rem;border:1px solid #1a1a1a;background:#fff;color:#1a1a1a;cursor:pointer}
button.primary{background:#1a4fb5;border-color:#1a4fb5;color:#fff}
button:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
`;

function layout(locale: Locale, title: string, body: unknown) {
  return html`<!doctype html>
<html lang="${locale.tag}" dir="${locale.dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${CHALLENGE_PAGE_STYLE}</style></head>
<body><main>${body}</main></body>
</html>`;
}

export interface ChallengeView {
  /** Null for a card's setup: nothing is charged. */
  amount: number | null;
  currency: string | null;
  brand: string | null;
  last4: string | null;
  csrf: string;
}

/** Stripe's test 3-D Secure page, Bursar's: the customer completes or fails authentication. */
export function challengePage(locale: Locale, view: ChallengeView) {
  const t = (key: Parameters<Locale['t']>[0]) => locale.t(key);
  return layout(
    locale,
    t('challenge.title'),
    html`<h1>${t('challenge.heading')}</h1>
<p class="notice">${t('challenge.intro')}</p>
<dl>${view.amount !== null && view.currency !== null ? html`<dt>${t('challenge.amount')}</dt><dd>${locale.money(view.amount, view.currency)}</dd>` : ''}${
      view.last4 ? html`<dt>${t('challenge.card')}</dt><dd><bdi>${(view.brand ?? '').toUpperCase()} •••• ${view.last4}</bdi></dd>` : ''
    }</dl>
<form method="post">
<input type="hidden" name="_csrf" value="${view.csrf}">
<button type="submit" name="outcome" value="complete" class="primary">${t('challenge.complete')}</button>
<button type="submit" name="outcome" value="fail">${t('challenge.fail')}</button>
</form>`,
  );
}

/** A challenge link that is wrong, or whose challenge was answered already. */
export function challengeGonePage(locale: Locale) {
  return layout(locale, locale.t('challenge.invalid.title'), html`<h1>${locale.t('challenge.invalid.title')}</h1><p>${locale.t('challenge.invalid.body')}</p>`);
}
