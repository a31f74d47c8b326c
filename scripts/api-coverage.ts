// Prints, as a Markdown table, every Billing method of the installed `stripe` package and
// whether Bursar's route table serves the request it makes. Run: npm run api-coverage
import { apiRoutes } from '../src/api/routes.ts';
import { patternOf, sdkEndpoints } from './sdk-endpoints.ts';

/** The SDK resources of Billing and what it pays and refunds with, in reading order. */
const BILLING_RESOURCES = [
  'customers',
  'products',
  'prices',
  'plans',
  'coupons',
  'promotionCodes',
  'taxRates',
  'taxIds',
  'subscriptions',
  'subscriptionItems',
  'subscriptionSchedules',
  'invoices',
  'invoiceItems',
  'invoicePayments',
  'creditNotes',
  'paymentMethods',
  'setupIntents',
  'paymentIntents',
  'charges',
  'refunds',
  'disputes',
  'events',
  'webhookEndpoints',
  'billingPortal.configurations',
  'billingPortal.sessions',
  'checkout.sessions',
  'testHelpers.testClocks',
];

const served = new Set(apiRoutes.map((route) => `${route.method} ${patternOf(route.path)}`));
const endpoints = sdkEndpoints();
const lines = ['| SDK method | Request | Bursar |', '| --- | --- | --- |'];
let total = 0;
let count = 0;
for (const resource of BILLING_RESOURCES) {
  for (const endpoint of endpoints.filter((e) => e.resource === resource)) {
    const yes = served.has(`${endpoint.verb} ${endpoint.pattern}`);
    total++;
    if (yes) count++;
    lines.push(`| \`stripe.${resource}.${endpoint.method}\` | \`${endpoint.verb} ${endpoint.pattern.replaceAll(':param', '{id}')}\` | ${yes ? 'served' : 'not served'} |`);
  }
}
lines.push('', `${count} of ${total} Billing methods served.`);
console.log(lines.join('\n'));
