import { parseJson } from '../../kit/json.ts';
import type { Contract } from './contract.ts';
import type { AppEndpointRow, SettingsRow } from './repository.ts';

export function toEndpointObject(row: AppEndpointRow) {
  return {
    id: row.id,
    object: 'app_endpoint' as const,
    contract: parseJson<Contract>(row.contract, null as never),
    created: row.created,
    enabled: row.enabled === 1,
    livemode: row.livemode === 1,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    method: row.method,
    path: row.path,
    preset: row.preset,
    updated: row.updated,
  };
}

export type EndpointObject = ReturnType<typeof toEndpointObject>;

/** The secret is never shown again: only whether one is set, and its last four characters. */
export function toSettingsObject(row: SettingsRow) {
  return {
    object: 'app_endpoint_settings' as const,
    allowed_origins: parseJson<string[]>(row.allowed_origins, []),
    audience: row.audience,
    customer_reference: row.customer_reference,
    issuer: row.issuer,
    jwks_url: row.jwks_url,
    jwt_secret: row.jwt_secret === null ? null : `…${row.jwt_secret.slice(-4)}`,
    livemode: row.livemode === 1,
    updated: row.updated,
  };
}

export type SettingsObject = ReturnType<typeof toSettingsObject>;
