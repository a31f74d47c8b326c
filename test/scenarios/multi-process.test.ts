import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createTestApi, type TestApi } from '../support/api.ts';
import { ENGINES, type TestStorageOptions } from '../support/storage.ts';
import { ManualClock } from '../../src/kit/clock.ts';
import type { DueWorkResult } from '../../src/jobs/due-work.ts';
import { scenario } from './support.ts';

const SUBSCRIPTIONS = 1000;
const PROCESSES = 3;
const DAY = 86_400;

function runWorker(options: TestStorageOptions): Promise<DueWorkResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'test/support/due-worker.ts'], {
      env: { ...process.env, DATABASE_URL: options.databaseUrl, BURSAR_SECRET_KEY: options.secretKeys![0]!.toString('base64') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited with ${code}`))));
  });
}

// Several Bursar processes on one PostgreSQL: every due subscription renews exactly once.
describe('three processes renew 1,000 due subscriptions once', { skip: !ENGINES.includes('postgres') && 'needs PostgreSQL' }, () => {
  let api: TestApi;
  before(async () => {
    // Subscriptions started 40 days ago: their first monthly period has ended in real time.
    api = await createTestApi('postgres', new ManualClock(Math.floor(Date.now() / 1000) - 40 * DAY));
  });
  after(() => api.close());

  it('bills each subscription one cycle invoice, whichever process claims it', { timeout: 300_000 }, async () => {
    const s = scenario(() => api);
    const cus = await s.post('/v1/customers', { email: 'fleet@example.com' });
    const pm = await s.post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    await s.post(`/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: pm.id } });
    const price = await s.post('/v1/prices', { currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    for (let i = 0; i < SUBSCRIPTIONS; i += 25) {
      await Promise.all(Array.from({ length: 25 }, () => s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id }] })));
    }

    const results = await Promise.all(Array.from({ length: PROCESSES }, () => runWorker(api.storage.options)));
    assert.deepEqual(results.map((r) => r.failed), Array.from({ length: PROCESSES }, () => []));
    assert.equal(results.reduce((n, r) => n + r.processed, 0), SUBSCRIPTIONS);

    const cycles = await api.storage.db
      .selectFrom('invoices')
      .select(['subscription', 'status'])
      .where('billing_reason', '=', 'subscription_cycle')
      .execute();
    assert.equal(cycles.length, SUBSCRIPTIONS);
    assert.equal(new Set(cycles.map((c) => c.subscription)).size, SUBSCRIPTIONS);
    assert.ok(cycles.every((c) => c.status === 'paid'));
  });
});
