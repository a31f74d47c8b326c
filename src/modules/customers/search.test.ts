import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../../../test/support/storage.ts';
import { createTestApi, type TestApi } from '../../../test/support/api.ts';
import { searchNames } from '../../../test/support/search.ts';

for (const engine of ENGINES) {
  describe(`GET /v1/customers/search (${engine})`, () => {
    let api: TestApi;
    const ids: Record<string, string> = {};
    const search = async (query: string, params: Record<string, unknown> = {}, key?: string) => api.call('GET', '/v1/customers/search', { params: { query, ...params }, key });
    const found = (query: string) => searchNames(api, 'customers', ids, query);

    before(async () => {
      api = await createTestApi(engine);
      const make = async (name: string, params: Record<string, unknown>) => {
        api.clock.advance(60);
        ids[name] = (await api.call('POST', '/v1/customers', { params })).body.id;
      };
      await make('jenny', { email: 'Jenny.Rosen@example.com', name: 'Jenny Rosen', phone: '+33 6 12 34 56 78', metadata: { plan: 'pro', team: 'a' } });
      await make('john', { email: 'john@example.org', name: 'John Doe', metadata: { plan: 'free' } });
      await make('anon', { metadata: { plan: 'pro' } });
      await make('gone', { email: 'gone@example.com', name: 'Gone Away' });
      await api.call('DELETE', `/v1/customers/${ids.gone}`);
      // Another project's and live mode's customers never show.
      await api.call('POST', '/v1/customers', { params: { email: 'jenny@example.com', name: 'Jenny Rosen' }, key: api.keys.otherProject });
      await api.call('POST', '/v1/customers', { params: { email: 'jenny@example.com', name: 'Jenny Rosen' }, key: api.keys.live });
    });
    after(() => api.close());

    it("answers Stripe's search_result", async () => {
      const res = await search('email:"jenny.rosen@example.com"');
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body).sort(), ['data', 'has_more', 'next_page', 'object', 'url']);
      assert.equal(res.body.object, 'search_result');
      assert.equal(res.body.url, '/v1/customers/search');
      assert.equal(res.body.has_more, false);
      assert.equal(res.body.next_page, null);
      assert.equal(res.body.data[0].id, ids.jenny);
      assert.equal(res.body.data[0].object, 'customer');
    });

    it('matches exactly ignoring case, by substring, by metadata and by null', async () => {
      assert.deepEqual(await found('email:"JENNY.ROSEN@EXAMPLE.COM"'), ['jenny']);
      assert.deepEqual(await found("name:'jenny rosen'"), ['jenny']);
      assert.deepEqual(await found('email:"jenny"'), []);
      assert.deepEqual(await found('email~"example"'), ['jenny', 'john']);
      assert.deepEqual(await found('name~"doe"'), ['john']);
      assert.deepEqual(await found('phone~"12 34"'), ['jenny']);
      assert.deepEqual(await found('metadata["plan"]:"pro"'), ['anon', 'jenny']);
      assert.deepEqual(await found("metadata['team']:'a'"), ['jenny']);
      assert.deepEqual(await found('metadata["team"]:null'), ['anon', 'john']);
      assert.deepEqual(await found('-metadata["team"]:null'), ['jenny']);
      assert.deepEqual(await found('email:null'), ['anon']);
    });

    it('combines clauses with AND (or spaces) and OR, and negates with -', async () => {
      assert.deepEqual(await found('metadata["plan"]:"pro" AND email~"exa"'), ['jenny']);
      assert.deepEqual(await found('metadata["plan"]:"pro" email~"exa"'), ['jenny']);
      assert.deepEqual(await found('name:"John Doe" OR email:null'), ['anon', 'john']);
      assert.deepEqual(await found('name:"John Doe" or email:null'), ['anon', 'john']);
      // A negated clause holds where the field is empty too.
      assert.deepEqual(await found('-email~"example.com"'), ['anon', 'john']);
      assert.deepEqual(await found('-name:"John Doe" -name:"Jenny Rosen"'), ['anon']);
    });

    it('compares created times', async () => {
      const jenny = (await api.call('GET', `/v1/customers/${ids.jenny}`)).body.created;
      assert.deepEqual(await found(`created>${jenny}`), ['anon', 'john']);
      assert.deepEqual(await found(`created>=${jenny}`), ['anon', 'jenny', 'john']);
      assert.deepEqual(await found(`created<=${jenny}`), ['jenny']);
      assert.deepEqual(await found(`created:${jenny}`), ['jenny']);
      assert.deepEqual(await found(`-created<${jenny + 61}`), ['anon']);
    });

    it('pages with next_page to the end, newest first, and counts with expand[]=total_count', async () => {
      const first = await search('email~"example" OR email:null', { limit: 2, expand: ['total_count'] });
      assert.equal(first.status, 200);
      assert.deepEqual(first.body.data.map((c: { id: string }) => c.id), [ids.anon, ids.john]);
      assert.equal(first.body.has_more, true);
      assert.equal(typeof first.body.next_page, 'string');
      assert.equal(first.body.total_count, 3);
      const second = await search('email~"example" OR email:null', { limit: 2, page: first.body.next_page });
      assert.deepEqual(second.body.data.map((c: { id: string }) => c.id), [ids.jenny]);
      assert.equal(second.body.has_more, false);
      assert.equal(second.body.next_page, null);
      assert.equal(second.body.total_count, undefined);
    });

    it("refuses a page of another query, or one that is no page, on page", async () => {
      const first = await search('email~"example"', { limit: 1 });
      const other = await search('email~"examples"', { page: first.body.next_page });
      assert.equal(other.status, 400);
      assert.equal(other.body.error.param, 'page');
      assert.match(other.body.error.message, /another search query/);
      for (const page of ['abc', Buffer.from('[1.5,"x"]').toString('base64url'), Buffer.from('{"seq":1}').toString('base64url')]) {
        const bad = await search('email~"example"', { page });
        assert.equal(bad.status, 400, page);
        assert.equal(bad.body.error.param, 'page');
      }
    });

    it('expands data fields and refuses what cannot be expanded', async () => {
      const ok = await search('name:"John Doe"', { expand: ['data.test_clock'] });
      assert.equal(ok.status, 200);
      const bad = await search('name:"John Doe"', { expand: ['data.nothing'] });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.param, 'expand');
      const count = await api.call('GET', '/v1/customers', { params: { expand: ['total_count'] } });
      assert.equal(count.status, 400, 'total_count is a search result field only');
    });

    it('refuses a bad query with a 400 on query naming what and where', async () => {
      const cases: [string, string][] = [
        ['nickname:"x"', 'Invalid search query: customers cannot be searched by `nickname`; the fields are created, email, metadata, name, phone (at character 1).'],
        ['email>"x"', 'Invalid search query: `email` cannot be searched with >; it takes : ~ (at character 6).'],
        ['email:"jenny', 'Invalid search query: the string that starts here is never closed; end it with " (at character 7).'],
        ['email:"a@b.c" AND name:"x" OR phone:"1"', 'Invalid search query: AND and OR cannot be combined in one query: OR here, but AND at character 15 (at character 28).'],
        ['email~"ab"', 'Invalid search query: a substring search (~) needs at least 3 characters (at character 7).'],
      ];
      for (const [query, message] of cases) {
        const res = await search(query);
        assert.equal(res.status, 400, query);
        assert.equal(res.body.error.type, 'invalid_request_error');
        assert.equal(res.body.error.param, 'query');
        assert.equal(res.body.error.message, message);
      }
      const missing = await api.call('GET', '/v1/customers/search');
      assert.equal(missing.status, 400);
      assert.equal(missing.body.error.param, 'query');
    });

    it('is not taken for the retrieve of a customer named "search"', async () => {
      const res = await api.call('GET', '/v1/customers/search', { params: { query: 'email:"nobody@example.com"' } });
      assert.equal(res.body.object, 'search_result');
    });
  });
}
