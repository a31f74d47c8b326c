import type { ContractInput, Envelope } from './contract.ts';

/**
 * Shipped contracts, named for their shape. The first five reproduce the five documented
 * "create portal session" endpoints (docs/app-endpoints.md names each one's document); the
 * last three are the customer-facing companions a settings page reads and changes its plan with.
 */

const at = (status: number, body: Envelope['body']): Envelope => ({ status, body });

/** `{ success, error: { code, message } }`: the data-envelope family. */
const dataError = (status: number, code: string, message: string) => at(status, { success: false, error: { code, message } });
const dataErrors = {
  unauthorized: dataError(401, 'UNAUTHORIZED', 'Authentication required'),
  invalid_request: dataError(400, 'VALIDATION_ERROR', '{{message}}'),
  customer_not_found: dataError(404, 'NOT_FOUND', 'No billing customer record found'),
  internal: dataError(500, 'INTERNAL_ERROR', 'Failed to create billing portal session'),
};
const subscriptionReply = at(200, { success: true, data: { subscription: '{{subscription}}' } });
const dataCompanion = (method: 'GET' | 'POST', path: string, action: ContractInput['action']): ContractInput => ({
  method,
  path,
  action,
  auth: { credentials: ['bearer_jwt'] },
  customer: { claim: 'sub' },
  request: action === 'update_subscription' ? { price: { name: 'priceId', required: true } } : {},
  success: subscriptionReply,
  errors: { ...dataErrors, internal: dataError(500, 'INTERNAL_ERROR', 'Failed to update the subscription') },
});

/** `{ success, error_code, message }` */
const flagError = (status: number, code: string, message: string) => at(status, { success: false, error_code: code, message });

export const PRESETS: Record<string, ContractInput> = {
  // POST /subscriptions/portal: the user's organization is the customer; no request body.
  'org-bearer-success-url': {
    method: 'POST',
    path: '/subscriptions/portal',
    action: 'portal_session',
    auth: { credentials: ['bearer_jwt'] },
    customer: { claim: 'org_id', subject_claim: 'sub' },
    success: at(200, { success: true, url: '{{url}}' }),
    errors: {
      unauthorized: flagError(401, 'UNAUTHORIZED', '{{message}}'),
      invalid_request: flagError(400, 'INVALID_REQUEST', '{{message}}'),
      no_organization: flagError(400, 'NO_ORGANIZATION', 'User must belong to an organization'),
      user_not_found: flagError(404, 'USER_NOT_FOUND', 'User not found'),
      customer_not_found: flagError(404, 'ORG_NOT_FOUND', 'Organization not found'),
      internal: flagError(500, 'INTERNAL_ERROR', 'Failed to create billing portal session'),
    },
  },
  // POST /api/subscription/create-portal-session: JWT in the access_token cookie; paid plans only.
  'cookie-paid-plan': {
    method: 'POST',
    path: '/api/subscription/create-portal-session',
    action: 'portal_session',
    auth: { credentials: ['cookie_jwt'], cookie: 'access_token' },
    customer: { claim: 'sub', require_paid: true },
    success: at(200, { url: '{{url}}', message: 'Portal session created successfully' }),
    errors: {
      unauthorized: at(401, { error: 'Unauthorized', message: 'Authentication required' }),
      invalid_request: at(400, { error: 'Bad Request', message: '{{message}}' }),
      not_paid: at(403, { error: 'Forbidden', message: 'Customer portal is only available for paid subscriptions' }),
      cross_site: at(403, { error: 'Forbidden', message: '{{message}}' }),
      customer_not_found: at(404, { error: 'Not Found', message: 'Stripe customer not found' }),
      internal: at(500, { error: 'Internal Server Error', message: 'Failed to create portal session' }),
    },
  },
  // POST /api/subscriptions/portal: a customer key in x-api-key (or Bearer), or a JWT; returnUrl required.
  'api-key-return-url': {
    method: 'POST',
    path: '/api/subscriptions/portal',
    action: 'portal_session',
    auth: {
      credentials: ['api_key', 'bearer_jwt'],
      messages: { missing: 'Unauthorized: provide an API key (x-api-key) or a Bearer token', invalid: 'Unauthorized: invalid or expired credentials' },
    },
    customer: { claim: 'sub' },
    request: { return_url: { name: 'returnUrl', required: true, messages: { missing: 'returnUrl is required', invalid: 'returnUrl must be a valid URL' } } },
    success: at(200, { id: '{{id}}', url: '{{url}}' }),
    errors: {
      unauthorized: at(401, { error: '{{message}}' }),
      invalid_request: at(400, { error: '{{message}}' }),
      customer_not_found: at(404, { error: 'No billing account found for this account' }),
      internal: at(500, { error: 'Failed to create portal session' }),
    },
  },
  // POST /api/v1/payments/stripe/customer-portal?test_mode=true: project-scoped end-user JWT; FastAPI-style errors.
  'project-scoped-return-url': {
    method: 'POST',
    path: '/api/v1/payments/stripe/customer-portal',
    action: 'portal_session',
    auth: {
      credentials: ['bearer_jwt'],
      project_claim: 'project_id',
      mode_query: { name: 'test_mode', default_test: true },
      messages: { missing: 'Not authenticated', invalid: 'Could not validate credentials' },
    },
    customer: { claim: 'sub' },
    request: { return_url: { name: 'return_url', required: true, messages: { missing: 'Field required', invalid: 'Input should be a valid URL' } } },
    success: at(200, { portal_url: '{{url}}' }),
    errors: {
      unauthorized: at(401, { detail: '{{message}}' }),
      project_not_found: at(404, { detail: 'Project not found or Stripe not configured' }),
      invalid_request: at(422, { detail: [{ type: '{{type}}', loc: ['body', '{{param}}'], msg: '{{message}}' }] }),
      customer_not_found: at(404, { detail: 'No Stripe customer found for user' }),
      internal: at(500, { detail: 'Failed to create customer portal session' }),
    },
  },
  // POST /api/billing/portal: Bearer session token; { success, data: { url } }.
  'bearer-data-envelope': {
    method: 'POST',
    path: '/api/billing/portal',
    action: 'portal_session',
    auth: { credentials: ['bearer_jwt'] },
    customer: { claim: 'sub' },
    request: { return_url: { name: 'returnUrl', required: true }, configuration: { name: 'configuration', required: false } },
    success: at(200, { success: true, data: { url: '{{url}}' } }),
    errors: dataErrors,
  },
  'bearer-data-subscription': dataCompanion('GET', '/api/billing/subscription', 'subscription'),
  'bearer-data-cancel': dataCompanion('POST', '/api/billing/subscription/cancel', 'cancel_subscription'),
  'bearer-data-change-plan': dataCompanion('POST', '/api/billing/subscription/plan', 'update_subscription'),
};

export const PRESET_NAMES = Object.keys(PRESETS);
