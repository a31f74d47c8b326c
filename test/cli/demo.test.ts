import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, freshDatabase } from '../support/storage.ts';
import { runCli, startServer, stopServer, storageArgs, type RunningServer } from '../support/cli.ts';

for (const engine of ENGINES) {
  describe(`bursar demo (${engine})`, () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    let server: RunningServer;
    before(async () => {
      db = await freshDatabase(engine);
    });
    after(async () => {
      if (server) await stopServer(server);
      await db.drop();
    });

    async function demo(): Promise<any> {
      const result = await runCli(['demo', '--json', ...storageArgs(db.options), '--public-url', 'http://billing.test:8080/']);
      assert.equal(result.code, 0, result.stderr);
      return JSON.parse(result.stdout); // exactly one JSON object, nothing else on stdout
    }

    it('seeds once, and each run issues a working key and revokes the previous one', async () => {
      const first = await demo();
      const second = await demo();
      assert.equal(first.api_base, 'http://billing.test:8080');
      assert.equal(first.project_id, 'proj_demo');
      assert.match(first.secret_key, /^sk_test_[0-9A-Za-z]{40}$/);
      assert.notEqual(second.secret_key, first.secret_key);
      const { api_base, secret_key, portal_url, app_endpoints: _e, ...catalog } = first;
      const { api_base: _a, secret_key: _k, portal_url: secondPortal, app_endpoints: _e2, ...catalogAgain } = second;
      assert.match(portal_url, /^http:\/\/billing\.test:8080\/p\/session\/[A-Za-z0-9_-]{43}$/);
      assert.notEqual(secondPortal, portal_url, 'each run gives a fresh one-time link');
      assert.deepEqual(catalogAgain, catalog, 'a second run must reuse every object');

      server = await startServer(storageArgs(db.options));
      const get = (path: string, key: string) => fetch(server.url + path, { headers: { authorization: `Bearer ${key}` } });
      const res = await get('/v1/customers?limit=100', second.secret_key);
      assert.equal(res.status, 200);
      const customers = ((await res.json()) as any).data;
      assert.deepEqual(customers.map((c: any) => c.metadata.demo_ref).sort(), ['ada', 'alan', 'grace']);
      assert.deepEqual(first.products, { starter: 'prod_demo_starter', pro: 'prod_demo_pro', team: 'prod_demo_team' });
      const lookupKeys = ['starter', 'pro', 'team'].flatMap((plan) => [`${plan}_monthly`, `${plan}_yearly`]);
      assert.deepEqual(Object.keys(first.prices).sort(), [...lookupKeys].sort());
      const prices: any = await (await get('/v1/prices?limit=100', second.secret_key)).json();
      assert.equal(prices.data.length, 6, 'no price is created twice');
      const pro = prices.data.find((p: any) => p.lookup_key === 'pro_yearly');
      assert.deepEqual(
        [pro.id, pro.product, pro.currency, pro.unit_amount, pro.recurring.interval, pro.active],
        [first.prices.pro_yearly, 'prod_demo_pro', 'usd', 29000, 'year', true],
      );
      const starter: any = await (await get('/v1/products/prod_demo_starter', second.secret_key)).json();
      assert.equal(starter.name, 'Starter');
      assert.equal(starter.default_price, first.prices.starter_monthly);
      const products: any = await (await get('/v1/products?limit=100', second.secret_key)).json();
      assert.equal(products.data.length, 3);

      const ada = customers.find((c: any) => c.metadata.demo_ref === 'ada');
      assert.equal(ada.id, first.customers.ada);
      const cards: any = await (await get(`/v1/customers/${ada.id}/payment_methods`, second.secret_key)).json();
      assert.equal(cards.data.length, 1, 'the card is attached once, not once per run');
      assert.equal(cards.data[0].card.brand, 'visa');
      assert.equal(ada.invoice_settings.default_payment_method, cards.data[0].id);

      // The link opens the portal for Ada, whose Pro subscription shows there.
      const opened = await fetch(server.url + new URL(secondPortal).pathname, { redirect: 'manual' });
      assert.equal(opened.status, 303);
      const portal = await fetch(server.url + '/p', { headers: { cookie: opened.headers.get('set-cookie')!.split(';')[0] } });
      const page = await portal.text();
      assert.match(page, /Pro – \$29\.00 per month/);
      assert.match(page, /Change plan/);
      const spent = await fetch(server.url + new URL(portal_url).pathname, { redirect: 'manual' });
      assert.equal(spent.status, 303, 'the first run\'s link is still unused, so it opens');

      const old = await get('/v1/customers', first.secret_key);
      assert.equal(old.status, 401);
      assert.equal(((await old.json()) as any).error.code, 'api_key_expired');

      // Ada's customer key goes the same way: the second run's opens her portal, the first run's no longer.
      const withKey = (run: any) => {
        const e = run.app_endpoints['api-key-return-url'];
        return fetch(server.url + e.path, { method: e.method, headers: e.headers, body: JSON.stringify(e.body) });
      };
      assert.equal((await withKey(second)).status, 200);
      const refused = await withKey(first);
      assert.equal(refused.status, 401);
      assert.equal(refused.headers.get('content-type'), 'application/json');
      const keys: any = await (await get(`/v1/customer_api_keys?customer=${ada.id}`, second.secret_key)).json();
      assert.equal(keys.data.filter((k: any) => k.revoked_at === null).length, 1, 'one live demo key for Ada');
    });

    it('--json gives every app endpoint preset a request that works as written, with only the host changed', async () => {
      const out = await demo();
      assert.deepEqual(Object.keys(out.app_endpoints).sort(), [
        'api-key-return-url', 'bearer-data-cancel', 'bearer-data-change-plan', 'bearer-data-envelope',
        'bearer-data-subscription', 'cookie-paid-plan', 'org-bearer-success-url', 'project-scoped-return-url',
      ]);
      const envelope = out.app_endpoints['bearer-data-envelope'];
      assert.equal(envelope.url, 'http://billing.test:8080/api/billing/portal');
      assert.match(envelope.curl, /^curl -X POST 'http:\/\/billing\.test:8080\/api\/billing\/portal' -H 'Authorization: Bearer [\w-]+\.[\w-]+\.[\w-]+'/);
      const send = async (preset: string, body?: unknown) => {
        const e = out.app_endpoints[preset];
        const res = await fetch(server.url + e.path, { method: e.method, headers: e.headers, body: body === undefined ? (e.body && JSON.stringify(e.body)) : JSON.stringify(body) });
        return { status: res.status, body: (await res.json()) as any };
      };
      const urls: string[] = [];
      for (const preset of ['org-bearer-success-url', 'cookie-paid-plan', 'api-key-return-url', 'project-scoped-return-url', 'bearer-data-envelope']) {
        const reply = await send(preset);
        assert.equal(reply.status, 200, `${preset}: ${JSON.stringify(reply.body)}`);
        urls.push(reply.body.url ?? reply.body.portal_url ?? reply.body.data.url);
      }
      for (const url of urls) {
        const opened = await fetch(server.url + new URL(url).pathname, { redirect: 'manual' });
        assert.equal(opened.status, 303, `${url} opens the portal`);
      }
      const mine = await send('bearer-data-subscription');
      assert.equal(mine.body.data.subscription.plan.name, 'Pro');
      const changed = await send('bearer-data-change-plan', { priceId: out.prices.team_monthly });
      assert.equal(changed.body.data.subscription.plan.name, 'Team');
      assert.equal((await send('bearer-data-cancel')).body.data.subscription.cancelAtPeriodEnd, true);
    });

    it('serve --demo prints the API base and a fresh key that works, and revokes the previous one', async () => {
      if (server) await stopServer(server);
      const before = await demo();
      server = await startServer(['--demo', ...storageArgs(db.options)]);
      const printed = server.stderr();
      assert.match(printed, new RegExp(`API base: +${server.url.replace(/\./g, '\\.')}\n`));
      const key = printed.match(/Test secret key: (sk_test_\w+)/)?.[1];
      const portalUrl = printed.match(/Customer portal: (\S+)/)?.[1];
      assert.ok(portalUrl?.startsWith(`${server.url}/p/session/`), printed);
      assert.equal((await fetch(portalUrl!, { redirect: 'manual' })).status, 303, 'the printed portal link opens');
      assert.ok(key, printed);
      assert.ok(!server.logs.some((line) => JSON.stringify(line).includes(key)), 'the key stays out of the logs');
      const auth = (k: string) => ({ headers: { authorization: `Bearer ${k}` } });
      const list: any = await (await fetch(`${server.url}/v1/customers?limit=100`, auth(key))).json();
      assert.equal(list.data.length, 3, 'the demo data is there once');
      assert.equal((await fetch(`${server.url}/v1/customers`, auth(before.secret_key))).status, 401);
    });
  });
}
