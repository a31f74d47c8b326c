import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { ManualClock } from '../../kit/clock.ts';
import { modeClients } from '../../net/client.ts';
import type { ProcessorCredentials, ProcessorDeps } from '../../processors/make.ts';
import type { Processor } from '../../processors/processor.ts';
import { processorFor } from './registry.ts';

const LIVE_KEY = 'sk_live_51RegistryAccountKey0001';
const outgoing = modeClients({});
const built: { credentials: ProcessorCredentials; deps: ProcessorDeps; processor: Processor }[] = [];
/** Records what each processor is built from; the processor itself is never called here. */
const makeProcessor = (credentials: ProcessorCredentials, deps: ProcessorDeps) => {
  const processor = { kind: credentials.kind, inline: credentials.kind === 'test' } as Processor;
  built.push({ credentials, deps, processor });
  return processor;
};
const open = (engine: Parameters<typeof createTestApi>[0]) =>
  createTestApi(engine, new ManualClock(1_767_225_600), { outgoing, makeProcessor, stripeApiUrl: 'http://127.0.0.1:12111', publicUrl: 'https://billing.example.com' });

describeEachEngine('processorFor', open, (get) => {
  it('test mode without settings: the test gateway, through the mode\'s guarded client', async () => {
    const api = get();
    built.length = 0;
    const processor = await processorFor(api.ctx());
    assert.equal(processor.kind, 'test');
    assert.deepEqual(built[0]!.credentials, { kind: 'test' });
    const deps = built[0]!.deps;
    assert.equal(deps.client, outgoing.of(false));
    assert.deepEqual([deps.projectId, deps.livemode, deps.publicUrl, deps.stripeApiUrl], [api.ctx().scope.projectId, false, 'https://billing.example.com', 'http://127.0.0.1:12111']);
  });

  it('live mode without a processor refuses, saying how to set one', async () => {
    await assert.rejects(processorFor(get().ctx(true)), (e: any) => e.code === 'payment_gateway_unavailable' && e.status === 400 && /no payment processor is configured/.test(e.message));
  });

  it('live mode with Stripe: built once from the opened credentials, again only when they change', async () => {
    const api = get();
    built.length = 0;
    const set = (params: Record<string, unknown>) => api.call('POST', '/v1/processor_settings', { key: api.keys.live, params });
    assert.equal((await set({ processor: 'stripe', stripe: { secret_key: LIVE_KEY } })).status, 200);
    const first = await processorFor(api.ctx(true));
    assert.equal(await processorFor(api.ctx(true)), first);
    assert.equal(built.length, 1);
    assert.deepEqual(built[0]!.credentials, { kind: 'stripe', secretKey: LIVE_KEY, webhookSecret: null });
    assert.equal(built[0]!.deps.client, outgoing.of(true));

    await set({ stripe: { webhook_secret: 'whsec_registrySecret01' } });
    const second = await processorFor(api.ctx(true));
    assert.notEqual(second, first);
    assert.deepEqual(built[1]!.credentials, { kind: 'stripe', secretKey: LIVE_KEY, webhookSecret: 'whsec_registrySecret01' });

    // Removed and set again with the same credentials: built anew, never the stale one.
    await api.call('DELETE', '/v1/processor_settings', { key: api.keys.live });
    await assert.rejects(processorFor(api.ctx(true)), /no payment processor is configured/);
    await set({ processor: 'stripe', stripe: { secret_key: LIVE_KEY, webhook_secret: 'whsec_registrySecret01' } });
    assert.notEqual(await processorFor(api.ctx(true)), second);
    assert.equal(built.length, 3);
  });
});
