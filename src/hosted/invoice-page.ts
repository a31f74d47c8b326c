import { html } from 'hono/html';
import type { InvoiceDocument } from '../modules/invoices/document.ts';
import type { Locale } from '../portal/i18n/locale.ts';
import type { MessageKey } from '../portal/i18n/en.ts';

// hono/html tagged templates escape every value: Bursar runs its TypeScript as is, without JSX.

/** The page's only stylesheet, inline: its CSP allows exactly this text by its hash. */
export const INVOICE_PAGE_STYLE = `
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:46rem;padding:1.5rem;color:#1a1a1a;line-height:1.5}
table{border-collapse:collapse;width:100%;margin:1rem 0}
.scroll{overflow-x:auto}
.scroll:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
caption{text-align:start;font-weight:600;padding-bottom:.25rem}
th,td{padding:.4rem .5rem;border-bottom:1px solid #ddd;text-align:start;vertical-align:top}
.num{text-align:end;white-space:nowrap}
.status{display:inline-block;padding:.1rem .6rem;border-radius:1rem;background:#eef;border:1px solid #99c}
a{color:#0645ad}
a:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dt{font-weight:600}
.pay{border:1px solid #ccc;border-radius:.5rem;padding:0 1rem 1rem;margin:1rem 0;background:#f7f7fa}
label{display:block;margin:.5rem 0 .2rem;font-weight:600}
input{font:inherit;border:1px solid #666;border-radius:.3rem;padding:.4rem;width:100%;max-width:20rem;box-sizing:border-box;background:#fff;color:#1a1a1a}
button,.button{display:inline-block;font:inherit;padding:.5rem 1rem;border-radius:.4rem;border:1px solid #3d4eac;background:#3d4eac;color:#fff;cursor:pointer;margin-top:.5rem;text-decoration:none}
summary{cursor:pointer;color:#0645ad;margin-top:1rem}
button:focus-visible,.button:focus-visible,input:focus-visible,summary:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
.alert{border-inline-start:4px solid #b3261e;background:#fff;padding:.5rem 1rem;margin:1rem 0}
.notice{border-inline-start:4px solid #1e6b3a;background:#fff;padding:.5rem 1rem;margin:1rem 0}
.muted{color:#5c5c66}
.memo,footer{white-space:pre-line;overflow-wrap:anywhere}
footer{border-top:1px solid #ddd;padding-top:.5rem;margin-top:1.5rem}
`;

function layout(lang: { tag: string; dir: 'ltr' | 'rtl' }, title: string, body: unknown) {
  return html`<!doctype html>
<html lang="${lang.tag}" dir="${lang.dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${INVOICE_PAGE_STYLE}</style></head>
<body><main>${body}</main></body>
</html>`;
}

/** The invoice as its customer reads it; `pay` is how it is paid (pay-section.ts). */
export function invoicePage(doc: InvoiceDocument, pay: unknown = '') {
  const { text } = doc;
  return layout(
    { tag: doc.lang, dir: doc.dir },
    text.title,
    html`<h1>${doc.business}</h1>
<h2>${text.heading}</h2>
${doc.pdfUrl ? html`<p><a href="${doc.pdfUrl}" download>${text.download}</a></p>` : ''}
<dl><dt>${text.status}</dt><dd><span class="status">${doc.status}</span></dd>${doc.dates.map((d) => html`<dt>${d.label}</dt><dd>${d.value}</dd>`)}</dl>
${doc.memo ? html`<p class="memo">${doc.memo}</p>` : ''}
${pay}
<h2>${text.billTo}</h2>
<address>${doc.customer.map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`)}</address>
<div class="scroll" role="region" aria-labelledby="lines" tabindex="0"><table>
<caption id="lines">${text.lines}</caption>
<thead><tr><th scope="col">${text.columns.description}</th><th scope="col">${text.columns.period}</th><th scope="col" class="num">${text.columns.quantity}</th><th scope="col" class="num">${text.columns.unitAmount}</th><th scope="col" class="num">${text.columns.amount}</th></tr></thead>
<tbody>${doc.lines.map(
      (l) => html`<tr><td>${l.description}</td><td>${l.period}</td><td class="num">${l.quantity}</td><td class="num">${l.unitAmount}</td><td class="num">${l.amount}</td></tr>`,
    )}</tbody>
</table></div>
<table>
<caption>${text.summary}</caption>
<tbody>${doc.summary.map((s) => html`<tr><th scope="row">${s.label}</th><td class="num">${s.strong ? html`<strong>${s.value}</strong>` : s.value}</td></tr>`)}</tbody>
</table>
${doc.footer ? html`<footer class="muted">${doc.footer}</footer>` : ''}`,
  );
}

/** A page with a heading and what it says. */
export const messagePage = (locale: Locale, title: string, body: unknown) => layout(locale, title, html`<h1>${title}</h1>${body}`);

const textPage = (locale: Locale, title: MessageKey, body: MessageKey) => messagePage(locale, locale.t(title), html`<p>${locale.t(body)}</p>`);

/** A form this page did not send (another site's, or one whose cookie is gone). */
export const refusedPage = (locale: Locale) => textPage(locale, 'security.forbidden.title', 'security.forbidden.body');

export const notFoundPage = (locale: Locale) => textPage(locale, 'doc.not_found.title', 'doc.not_found.body');
