/** Entry point: config → createPuente (the composition root, server.ts); SIGINT/SIGTERM stop it gracefully. */
import { loadConfigOrExit } from './platform/config/env.js';
import { createLogger } from './platform/config/logger.js';
import { createPuente, readyBanner } from './server.js';

const config = loadConfigOrExit();
const logger = createLogger(config.logLevel);

try {
  const server = await createPuente(config, logger);
  process.stdout.write(`${readyBanner(server.url, config.publicUrl, server.store)}\n`);
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) process.exit(1); // a second Ctrl-C forces the exit
    logger.info({ signal }, 'signal received');
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
} catch (err) {
  logger.fatal({ err }, 'Puente could not start');
  process.stderr.write(`Puente no pudo iniciar / could not start: ${(err as Error).message}\n`);
  process.exit(1);
}
