// `paysim serve`: the HTTP API (src/api) on a port. Binds 127.0.0.1 unless told otherwise, since
// the API creates simulations and writes to the store with no authentication of its own.

import type { Command } from 'commander';
import { buildApp } from '../../api/app.js';
import { LOOPBACK_HOSTS } from '../../api/guards.js';
import { resolveDbPath } from '../../store/open.js';
import { CliError } from '../errors.js';
import { dbOption, positiveInteger } from '../flags.js';

interface ServeFlags {
  port: string;
  host: string;
  db?: string;
  maxSimulations?: string;
  allowHost?: string[];
  log?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API (OpenAPI at /openapi.json, docs at /docs; see docs/api.md) and the live viewer at / (docs/viewer.md)')
    .option('--port <n>', 'port', '8000')
    .option('--host <addr>', 'address to bind', '127.0.0.1')
    .addOption(dbOption())
    .option('--max-simulations <n>', 'live simulations held at once (default 16)')
    .option(
      '--allow-host <name...>',
      'host names the API answers to besides localhost, 127.0.0.1 and [::1] (the Host header; "*" for any)',
    )
    .option('--log', 'log each request on stderr')
    .action(async (flags: ServeFlags) => {
      await serve(flags);
    });
}

async function serve(flags: ServeFlags): Promise<void> {
  const port = flags.port === '0' ? 0 : positiveInteger('--port', flags.port);
  if (port > 65_535) throw new CliError(`--port: expected at most 65535, got ${port}`);
  const app = await buildApp({
    db: resolveDbPath(flags.db),
    allowedHosts: [...LOOPBACK_HOSTS, ...(flags.allowHost ?? [])],
    logger: flags.log ?? false,
    ...(flags.maxSimulations !== undefined ? { maxSimulations: positiveInteger('--max-simulations', flags.maxSimulations) } : {}),
  });
  const address = await app.listen({ port, host: flags.host });
  process.stderr.write(`paysim API on ${address} (live viewer: ${address}/, docs: ${address}/docs); Ctrl-C stops it\n`);
  // The command's promise settles when the server has closed, so main() returns normally.
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stderr.write('stopping\n');
      void app.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
