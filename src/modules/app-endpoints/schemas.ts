import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { bool, clearable, list, metadata, origin, str } from '../../api/params.ts';
import { urlParam } from '../../net/url.ts';
import { endpointPath, METHODS } from './contract.ts';
import { PRESET_NAMES } from './presets.ts';

/** A contract's fields, any of which overrides the preset's (objects merge, other values replace). */
const contractPatch = z.record(z.string(), z.unknown());

export const createEndpointParams = z.strictObject({
  preset: z.enum(PRESET_NAMES as [string, ...string[]]).optional(),
  contract: contractPatch.optional(),
  path: endpointPath().optional(),
  method: z.enum(METHODS).optional(),
  enabled: bool().optional(),
  metadata: metadata().optional(),
});

export const updateEndpointParams = z.strictObject({
  contract: contractPatch.optional(),
  path: endpointPath().optional(),
  method: z.enum(METHODS).optional(),
  enabled: bool().optional(),
  metadata: metadata().optional(),
});

export const listEndpointsParams = z.strictObject({ ...pageParams });

export const CUSTOMER_REFERENCE = /^(id|email|metadata\.[A-Za-z0-9_-]{1,40})$/;

export const updateSettingsParams = z.strictObject({
  jwt_secret: clearable(str(512).min(32, 'must be at least 32 characters (an HS256 key of 256 bits)')).optional(),
  jwks_url: clearable(urlParam()).optional(),
  issuer: clearable(str(500)).optional(),
  audience: clearable(str(500)).optional(),
  customer_reference: str(60).regex(CUSTOMER_REFERENCE, 'must be id, email or metadata.<key>').optional(),
  allowed_origins: clearable(list(origin(), 50)).optional(),
});

export const createCustomerKeyParams = z.strictObject({ customer: str(255) });
export const listCustomerKeysParams = z.strictObject({ ...pageParams, customer: str(255).optional() });

export type CreateEndpointParams = z.output<typeof createEndpointParams>;
export type UpdateEndpointParams = z.output<typeof updateEndpointParams>;
export type UpdateSettingsParams = z.output<typeof updateSettingsParams>;
