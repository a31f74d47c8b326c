import { VERSION } from '../../kit/version.ts';
import type { EventRow } from '../events/repository.ts';
import { toEventObject } from '../events/service.ts';
import { signatureHeaders } from './signature.ts';

/** What a delivery of `event` sends: the event as the API shows it, signed at `nowMs`. */
export function webhookRequest(secret: string, event: EventRow, nowMs: number): { payload: string; headers: Record<string, string> } {
  const payload = JSON.stringify(toEventObject(event));
  return {
    payload,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': `Bursar/${VERSION}`,
      ...signatureHeaders(secret, event.id, Math.floor(nowMs / 1000), payload),
    },
  };
}
