import PDFDocument from 'pdfkit';
import type { InvoiceDocument } from '../modules/invoices/document.ts';

// Built-in Helvetica: a standard PDF font every reader has, so no font file ships with Bursar.
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const MARGIN = 50;
const PAGE_WIDTH = 595.28; // A4
const WIDTH = PAGE_WIDTH - 2 * MARGIN;

// Line table columns: x offset and width; amounts right-aligned.
const COLUMNS = [
  { key: 'description', title: 'Description', x: 0, width: 170, align: 'left' },
  { key: 'period', title: 'Period', x: 175, width: 120, align: 'left' },
  { key: 'quantity', title: 'Qty', x: 300, width: 35, align: 'right' },
  { key: 'unitAmount', title: 'Unit price', x: 340, width: 75, align: 'right' },
  { key: 'amount', title: 'Amount', x: 420, width: WIDTH - 420, align: 'right' },
] as const;

function row(pdf: PDFKit.PDFDocument, cells: Record<string, string>, font: string): void {
  const y = pdf.y;
  pdf.font(font).fontSize(9);
  let bottom = y;
  for (const col of COLUMNS) {
    pdf.text(cells[col.key] ?? '', MARGIN + col.x, y, { width: col.width, align: col.align });
    bottom = Math.max(bottom, pdf.y);
  }
  pdf.y = bottom + 4;
  if (pdf.y > pdf.page.height - MARGIN - 40) pdf.addPage();
}

function header(pdf: PDFKit.PDFDocument, doc: InvoiceDocument): void {
  pdf.font(BOLD).fontSize(18).text(doc.business, MARGIN, MARGIN);
  pdf.font(REGULAR).fontSize(12).text(`Invoice ${doc.number}`);
  pdf.fontSize(10).text(`Status: ${doc.status}`);
  pdf.moveDown(0.5);
  for (const d of doc.dates) pdf.text(`${d.label}: ${d.value}`);
  pdf.moveDown();
  pdf.font(BOLD).text('Bill to');
  pdf.font(REGULAR);
  for (const line of doc.customer) pdf.text(line);
  pdf.moveDown();
}

function summary(pdf: PDFKit.PDFDocument, doc: InvoiceDocument): void {
  pdf.moveDown(0.5);
  for (const s of doc.summary) {
    const y = pdf.y;
    pdf.font(s.strong ? BOLD : REGULAR).fontSize(10);
    pdf.text(s.label, MARGIN + 250, y, { width: 150 });
    pdf.text(s.value, MARGIN + 400, y, { width: WIDTH - 400, align: 'right' });
  }
}

/** The invoice as a PDF. `compress: false` keeps the text operators readable (tests). */
export function renderInvoicePdf(doc: InvoiceDocument, options: { compress?: boolean } = {}): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin: MARGIN, compress: options.compress ?? true, info: { Title: `Invoice ${doc.number}`, Author: doc.business } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  header(pdf, doc);
  row(pdf, Object.fromEntries(COLUMNS.map((c) => [c.key, c.title])), BOLD);
  for (const line of doc.lines) row(pdf, line, REGULAR);
  summary(pdf, doc);
  pdf.end();
  return done;
}
