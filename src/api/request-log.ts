import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { ApiEnv } from './route.ts';

/** One info line per request, written once the response (or the onError one) is known. */
export function requestLog(logger: Logger): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    // Skip the timing and the object when nobody reads the line (e.g. LOG_LEVEL=warn under load).
    if (!logger.isLevelEnabled('info')) return next();
    const start = performance.now();
    await next();
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - start) * 100) / 100,
      },
      'request',
    );
  };
}
