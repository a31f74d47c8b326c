import type { Route } from './route.ts';
import type { ExpandRegistry } from './expand.ts';
import { couponRoutes } from '../modules/coupons/routes.ts';
import { customerRoutes } from '../modules/customers/routes.ts';
import { eventRoutes } from '../modules/events/routes.ts';
import { paymentMethodRoutes } from '../modules/payment-methods/routes.ts';
import { priceRoutes } from '../modules/prices/routes.ts';
import { planRoutes } from '../modules/plans/routes.ts';
import { retrievePlan } from '../modules/plans/service.ts';
import { productRoutes } from '../modules/products/routes.ts';
import { promotionCodeRoutes } from '../modules/promotion-codes/routes.ts';
import { taxRateRoutes } from '../modules/tax-rates/routes.ts';
import { taxIdRoutes } from '../modules/tax-ids/routes.ts';
import { balanceTransactionRoutes } from '../modules/balance-transactions/routes.ts';
import { testClockRoutes } from '../modules/test-clocks/routes.ts';
import { invoiceItemRoutes } from '../modules/invoice-items/routes.ts';
import { invoiceRoutes } from '../modules/invoices/routes.ts';
import { creditNoteRoutes } from '../modules/credit-notes/routes.ts';
import { paymentIntentRoutes } from '../modules/payment-intents/routes.ts';
import { setupIntentRoutes } from '../modules/setup-intents/routes.ts';
import { retrieveSetupIntent } from '../modules/setup-intents/service.ts';
import { confirmationSecretOf, invoicePaymentsOf, retrieveCharge, retrieveInvoicePayment, retrievePaymentIntent } from '../modules/payment-intents/service.ts';
import { refundRoutes } from '../modules/refunds/routes.ts';
import { refundsOfCharge, retrieveRefund } from '../modules/refunds/service.ts';
import { disputeRoutes } from '../modules/disputes/routes.ts';
import { retrieveDispute } from '../modules/disputes/service.ts';
import { subscriptionRoutes } from '../modules/subscriptions/routes.ts';
import { subscriptionScheduleRoutes } from '../modules/subscription-schedules/routes.ts';
import { retrieveSchedule } from '../modules/subscription-schedules/service.ts';
import { portalConfigurationRoutes } from '../modules/portal-configurations/routes.ts';
import { portalSessionRoutes } from '../modules/portal-sessions/routes.ts';
import { appEndpointRoutes } from '../modules/app-endpoints/routes.ts';
import { retrieveConfiguration } from '../modules/portal-configurations/service.ts';
import { webhookEndpointRoutes } from '../modules/webhooks/routes.ts';
import { processorSettingsRoutes } from '../modules/processor-settings/routes.ts';
import { retrieveCoupon } from '../modules/coupons/service.ts';
import { retrieveCustomer } from '../modules/customers/service.ts';
import { retrievePaymentMethod } from '../modules/payment-methods/service.ts';
import { retrievePrice } from '../modules/prices/service.ts';
import { retrieveProduct } from '../modules/products/service.ts';
import { retrievePromotionCode } from '../modules/promotion-codes/service.ts';
import { retrieveTaxRate } from '../modules/tax-rates/service.ts';
import { retrieveTestClock } from '../modules/test-clocks/service.ts';
import { customerTaxIdsOf } from '../modules/tax-ids/service.ts';
import { retrieveInvoiceItem } from '../modules/invoice-items/service.ts';
import { retrieveInvoice } from '../modules/invoices/service.ts';
import { retrieveCreditNote } from '../modules/credit-notes/service.ts';
import { retrieveBalanceTransactionById } from '../modules/balance-transactions/service.ts';
import { discountObjectsOfSubscription, retrieveSubscription, retrieveSubscriptionItem, subscriptionsOfCustomer } from '../modules/subscriptions/service.ts';
import { discountObjectsOfInvoice } from '../modules/invoices/discount-object.ts';
import { retrieveEvent } from '../modules/events/service.ts';
import { retrieveWebhookEndpoint } from '../modules/webhooks/service.ts';

/** Every endpoint of the Stripe-compatible API. */
export const apiRoutes: Route[] = [
  ...customerRoutes,
  ...taxIdRoutes,
  ...balanceTransactionRoutes,
  ...paymentMethodRoutes,
  ...productRoutes,
  ...priceRoutes,
  ...planRoutes,
  ...couponRoutes,
  ...promotionCodeRoutes,
  ...taxRateRoutes,
  ...testClockRoutes,
  ...invoiceItemRoutes,
  ...invoiceRoutes,
  ...creditNoteRoutes,
  ...paymentIntentRoutes,
  ...refundRoutes,
  ...disputeRoutes,
  ...setupIntentRoutes,
  ...subscriptionRoutes,
  ...subscriptionScheduleRoutes,
  ...eventRoutes,
  ...portalConfigurationRoutes,
  ...portalSessionRoutes,
  ...appEndpointRoutes,
  ...webhookEndpointRoutes,
  ...processorSettingsRoutes,
] as Route[];

/** Which id fields `expand[]` can turn into objects, and how each object type loads. */
export const expandRegistry: ExpandRegistry = {
  fields: {
    // Stripe shows applies_to only when expanded; Bursar always shows it, so expanding it changes nothing.
    coupon: { applies_to: 'coupon.applies_to' },
    // subscriptions and tax_ids are shown only when expanded (`includes` below), as Stripe does.
    customer: { 'invoice_settings.default_payment_method': 'payment_method', test_clock: 'test_helpers.test_clock', subscriptions: 'subscription_list', tax_ids: 'tax_id_list' },
    subscription_list: { data: 'subscription' },
    tax_id_list: { data: 'tax_id' },
    // Discounts have no id to load by: a holder's `discounts` are made from the holder (`includes` below).
    discount: { customer: 'customer', promotion_code: 'promotion_code', 'source.coupon': 'coupon' },
    tax_id: { customer: 'customer', 'owner.customer': 'customer' },
    customer_balance_transaction: { customer: 'customer', invoice: 'invoice', credit_note: 'credit_note' },
    credit_note: { customer: 'customer', invoice: 'invoice', customer_balance_transaction: 'customer_balance_transaction' },
    payment_method: { customer: 'customer' },
    price: { product: 'product' },
    plan: { product: 'product' },
    product: { default_price: 'price' },
    promotion_code: { customer: 'customer', 'promotion.coupon': 'coupon' },
    invoiceitem: { customer: 'customer', invoice: 'invoice', test_clock: 'test_helpers.test_clock', 'pricing.price_details.price': 'price' },
    // payments and confirmation_secret are shown only when expanded (`includes` below).
    invoice: {
      customer: 'customer', default_payment_method: 'payment_method', payments: 'invoice_payment_list', confirmation_secret: 'invoice.confirmation_secret',
      discounts: 'discount', lines: 'line_item_list', 'parent.subscription_details.subscription': 'subscription', test_clock: 'test_helpers.test_clock',
      latest_revision: 'invoice', 'from_invoice.invoice': 'invoice',
    },
    // An invoice's lines are objects already: `lines` only leads into them (lines.data.pricing.price_details.price).
    line_item_list: { data: 'line_item' },
    line_item: { discounts: 'discount', 'pricing.price_details.price': 'price', subscription: 'subscription' },
    invoice_payment_list: { data: 'invoice_payment' },
    invoice_payment: { invoice: 'invoice', 'payment.payment_intent': 'payment_intent', 'payment.charge': 'charge' },
    payment_intent: { customer: 'customer', latest_charge: 'charge', payment_method: 'payment_method' },
    // refunds is shown only when expanded (`includes` below), as Stripe does.
    charge: { customer: 'customer', payment_intent: 'payment_intent', refunds: 'refund_list' },
    refund_list: { data: 'refund' },
    refund: { charge: 'charge', payment_intent: 'payment_intent', customer: 'customer', payment_method: 'payment_method' },
    dispute: { charge: 'charge', payment_intent: 'payment_intent' },
    setup_intent: { customer: 'customer', payment_method: 'payment_method' },
    // A subscription's items are objects already: `items` only leads into them (items.data.price.product).
    subscription: {
      customer: 'customer', default_payment_method: 'payment_method', latest_invoice: 'invoice', items: 'subscription_item_list', discounts: 'discount',
      test_clock: 'test_helpers.test_clock', pending_setup_intent: 'setup_intent', schedule: 'subscription_schedule',
    },
    subscription_item_list: { data: 'subscription_item' },
    subscription_item: { price: 'price', plan: 'plan', discounts: 'discount' },
    subscription_schedule: { customer: 'customer', subscription: 'subscription', test_clock: 'test_helpers.test_clock', 'default_settings.default_payment_method': 'payment_method' },
    'billing_portal.session': { configuration: 'billing_portal.configuration' },
    'webhook_endpoint.attempt': { event: 'event', webhook_endpoint: 'webhook_endpoint' },
  },
  loaders: {
    coupon: retrieveCoupon,
    customer: retrieveCustomer,
    payment_method: retrievePaymentMethod,
    price: retrievePrice,
    plan: retrievePlan,
    product: retrieveProduct,
    promotion_code: retrievePromotionCode,
    tax_rate: retrieveTaxRate,
    'test_helpers.test_clock': retrieveTestClock,
    invoiceitem: retrieveInvoiceItem,
    invoice: retrieveInvoice,
    credit_note: retrieveCreditNote,
    customer_balance_transaction: retrieveBalanceTransactionById,
    subscription: retrieveSubscription,
    subscription_item: retrieveSubscriptionItem,
    subscription_schedule: retrieveSchedule,
    'billing_portal.configuration': retrieveConfiguration,
    event: retrieveEvent,
    webhook_endpoint: retrieveWebhookEndpoint,
    payment_intent: retrievePaymentIntent,
    setup_intent: retrieveSetupIntent,
    charge: retrieveCharge,
    invoice_payment: retrieveInvoicePayment,
    refund: retrieveRefund,
    dispute: retrieveDispute,
  },
  includes: {
    'invoice.payments': invoicePaymentsOf,
    'invoice.confirmation_secret': confirmationSecretOf,
    'charge.refunds': refundsOfCharge,
    'customer.tax_ids': customerTaxIdsOf,
    'customer.subscriptions': subscriptionsOfCustomer,
    'subscription.discounts': discountObjectsOfSubscription,
    'invoice.discounts': discountObjectsOfInvoice,
  },
};
