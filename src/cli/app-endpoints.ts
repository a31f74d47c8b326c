import { Command } from 'commander';
import { parseParams } from '../api/params.ts';
import { createCustomerKey } from '../modules/api-keys/customer-keys.ts';
import { PRESETS } from '../modules/app-endpoints/presets.ts';
import { createEndpointParams, updateEndpointParams, updateSettingsParams } from '../modules/app-endpoints/schemas.ts';
import { createEndpoint, listEndpoints, updateEndpoint, updateSettings } from '../modules/app-endpoints/service.ts';
import { projectScoped, runInProject } from './project-scope.ts';

// The CLI side of /v1/app_endpoints and /v1/app_endpoint_settings.

const presets = new Command('presets').description('list the shipped presets with their method and path').action(() => {
  for (const [name, c] of Object.entries(PRESETS)) console.log(`${name.padEnd(28)} ${c.method.padEnd(5)} ${c.path}`);
});

const list = projectScoped(new Command('list').description('list the project\'s app endpoints')).action((flags) => runInProject(flags, (ctx) => listEndpoints(ctx, { limit: 100 })));

const enable = projectScoped(
  new Command('enable').description('serve a preset (optionally at another path)').argument('<preset>', 'a preset name, as `app-endpoints presets` lists').option('--path <path>', 'serve it at this path'),
).action((preset: string, flags) => runInProject(flags, (ctx) => createEndpoint(ctx, parseParams(createEndpointParams, { preset, path: flags.path }))));

const toggle = (name: 'enable-id' | 'disable', enabled: boolean) =>
  projectScoped(new Command(name).description(`${enabled ? 'enable' : 'disable'} an app endpoint by id`).argument('<id>', 'ape_…')).action((id: string, flags) =>
    runInProject(flags, (ctx) => updateEndpoint(ctx, id, parseParams(updateEndpointParams, { enabled }))),
  );

const settings = projectScoped(
  new Command('settings')
    .description('set how callers are authenticated and matched to customers (only the options given change; "" clears)')
    .option('--jwt-secret <secret>', 'HS256 secret of end-user tokens (≥ 32 characters)')
    .option('--jwks-url <url>', 'JWKS URL for RS256/ES256 end-user tokens')
    .option('--issuer <iss>', 'required token issuer')
    .option('--audience <aud>', 'required token audience')
    .option('--customer-reference <field>', 'id, email or metadata.<key> (default metadata.bursar_ref)')
    .option('--allowed-origin <origin...>', 'browser origins allowed to call the endpoints (CORS)'),
).action((flags) =>
  runInProject(flags, (ctx) =>
    updateSettings(
      ctx,
      parseParams(updateSettingsParams, {
        jwt_secret: flags.jwtSecret,
        jwks_url: flags.jwksUrl,
        issuer: flags.issuer,
        audience: flags.audience,
        customer_reference: flags.customerReference,
        allowed_origins: flags.allowedOrigin,
      }),
    ),
  ),
);

const customerKey = projectScoped(
  new Command('customer-key').description('issue a key for one customer (ck_…), shown once').argument('<customer>', 'cus_…'),
).action((customer: string, flags) => runInProject(flags, (ctx) => createCustomerKey(ctx, customer)));

export function appEndpointsCommand(): Command {
  return new Command('app-endpoints')
    .description('serve documented "Manage billing" endpoints for a project (see docs/app-endpoints.md)')
    .addCommand(presets)
    .addCommand(list)
    .addCommand(enable)
    .addCommand(toggle('enable-id', true))
    .addCommand(toggle('disable', false))
    .addCommand(settings)
    .addCommand(customerKey);
}
