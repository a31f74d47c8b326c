import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as core from './migrations/2026-11-22-0001-core.ts';
import * as discountsAndTaxes from './migrations/2026-11-22-0002-coupons-promotion-codes-tax-rates.ts';
import * as testClocks from './migrations/2026-11-22-0003-test-clocks.ts';
import * as invoices from './migrations/2026-11-22-0004-invoices.ts';
import * as subscriptions from './migrations/2026-11-22-0005-subscriptions.ts';
import * as invoiceLinks from './migrations/2026-11-22-0007-invoice-links.ts';
import * as billingJobs from './migrations/2026-11-22-0006-billing-jobs.ts';
import * as dueWorkIndexes from './migrations/2026-11-23-0008-due-work-indexes.ts';
import * as webhooks from './migrations/2026-11-23-0008-webhooks.ts';
import * as billingPortal from './migrations/2026-11-23-0009-billing-portal.ts';
import * as pausesAndEventRetention from './migrations/2026-11-23-0010-pauses-and-event-retention.ts';
import * as appEndpoints from './migrations/2026-11-23-0011-app-endpoints.ts';
import * as scheduledChanges from './migrations/2026-11-23-0012-scheduled-changes.ts';
import * as customerReferences from './migrations/2026-11-23-0013-customer-references.ts';
import * as pauseResumesIndex from './migrations/2026-11-23-0014-pause-resumes-index.ts';
import * as invoiceUpcoming from './migrations/2026-11-23-0015-invoice-upcoming.ts';
import * as appEndpointStatuses from './migrations/2026-12-07-0016-app-endpoint-statuses.ts';
import * as listIndexes from './migrations/2026-12-07-0017-list-indexes.ts';
import * as secretKeys from './migrations/2026-12-07-0018-secret-keys.ts';
import * as subscriptionItemsByPrice from './migrations/2026-12-07-0019-subscription-items-by-price.ts';
import * as customerBalanceTransactions from './migrations/2026-12-07-0020-customer-balance-transactions.ts';
import * as creditNotes from './migrations/2026-12-07-0021-credit-notes.ts';
import * as processorSettings from './migrations/2026-12-07-0024-processor-settings.ts';
import * as processorCustomersEvents from './migrations/2026-12-07-0025-processor-customers-events.ts';
import * as setupIntents from './migrations/2026-12-07-0027-setup-intents.ts';
import * as subscriptionSchedules from './migrations/2026-12-07-0030-subscription-schedules.ts';
import * as setupIntentsAtProcessor from './migrations/2026-12-07-0029-setup-intents-at-processor.ts';
import * as plans from './migrations/2026-12-07-0033-plans.ts';
import * as paymentIntents from './migrations/2026-12-07-0022-payment-intents.ts';
import * as refundsDisputes from './migrations/2026-12-07-0026-refunds-disputes.ts';
import * as invoiceFieldsAndSends from './migrations/2026-12-07-0031-invoice-fields-and-sends.ts';
import * as subscriptionDescriptionPaymentSettings from './migrations/2026-12-07-0032-subscription-description-payment-settings.ts';

/** Dated and frozen: a shipped migration is never edited, only followed by a new one. */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-22-0001-core': core,
  '2026-11-22-0002-coupons-promotion-codes-tax-rates': discountsAndTaxes,
  '2026-11-22-0003-test-clocks': testClocks,
  '2026-11-22-0004-invoices': invoices,
  '2026-11-22-0005-subscriptions': subscriptions,
  '2026-11-22-0006-billing-jobs': billingJobs,
  '2026-11-22-0007-invoice-links': invoiceLinks,
  '2026-11-23-0008-due-work-indexes': dueWorkIndexes,
  '2026-11-23-0008-webhooks': webhooks,
  '2026-11-23-0009-billing-portal': billingPortal,
  '2026-11-23-0010-pauses-and-event-retention': pausesAndEventRetention,
  '2026-11-23-0011-app-endpoints': appEndpoints,
  '2026-11-23-0012-scheduled-changes': scheduledChanges,
  '2026-11-23-0013-customer-references': customerReferences,
  '2026-11-23-0014-pause-resumes-index': pauseResumesIndex,
  '2026-11-23-0015-invoice-upcoming': invoiceUpcoming,
  '2026-12-07-0016-app-endpoint-statuses': appEndpointStatuses,
  '2026-12-07-0017-list-indexes': listIndexes,
  '2026-12-07-0018-secret-keys': secretKeys,
  '2026-12-07-0019-subscription-items-by-price': subscriptionItemsByPrice,
  '2026-12-07-0020-customer-balance-transactions': customerBalanceTransactions,
  '2026-12-07-0021-credit-notes': creditNotes,
  '2026-12-07-0024-processor-settings': processorSettings,
  '2026-12-07-0025-processor-customers-events': processorCustomersEvents,
  '2026-12-07-0022-payment-intents': paymentIntents,
  '2026-12-07-0026-refunds-disputes': refundsDisputes,
  '2026-12-07-0027-setup-intents': setupIntents,
  '2026-12-07-0029-setup-intents-at-processor': setupIntentsAtProcessor,
  '2026-12-07-0030-subscription-schedules': subscriptionSchedules,
  '2026-12-07-0031-invoice-fields-and-sends': invoiceFieldsAndSends,
  '2026-12-07-0032-subscription-description-payment-settings': subscriptionDescriptionPaymentSettings,
  '2026-12-07-0033-plans': plans,
};

export async function migrate(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'bursar_migrations',
    migrationLockTableName: 'bursar_migrations_lock',
    // Migrations are independent of one another: one added with an earlier date than one a
    // database already has (work merged from a parallel branch) still runs.
    allowUnorderedMigrations: true,
  });
  return migrator.migrateToLatest();
}
