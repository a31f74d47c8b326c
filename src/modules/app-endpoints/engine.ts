import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import type { ApiEnv } from '../../api/route.ts';
import type { Ctx, Scope } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../kit/clock.ts';
import type { ModeClients } from '../../net/client.ts';
import { BursarError } from '../../kit/errors.ts';
import type { PortalTimeouts } from '../portal-sessions/timeouts.ts';
import { runAction } from './actions.ts';
import { authenticateCaller, claimedProject, credentialOf, verifiesTokens, type Caller, type Credential } from './caller.ts';
import { ERROR_FALLBACKS, RESERVED, type Contract, type ErrorKey } from './contract.ts';
import { allowedOrigin, corsHeaders, preflight } from './cors.ts';
import { crossSiteRefusal } from './cross-site.ts';
import { customerOfCaller, currentSubscription, isPaid } from './customer.ts';
import { readFields } from './fields.ts';
import { refuse, Refusal } from './refusal.ts';
import { render } from './render.ts';
import { enabledEndpointsAt, type AppEndpointRow, type SettingsRow } from './repository.ts';
import { settingsOf } from './service.ts';
import { inTransaction } from '../../db/after-commit.ts';

export interface EngineDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  publicUrl?: string;
  portalTimeouts?: PortalTimeouts;
  /** How token verification fetches a project's JWKS. */
  outgoing: ModeClients;
}

interface Candidate {
  row: AppEndpointRow;
  contract: Contract;
  scope: Scope;
  settings: SettingsRow;
}

const MAX_BODY = 64 * 1024;

async function candidateOf(db: Db, row: AppEndpointRow): Promise<Candidate> {
  const scope = { projectId: row.project_id, livemode: row.livemode === 1 };
  return { row, contract: JSON.parse(row.contract) as Contract, scope, settings: await settingsOf(db, scope) };
}

type Refused = { candidate: Candidate; refusal: Refusal };

/**
 * Finds the endpoint (of possibly several projects at one path) whose project authenticates
 * the caller. A project-scoped contract only considers the project its token names, in the
 * mode its query parameter asks for. A request no project authenticates is answered by a
 * project only when it is the one project the request can be for; otherwise null (neutral).
 */
async function authenticated(c: Context, deps: EngineDeps, candidates: Candidate[]): Promise<{ candidate: Candidate; caller: Caller; credential: Credential } | Refused | null> {
  const refused: Refused[] = [];
  // Refusals by the candidates the request can be for: all but those its token names another project or mode than.
  const ownRefusals: Refused[] = [];
  const note = (candidate: Candidate, refusal: Refusal, own = true) => {
    refused.push({ candidate, refusal });
    if (own) ownRefusals.push({ candidate, refusal });
  };
  for (const candidate of candidates) {
    const { contract, scope, settings } = candidate;
    const credential = credentialOf(c, contract);
    if (!credential) {
      note(candidate, refuse('unauthorized', contract.auth.messages.missing, { reason: 'missing' }));
      continue;
    }
    const modeQuery = contract.auth.mode_query;
    if (contract.auth.project_claim && credential.kind === 'token') {
      const claimed = claimedProject(credential.value, contract.auth.project_claim);
      if (claimed === null) {
        note(candidate, refuse('unauthorized', contract.auth.messages.invalid, { reason: 'invalid' }));
        continue;
      }
      const asked = modeQuery ? (c.req.query(modeQuery.name) ?? String(modeQuery.default_test)) !== 'false' : !scope.livemode;
      if (claimed !== scope.projectId || asked === scope.livemode) {
        note(candidate, refuse('project_not_found'), false);
        continue;
      }
      if (!verifiesTokens(settings)) {
        note(candidate, refuse('project_not_found'));
        continue;
      }
    }
    const caller = await authenticateCaller(deps.db, scope, settings, credential, deps.clock.now(), contract, deps.outgoing);
    if (caller instanceof Refusal) note(candidate, caller);
    else return { candidate, caller, credential };
  }
  if (ofOneProject(ownRefusals)) return ownRefusals[0];
  return ofOneProject(refused) ? refused[0] : null;
}

/** Refusals all by one project (its endpoints in both modes, say): that project may answer. */
const ofOneProject = (refused: Refused[]) => refused.length > 0 && refused.every((r) => r.candidate.scope.projectId === refused[0].candidate.scope.projectId);

/** The answer to a request no project at its path may answer: no project's envelope, no CORS headers. */
const neutralRefusal = (c: Context) => c.json({ error: 'unauthorized', message: 'No app endpoint at this path accepts these credentials.' }, 401);

/** The contract's envelope for a refusal (or its fallback), filled in. */
function refusalResponse(c: Context, candidate: Candidate, refusal: Refusal, origin: string | null): Response {
  const errors = candidate.contract.errors;
  let key: ErrorKey = refusal.refused;
  let status: number | undefined;
  while (!errors[key]) {
    const fallback = ERROR_FALLBACKS[key];
    status ??= fallback?.status;
    key = fallback?.use ?? 'internal';
  }
  const envelope = errors[key]!;
  return c.json(render(envelope.body, refusal.values) as object, (status ?? envelope.status) as 400, corsHeaders(origin, candidate.contract));
}

async function serve(c: Context<ApiEnv>, deps: EngineDeps, candidates: Candidate[]): Promise<Response> {
  const found = await authenticated(c, deps, candidates);
  if (found === null) return neutralRefusal(c);
  const { candidate } = found;
  const origin = allowedOrigin(c, candidate.settings);
  if ('refusal' in found) return refusalResponse(c, candidate, found.refusal, origin);
  const { contract, scope, settings } = candidate;
  const crossSite = crossSiteRefusal(c, found.credential, contract, settings);
  if (crossSite) return refusalResponse(c, candidate, crossSite, origin);
  const fields = await readFields(c, contract);
  if (fields instanceof Refusal) return refusalResponse(c, candidate, fields, origin);
  const ctx: Ctx = {
    db: deps.db,
    scope,
    clock: deps.clock,
    requestId: c.get('requestId'),
    idempotencyKey: null,
    publicUrl: deps.publicUrl,
    portalTimeouts: deps.portalTimeouts,
  };
  let outcome: Record<string, unknown> | Refusal;
  try {
    // The customer is resolved and the action runs in one transaction, as an API write does.
    outcome = await inTransaction(deps.db, async (trx) => {
      const txCtx = { ...ctx, db: trx };
      const customer = await customerOfCaller(txCtx, found.caller, contract, settings);
      if (customer instanceof Refusal) return customer;
      if (contract.customer.require_paid && !isPaid(await currentSubscription(txCtx, customer))) return refuse('not_paid');
      const result = await runAction(txCtx, contract, customer, fields);
      // A refused action writes nothing.
      if (result instanceof Refusal) throw result;
      return result;
    });
  } catch (error) {
    if (error instanceof Refusal) outcome = error;
    else if (error instanceof BursarError && error.status < 500) outcome = refuse('invalid_request', error.message, { param: error.param ?? '', type: 'invalid' });
    else {
      deps.logger.error({ err: error, requestId: c.get('requestId'), endpoint: candidate.row.id }, 'app endpoint failed');
      outcome = refuse('internal');
    }
  }
  if (outcome instanceof Refusal) return refusalResponse(c, candidate, outcome, origin);
  return c.json(render(contract.success.body, outcome) as object, contract.success.status as 200, corsHeaders(origin, contract));
}

/**
 * Serves every project's app endpoints, after Bursar's own routes: a request no route took is
 * looked up by path among enabled endpoints; none → the usual 404.
 */
export function mountAppEndpoints(app: Hono<ApiEnv>, deps: EngineDeps): void {
  const limit = bodyLimit({ maxSize: MAX_BODY, onError: (c) => c.json({ error: `Request body too large: the limit is ${MAX_BODY} bytes.` }, 413) });
  // The endpoints at the request's path, found before its body is limited: a path no endpoint
  // serves (any unknown path of Bursar's own, /v1 included) gets the usual 404 whatever its body.
  const found = new WeakMap<Context, AppEndpointRow[]>();
  const lookUp = async (c: Context, next: () => Promise<void>) => {
    const rows = RESERVED.test(c.req.path) ? [] : await enabledEndpointsAt(deps.db, c.req.path);
    if (rows.length === 0) return c.notFound();
    found.set(c, rows);
    await next();
  };
  app.all('*', lookUp, limit, async (c, next) => {
    const rows = found.get(c)!;
    if (c.req.method === 'OPTIONS') {
      const wanted = (c.req.header('access-control-request-method') ?? '').toUpperCase();
      const candidates = await Promise.all(rows.filter((r) => r.method === wanted).map((row) => candidateOf(deps.db, row)));
      if (candidates.length === 0) return next();
      // Browsers send no credentials with a preflight: the project that allows the origin answers it.
      const allowing = candidates.find((candidate) => allowedOrigin(c, candidate.settings) !== null);
      return preflight(c, allowing ? allowedOrigin(c, allowing.settings) : null, (allowing ?? candidates[0]).contract);
    }
    const matching = rows.filter((r) => r.method === c.req.method);
    if (matching.length === 0) return next();
    const candidates = await Promise.all(matching.map((row) => candidateOf(deps.db, row)));
    return serve(c, deps, candidates);
  });
}
