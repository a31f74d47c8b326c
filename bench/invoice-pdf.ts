// `npm run bench:pdf`: render time of one invoice PDF with 10 lines, RUNS times in this
// process (no HTTP, no database: the renderer alone). Prints median and p99 in ms.
import { cpus } from 'node:os';
import type { InvoiceDocument } from '../src/modules/invoices/document.ts';
import { renderInvoicePdf } from '../src/pdf/invoice-pdf.ts';

const RUNS = Math.min(Number(process.env.BENCH_RUNS ?? 300), 5000);
const WARMUP = 20;

const doc: InvoiceDocument = {
  lang: 'en',
  dir: 'ltr',
  text: {
    title: 'Invoice ACME1234-0042 – Acme',
    heading: 'Invoice ACME1234-0042',
    status: 'Status',
    download: 'Download PDF',
    billTo: 'Bill to',
    lines: 'Invoice lines (USD)',
    columns: { description: 'Description', period: 'Period', quantity: 'Qty', unitAmount: 'Unit price', amount: 'Amount' },
    summary: 'Summary',
  },
  business: 'Acme',
  number: 'ACME1234-0042',
  status: 'Open',
  currency: 'USD',
  dates: [
    { label: 'Created', value: 'Jan 1, 2026' },
    { label: 'Due', value: 'Jan 31, 2026' },
    { label: 'Paid', value: '—' },
  ],
  customer: ['Ada Lovelace', 'ada@example.com', '1 Analytical Way', 'N1 9GU London', 'GB'],
  lines: Array.from({ length: 10 }, (_, i) => ({
    description: `Seat plan ${i + 1}`,
    period: 'Jan 1, 2026 – Feb 1, 2026',
    quantity: String(i + 1),
    unitAmount: '$12.00',
    amount: `$${(12 * (i + 1)).toFixed(2)}`,
  })),
  summary: [
    { label: 'Subtotal', value: '$660.00' },
    { label: 'Discount (SPRING)', value: '-$66.00' },
    { label: 'Tax VAT 20%', value: '$118.80' },
    { label: 'Total', value: '$712.80', strong: true },
    { label: 'Amount paid', value: '$0.00' },
    { label: 'Amount due', value: '$712.80', strong: true },
  ],
  hostedUrl: null,
  pdfUrl: null,
};

for (let i = 0; i < WARMUP; i++) await renderInvoicePdf(doc);
const times: number[] = [];
let bytes = 0;
for (let i = 0; i < RUNS; i++) {
  const start = performance.now();
  bytes = (await renderInvoicePdf(doc)).length;
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
console.log(`invoice PDF, 10 lines, ${RUNS} runs (${bytes} bytes): median ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms`);
console.log(`${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} logical CPUs, Node.js ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
