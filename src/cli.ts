import { Command, CommanderError } from 'commander';
import { ConfigError } from './kit/config-error.ts';
import { BursarError } from './kit/errors.ts';
import { VERSION } from './kit/version.ts';
import { appEndpointsCommand } from './cli/app-endpoints.ts';
import { demoCommand } from './cli/demo.ts';
import { eventsCommand } from './cli/events.ts';
import { listenCommand } from './cli/listen.ts';
import { keysCommand } from './cli/keys.ts';
import { migrateCommand } from './cli/migrate.ts';
import { processorsCommand } from './cli/processors.ts';
import { secretsCommand } from './cli/secrets.ts';
import { serveCommand } from './cli/serve.ts';

/** Exit codes: 0 done, 1 the work failed, 2 the command line or configuration is wrong. */
const USAGE = 2;

const program = new Command('bursar')
  .description('Bursar: self-hosted subscription billing with a Stripe-compatible API')
  .version(VERSION)
  .showHelpAfterError()
  .addCommand(serveCommand())
  .addCommand(demoCommand())
  .addCommand(keysCommand())
  .addCommand(migrateCommand())
  .addCommand(appEndpointsCommand())
  .addCommand(eventsCommand())
  .addCommand(listenCommand())
  .addCommand(processorsCommand())
  .addCommand(secretsCommand());

// Subcommands added with addCommand do not inherit settings: throw instead of exiting, everywhere.
(function throwOnUsageErrors(cmd: Command) {
  cmd.exitOverride();
  cmd.commands.forEach(throwOnUsageErrors);
})(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander printed the message (or the help/version) already.
    process.exitCode = error.exitCode === 0 ? 0 : USAGE;
  } else if (error instanceof ConfigError) {
    console.error(`bursar: ${error.message}`);
    process.exitCode = USAGE;
  } else {
    // Expected failures (a Bursar error, a system error such as EADDRINUSE) need no stack.
    const expected = error instanceof BursarError || typeof (error as NodeJS.ErrnoException)?.code === 'string';
    console.error(`bursar: ${expected ? (error as Error).message : ((error as Error)?.stack ?? String(error))}`);
    process.exitCode = 1;
  }
}
