import type { Context, Hono } from 'hono';
import { hmacSha256, safeEqual } from '../kit/crypto.ts';
import { BursarError } from '../kit/errors.ts';
import { answerChallenge, openChallenge, type ChallengeDeps } from '../modules/payment-intents/challenge.ts';
import { resolveLocale } from '../portal/i18n/locale.ts';
import { readForm, textFields } from '../web/form.ts';
import { crossSite, securityHeadersFor } from '../web/security.ts';
import { CHALLENGE_PAGE_STYLE, challengeGonePage, challengePage } from './challenge-page.ts';

/** The form's token: derived from the link's, so only a page served for this link can post it. */
const csrfOf = (token: string) => hmacSha256(token, 'test-challenge-csrf').toString('base64url');

/**
 * The test gateway's challenge page: `GET` shows the payment and two buttons, `POST`
 * completes or fails authentication and sends the customer back to where the payment
 * started. The link (signed, see challenge-token.ts) is the only credential.
 */
export function mountChallengePages(app: Hono<any>, deps: ChallengeDeps): void {
  const headers = securityHeadersFor({ inlineStyles: [CHALLENGE_PAGE_STYLE] });
  const locale = (c: Context, preferred: readonly string[] = []) => resolveLocale(null, preferred, c.req.header('accept-language'));
  const gone = (c: Context) => c.html(challengeGonePage(locale(c)), 404);
  const open = (c: Context) => openChallenge(deps, c.req.param('ref') ?? '', c.req.param('token') ?? '');

  app.get('/test-challenge/:ref/:token', headers, async (c) => {
    const challenge = await open(c);
    if (!challenge) return gone(c);
    return c.html(challengePage(locale(c, challenge.preferredLocales), { ...challenge, csrf: csrfOf(c.req.param('token')) }));
  });

  app.post('/test-challenge/:ref/:token', headers, async (c) => {
    const challenge = await open(c);
    if (!challenge) return gone(c);
    let fields: Record<string, string | undefined>;
    try {
      fields = textFields(await readForm(c));
    } catch (error) {
      if (error instanceof BursarError) return c.html(challengeGonePage(locale(c)), 400);
      throw error;
    }
    const outcome = fields.outcome;
    if (crossSite(c) || !safeEqual(fields._csrf ?? '', csrfOf(c.req.param('token'))) || (outcome !== 'complete' && outcome !== 'fail')) {
      return c.html(challengeGonePage(locale(c, challenge.preferredLocales)), 403);
    }
    const back = await answerChallenge(deps, challenge, outcome === 'complete');
    return back ? c.redirect(back, 303) : gone(c);
  });
}
