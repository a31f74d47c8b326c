import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { pdfText } from '../support/pdf-text.ts';
import { scenario, utc } from './support.ts';

describeEachEngine('a downgrade credits the balance', createTestApi, (api) => {
  const s = scenario(api);
  const ledger = async (customer: string) =>
    (await s.get(`/v1/customers/${customer}/balance_transactions`, { limit: 100 })).data.reverse().map((t: any) => [t.type, t.amount, t.ending_balance, t.invoice]);

  it('$100 → $20 on Jan 11 with always_invoice: the preview and the invoice bill $0, the $54.19 credit pays February, March and part of April', async () => {
    const { clock, cus, price: basic } = await s.setup(utc('2024-01-01'));
    const premium = await s.price(10000, 'Premium');
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: premium.id }] });
    await s.advance(clock.id, utc('2024-01-11'));
    const change = { items: [{ id: sub.items.data[0].id, price: basic.id }], proration_behavior: 'always_invoice', proration_date: utc('2024-01-11') };
    // 21 of 31 days left: −round(10000 × 21/31) = −6774, +round(2000 × 21/31) = +1355: −5419.
    const preview = await s.post('/v1/invoices/create_preview', { subscription: sub.id, subscription_details: change });
    assert.deepEqual([preview.total, preview.amount_due, preview.amount_remaining, preview.starting_balance], [-5419, 0, 0, 0]);

    await s.post(`/v1/subscriptions/${sub.id}`, change);
    const [first, downgrade] = await s.invoicesOf(cus.id, sub.id);
    assert.deepEqual([downgrade.billing_reason, downgrade.status, downgrade.total, downgrade.amount_due, downgrade.amount_paid, downgrade.ending_balance], ['subscription_update', 'paid', -5419, 0, 0, -5419]);
    const pdf = pdfText(Buffer.from(await (await api().app.request(new URL(downgrade.invoice_pdf).pathname)).arrayBuffer())).join(' ');
    assert.ok(pdf.includes('Total -$54.19 Credit to your balance $54.19 Amount paid $0.00 Amount due $0.00'), pdf);

    // February's $20 and March's $20 use the credit; April pays $20 − $14.19 of credit left = $5.81.
    const renewalPreview = await s.post('/v1/invoices/create_preview', { subscription: sub.id });
    assert.deepEqual([renewalPreview.total, renewalPreview.starting_balance, renewalPreview.amount_due], [2000, -5419, 0]);
    await s.advance(clock.id, utc('2024-02-01'));
    await s.advance(clock.id, utc('2024-03-01'));
    await s.advance(clock.id, utc('2024-04-01'));
    const [, , february, march, april] = await s.invoicesOf(cus.id, sub.id);
    assert.deepEqual([february, march, april].map((i: any) => [i.total, i.amount_due, i.ending_balance]), [[2000, 0, -3419], [2000, 0, -1419], [2000, 581, 0]]);
    assert.deepEqual(await ledger(cus.id), [
      ['applied_to_invoice', -5419, -5419, downgrade.id],
      ['applied_to_invoice', 2000, -3419, february.id],
      ['applied_to_invoice', 2000, -1419, march.id],
      ['applied_to_invoice', 1419, 0, april.id],
    ]);
    assert.equal(first.amount_paid, 10000);
  });

  it('canceling with prorate and invoice_now credits the unused time to the balance', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-01-01'));
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] });
    await s.advance(clock.id, utc('2024-01-11'));
    const res = await api().call('DELETE', `/v1/subscriptions/${sub.id}`, { params: { prorate: 'true', invoice_now: 'true' } });
    assert.equal(res.status, 200);
    const final = await s.get(`/v1/invoices/${res.body.latest_invoice}`);
    // round(2000 × 21/31) = 1355 back.
    assert.deepEqual([final.total, final.amount_due, final.ending_balance], [-1355, 0, -1355]);
    assert.deepEqual(await ledger(cus.id), [['applied_to_invoice', -1355, -1355, final.id]]);
    assert.equal((await s.get(`/v1/customers/${cus.id}`)).balance, -1355);
  });
});
