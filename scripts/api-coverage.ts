// Prints, as a Markdown table, every Billing method of the installed `stripe` package and
// whether Bursar's route table serves the request it makes. Run: npm run api-coverage
// (docs/api.md's Coverage section holds its output; test/api/api-coverage.test.ts compares them).
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

/** The Markdown table of every Billing method of the SDK, served or not, and the count. */
export function coverageTable(): string {
  const served = new Set(apiRoutes.map((route) => `${route.method} ${patternOf(route.path)}`));
  const lines = ['| SDK method | Request | Bursar |', '| --- | --- | --- |'];
  let total = 0;
  let count = 0;
  const endpoints = sdkEndpoints();
  for (const resource of BILLING_RESOURCES) {
    for (const endpoint of endpoints.filter((e) => e.resource === resource)) {
      const yes = served.has(`${endpoint.verb} ${endpoint.pattern}`);
      total++;
      if (yes) count++;
      lines.push(`| \`stripe.${resource}.${endpoint.method}\` | \`${endpoint.verb} ${endpoint.pattern.replaceAll(':param', '{id}')}\` | ${yes ? 'served' : 'not served'} |`);
    }
  }
  lines.push('', `${count} of ${total} Billing methods served.`);
  return lines.join('\n');
}

if (import.meta.main) console.log(coverageTable());
