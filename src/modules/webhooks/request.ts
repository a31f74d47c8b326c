import { VERSION } from '../../kit/version.ts';
import type { EventRow } from '../events/repository.ts';
import { toEventObject } from '../events/service.ts';
import { signatureHeaders } from './signature.ts';
import { CURRENT_VERSION } from '../../versions/known.ts';
import { toVersion } from '../../versions/transforms.ts';

/**
 * What a delivery of `event` sends: the event as the API shows it, in the shapes of the
 * endpoint's `api_version` (none: the current one), signed at `nowMs`.
 */
export function webhookRequest(secret: string, event: EventRow, nowMs: number, apiVersion: string | null = null): { payload: string; headers: Record<string, string> } {
  const payload = JSON.stringify(toVersion(toEventObject(event), apiVersion ?? CURRENT_VERSION));
  return {
    payload,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': `Bursar/${VERSION}`,
      ...signatureHeaders(secret, event.id, Math.floor(nowMs / 1000), payload),
    },
  };
}
