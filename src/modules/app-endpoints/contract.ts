import * as z from 'zod';
import { bool, int } from '../../api/params.ts';

/**
 * An app endpoint's contract: everything that makes one documented "create portal session"
 * endpoint differ from another, as data. One engine (engine.ts) serves every contract.
 */

/** What went wrong, as the engine knows it; each contract says how its document answers each. */
export const ERROR_KEYS = [
  'unauthorized',
  'project_not_found',
  'cross_site',
  'invalid_request',
  'user_not_found',
  'no_organization',
  'customer_not_found',
  'not_paid',
  'internal',
] as const;
export type ErrorKey = (typeof ERROR_KEYS)[number];

/** Errors a contract may leave out: the error whose envelope answers in their place, with another status where one is given. */
export const ERROR_FALLBACKS: Partial<Record<ErrorKey, { use: ErrorKey; status?: number }>> = {
  project_not_found: { use: 'unauthorized' },
  cross_site: { use: 'unauthorized', status: 403 },
  user_not_found: { use: 'customer_not_found' },
  no_organization: { use: 'customer_not_found' },
  not_paid: { use: 'customer_not_found' },
};

export const ACTIONS = ['portal_session', 'subscription', 'cancel_subscription', 'update_subscription'] as const;
export const CREDENTIALS = ['bearer_jwt', 'cookie_jwt', 'api_key'] as const;
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Paths Bursar serves itself; an app endpoint cannot take them over. */
export const RESERVED = /^\/(v1|p|invoices|docs|healthz)(\/|$)/;

export const endpointPath = () =>
  z
    .string()
    .max(200)
    .regex(/^(\/[A-Za-z0-9._~-]+)+$/, 'must be an absolute path of plain segments such as /api/billing/portal')
    .refine((p) => !RESERVED.test(p), 'must not start with /v1, /p, /invoices, /docs or /healthz (Bursar serves those)');

const name = () => z.string().min(1).max(100).regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must be a claim, field or parameter name');

/** A JSON body; string values may hold `{{placeholders}}` (render.ts). */
const body = z.json();

/** 1xx are no final answer (101 hands the connection over), and 204, 205 and 304 carry no body. */
const NO_BODY = [204, 205, 304];
const bodyStatus = () =>
  int().refine((s) => s >= 200 && s <= 599 && !NO_BODY.includes(s), 'must be an HTTP status from 200 to 599 that carries a body (not 204, 205 or 304)');

const envelope = z.strictObject({ status: bodyStatus(), body });
export type Envelope = z.output<typeof envelope>;

const field = z.strictObject({
  /** Its name in the JSON body. */
  name: name(),
  required: bool(),
  /** `{{message}}` of the invalid_request envelope when it is missing or invalid; `{{type}}` is `missing` or `invalid`. */
  messages: z.strictObject({ missing: z.string().max(300), invalid: z.string().max(300) }).optional(),
});
export type FieldSpec = z.output<typeof field>;

export const contractSchema = z.strictObject({
  method: z.enum(METHODS),
  path: endpointPath(),
  action: z.enum(ACTIONS),
  auth: z.strictObject({
    /** Accepted credentials, tried in this order. */
    credentials: z.array(z.enum(CREDENTIALS)).min(1).max(3),
    /** Cookie holding the JWT for `cookie_jwt`. */
    cookie: name().default('access_token'),
    /** Claim naming the project the token is for (multi-project apps); absent: any token of the project. */
    project_claim: name().optional(),
    /** Query parameter choosing test (true) or live (false) mode, with its default; absent: the endpoint's own mode. */
    mode_query: z.strictObject({ name: name(), default_test: bool() }).optional(),
    /** `{{message}}` of the unauthorized envelope. */
    messages: z
      .strictObject({ missing: z.string().max(300), invalid: z.string().max(300) })
      .default({ missing: 'Authentication required', invalid: 'Invalid or expired credentials' }),
  }),
  customer: z.strictObject({
    /** The token claim matched against the project's customer reference (`sub`, or an organization claim). */
    claim: name(),
    /** A token without this claim names no user (`user_not_found`); with `claim` ≠ it, a user without `claim` has no organization. */
    subject_claim: name().default('sub'),
    /** Only customers with a running subscription to a paid price get through (`not_paid`). */
    require_paid: bool().default(false),
  }),
  request: z
    .strictObject({
      return_url: field.optional(),
      configuration: field.optional(),
      price: field.optional(),
    })
    .default({}),
  success: envelope,
  errors: z
    .partialRecord(z.enum(ERROR_KEYS), envelope)
    .refine((e) => e.unauthorized && e.invalid_request && e.customer_not_found && e.internal, {
      message: 'must define unauthorized, invalid_request, customer_not_found and internal',
    }),
});

export type ContractInput = z.input<typeof contractSchema>;
export type Contract = z.output<typeof contractSchema>;
