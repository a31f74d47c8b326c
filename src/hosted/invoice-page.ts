import { html } from 'hono/html';
import type { InvoiceDocument } from '../modules/invoices/document.ts';

// hono/html tagged templates escape every value: Bursar runs its TypeScript as is, without JSX.

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:46rem;padding:1.5rem;color:#1a1a1a;line-height:1.5}
table{border-collapse:collapse;width:100%;margin:1rem 0}
.scroll{overflow-x:auto}
.scroll:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
caption{text-align:left;font-weight:600;padding-bottom:.25rem}
th,td{padding:.4rem .5rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
.num{text-align:right;white-space:nowrap}
.status{display:inline-block;padding:.1rem .6rem;border-radius:1rem;background:#eef;border:1px solid #99c}
a{color:#0645ad}
a:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dt{font-weight:600}
`;

function layout(title: string, body: unknown) {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body>
</html>`;
}

export function invoicePage(doc: InvoiceDocument) {
  return layout(
    `Invoice ${doc.number} – ${doc.business}`,
    html`<h1>${doc.business}</h1>
<h2>Invoice ${doc.number}</h2>
<p>Status: <span class="status">${doc.status}</span></p>
${doc.pdfUrl ? html`<p><a href="${doc.pdfUrl}" download>Download PDF</a></p>` : ''}
<dl>${doc.dates.map((d) => html`<dt>${d.label}</dt><dd>${d.value}</dd>`)}</dl>
<h2>Bill to</h2>
<address>${doc.customer.map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`)}</address>
<div class="scroll" role="region" aria-labelledby="lines" tabindex="0"><table>
<caption id="lines">Invoice lines (${doc.currency})</caption>
<thead><tr><th scope="col">Description</th><th scope="col">Period</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Unit price</th><th scope="col" class="num">Amount</th></tr></thead>
<tbody>${doc.lines.map(
      (l) => html`<tr><td>${l.description}</td><td>${l.period}</td><td class="num">${l.quantity}</td><td class="num">${l.unitAmount}</td><td class="num">${l.amount}</td></tr>`,
    )}</tbody>
</table></div>
<table>
<caption>Summary</caption>
<tbody>${doc.summary.map((s) => html`<tr><th scope="row">${s.label}</th><td class="num">${s.strong ? html`<strong>${s.value}</strong>` : s.value}</td></tr>`)}</tbody>
</table>`,
  );
}

export function notFoundPage() {
  return layout('Invoice not found', html`<h1>Invoice not found</h1><p>This invoice link is not valid. Ask the sender for a new link.</p>`);
}
