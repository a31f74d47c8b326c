import PDFDocument from 'pdfkit';
import type { InvoiceDocument } from '../modules/invoices/document.ts';
import { localeFor, type Locale } from '../portal/i18n/locale.ts';

// Built-in Helvetica: a standard PDF font every reader has, so no font file ships with Bursar.
// It writes Latin scripts only (WinAnsi), so PDFs are in English for other languages.
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const MARGIN = 50;
const PAGE_WIDTH = 595.28; // A4
const WIDTH = PAGE_WIDTH - 2 * MARGIN;

/** `locale` when Helvetica can write it, else English (with English dates and numbers). */
export function pdfLocale(locale: Locale): Locale {
  return new Intl.Locale(locale.intl).maximize().script === 'Latn' ? locale : localeFor('en');
}

// Intl puts narrow no-break spaces in French money ("1 234,50 €"): WinAnsi has only the no-break space.
const winAnsi = (text: string) => text.replace(/[\u202f\u2009]/g, '\u00a0');

// Line table columns: x offset and width; amounts right-aligned.
const COLUMNS = [
  { key: 'description', x: 0, width: 170, align: 'left' },
  { key: 'period', x: 175, width: 120, align: 'left' },
  { key: 'quantity', x: 300, width: 35, align: 'right' },
  { key: 'unitAmount', x: 340, width: 75, align: 'right' },
  { key: 'amount', x: 420, width: WIDTH - 420, align: 'right' },
] as const;

function row(pdf: PDFKit.PDFDocument, cells: Record<string, string>, font: string): void {
  const y = pdf.y;
  pdf.font(font).fontSize(9);
  let bottom = y;
  for (const col of COLUMNS) {
    pdf.text(winAnsi(cells[col.key] ?? ''), MARGIN + col.x, y, { width: col.width, align: col.align });
    bottom = Math.max(bottom, pdf.y);
  }
  pdf.y = bottom + 4;
  if (pdf.y > pdf.page.height - MARGIN - 40) pdf.addPage();
}

function header(pdf: PDFKit.PDFDocument, doc: InvoiceDocument): void {
  pdf.font(BOLD).fontSize(18).text(doc.business, MARGIN, MARGIN);
  pdf.font(REGULAR).fontSize(12).text(doc.text.heading);
  pdf.fontSize(10).text(`${doc.text.status}: ${doc.status}`);
  pdf.moveDown(0.5);
  for (const d of doc.dates) pdf.text(winAnsi(`${d.label}: ${d.value}`));
  pdf.moveDown();
  pdf.font(BOLD).text(doc.text.billTo);
  pdf.font(REGULAR);
  for (const line of doc.customer) pdf.text(line);
  pdf.moveDown();
  if (doc.memo) pdf.text(winAnsi(doc.memo), { width: WIDTH }).moveDown();
}

function summary(pdf: PDFKit.PDFDocument, doc: InvoiceDocument): void {
  pdf.moveDown(0.5);
  for (const s of doc.summary) {
    const y = pdf.y;
    pdf.font(s.strong ? BOLD : REGULAR).fontSize(10);
    pdf.text(s.label, MARGIN + 250, y, { width: 150 });
    pdf.text(winAnsi(s.value), MARGIN + 400, y, { width: WIDTH - 400, align: 'right' });
  }
}

/** The merchant's footer, below everything, across the page. */
function footer(pdf: PDFKit.PDFDocument, doc: InvoiceDocument): void {
  if (!doc.footer) return;
  pdf.moveDown(2);
  pdf.font(REGULAR).fontSize(9).fillColor('#555555').text(winAnsi(doc.footer), MARGIN, pdf.y, { width: WIDTH });
  pdf.fillColor('black');
}

/** The invoice as a PDF. `compress: false` keeps the text operators readable (tests). */
export function renderInvoicePdf(doc: InvoiceDocument, options: { compress?: boolean } = {}): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin: MARGIN, compress: options.compress ?? true, info: { Title: doc.text.heading, Author: doc.business } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  header(pdf, doc);
  row(pdf, doc.text.columns, BOLD);
  for (const line of doc.lines) row(pdf, line, REGULAR);
  summary(pdf, doc);
  footer(pdf, doc);
  pdf.end();
  return done;
}
