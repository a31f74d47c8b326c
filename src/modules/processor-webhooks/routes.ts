import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Ctx, ProcessorAccess } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../kit/clock.ts';
import { MAX_BODY_BYTES, bodyTooLarge } from '../../api/body.ts';
import { receiveProcessorWebhook } from './service.ts';

export interface ProcessorWebhookDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  payments?: ProcessorAccess;
}

/**
 * Where processors send their webhooks: /processors/<kind>/webhooks/<project id>/<test|live>,
 * the URL `bursar processors show` prints for the merchant to register. The body is read raw:
 * the signature covers its exact bytes.
 */
export function mountProcessorWebhooks(app: Hono<any>, deps: ProcessorWebhookDeps): void {
  const hooks = app as Hono<{ Variables: { requestId: string } }>;
  hooks.post('/processors/:kind/webhooks/:project{[A-Za-z0-9_]{1,100}}/:mode{test|live}', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: bodyTooLarge }), async (c) => {
    const ctx: Ctx = {
      db: deps.db,
      scope: { projectId: c.req.param('project'), livemode: c.req.param('mode') === 'live' },
      clock: deps.clock,
      requestId: c.get('requestId'),
      idempotencyKey: null,
      publicUrl: deps.publicUrl,
      ...deps.payments,
    };
    return c.json(await receiveProcessorWebhook(ctx, c.req.param('kind'), await c.req.text(), c.req.raw.headers));
  });
}
