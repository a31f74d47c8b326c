import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { sha256Hex } from '../../kit/crypto.ts';
import { publicUrlOf, publicLinkToken } from '../invoices/links.ts';

// A credit note's PDF link works like an invoice's (invoices/links.ts): a token derived from
// the server secret and its id, the row keeping only the token's SHA-256.

const tokenOf = (db: Db, id: string) => publicLinkToken(db, `credit-note-link:${id}`);

export async function creditNoteLinkHash(db: Db, id: string): Promise<string> {
  return sha256Hex(await tokenOf(db, id));
}

/** `<publicUrl>/credit_notes/<token>/pdf`, Stripe's `pdf` field. */
export async function creditNotePdfUrl(ctx: Pick<Ctx, 'db' | 'publicUrl'>, id: string): Promise<string> {
  return `${publicUrlOf(ctx)}/credit_notes/${await tokenOf(ctx.db, id)}/pdf`;
}
