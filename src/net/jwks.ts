import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import type { OutgoingClient } from './client.ts';

const MAX_CACHED = 100;

// Remote key sets are fetched once and refreshed by jose (cooldown, unknown kid); each
// client (mode) keeps its own, fetched through it.
const setsByClient = new WeakMap<OutgoingClient, Map<string, JWTVerifyGetKey>>();

/** The JSON Web Key Set at `url`, fetched only through `client`. */
export function remoteJwks(url: string, client: OutgoingClient): JWTVerifyGetKey {
  let sets = setsByClient.get(client);
  if (!sets) setsByClient.set(client, (sets = new Map()));
  let set = sets.get(url);
  if (!set) {
    if (sets.size >= MAX_CACHED) sets.clear();
    set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, [customFetch]: client.fetch });
    sets.set(url, set);
  }
  return set;
}
