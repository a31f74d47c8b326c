import { html } from 'hono/html';
import type { InvoiceDocument } from '../modules/invoices/document.ts';
import type { Locale } from '../portal/i18n/locale.ts';

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
`;

function layout(lang: { tag: string; dir: 'ltr' | 'rtl' }, title: string, body: unknown) {
  return html`<!doctype html>
<html lang="${lang.tag}" dir="${lang.dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${INVOICE_PAGE_STYLE}</style></head>
<body><main>${body}</main></body>
</html>`;
}

export function invoicePage(doc: InvoiceDocument) {
  const { text } = doc;
  return layout(
    { tag: doc.lang, dir: doc.dir },
    text.title,
    html`<h1>${doc.business}</h1>
<h2>${text.heading}</h2>
${doc.pdfUrl ? html`<p><a href="${doc.pdfUrl}" download>${text.download}</a></p>` : ''}
<dl><dt>${text.status}</dt><dd><span class="status">${doc.status}</span></dd>${doc.dates.map((d) => html`<dt>${d.label}</dt><dd>${d.value}</dd>`)}</dl>
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
</table>`,
  );
}

export function notFoundPage(locale: Locale) {
  return layout(locale, locale.t('doc.not_found.title'), html`<h1>${locale.t('doc.not_found.title')}</h1><p>${locale.t('doc.not_found.body')}</p>`);
}
