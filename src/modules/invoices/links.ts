import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { hmacSha256, sha256Hex } from '../../kit/crypto.ts';
import { serverSecret } from '../../secrets/repository.ts';
import type { InvoiceRow } from './repository.ts';

/**
 * Public invoice links: `<publicUrl>/invoices/<token>` and `…/pdf`.
 *
 * The token is HMAC-SHA256(server secret, invoice id), 256 bits, base64url. It is
 * derived rather than stored, so the API can show the same URL on every read and
 * after a restart while the invoice row keeps only the token's SHA-256 (`link_hash`,
 * the lookup key). The secret lives in its own table (`server_secrets`), sealed, so a copy
 * of the database reveals no link. Only finalized invoices get a hash, so a draft
 * has no link, as in Stripe.
 */

export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:4242';

/** Where clients reach Bursar: the operator's public URL, else the local default. */
export const publicUrlOf = (ctx: { publicUrl?: string | undefined }): string => ctx.publicUrl ?? DEFAULT_PUBLIC_URL;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

// One read of the secret per database handle (a request's transaction is its own handle).
const secrets = new WeakMap<Db, Promise<string>>();

function linkSecret(db: Db): Promise<string> {
  let secret = secrets.get(db);
  if (!secret) {
    // The migration that made invoice links made the key; this makes one only for a database without it.
    secret = serverSecret(db, 'invoice_links', () => randomBytes(32).toString('base64url'));
    secrets.set(db, secret);
  }
  return secret;
}

/** The token of a public link to `subject` (`invoice-link:in_…`, `credit-note-link:cn_…`). */
export async function publicLinkToken(db: Db, subject: string): Promise<string> {
  return hmacSha256(await linkSecret(db), subject).toString('base64url');
}

export const invoiceLinkToken = (db: Db, invoiceId: string) => publicLinkToken(db, `invoice-link:${invoiceId}`);

export async function invoiceLinkHash(db: Db, invoiceId: string): Promise<string> {
  return sha256Hex(await invoiceLinkToken(db, invoiceId));
}

/** The hash to look a token up by, or null for one that cannot be a link token. */
export function linkHashOf(token: string): string | null {
  return TOKEN.test(token) ? sha256Hex(token) : null;
}

export interface InvoiceLinks {
  hosted_invoice_url: string | null;
  invoice_pdf: string | null;
}

export async function invoiceLinks(ctx: Pick<Ctx, 'db' | 'publicUrl'>, row: Pick<InvoiceRow, 'id' | 'link_hash'>): Promise<InvoiceLinks> {
  if (row.link_hash === null) return { hosted_invoice_url: null, invoice_pdf: null };
  const page = `${publicUrlOf(ctx)}/invoices/${await invoiceLinkToken(ctx.db, row.id)}`;
  return { hosted_invoice_url: page, invoice_pdf: `${page}/pdf` };
}
