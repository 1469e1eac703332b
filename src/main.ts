import 'reflect-metadata';
import type { Server, ServerResponse } from 'node:http';
import { Logger } from 'nestjs-pino';
import { createApp } from './app.factory.js';
import { ConfigError, loadEnvironment } from './config/environment.js';
import { EmbeddedDatabaseBusy } from './database/embedded-lock.js';
import { announceFirstRun } from './first-run.js';

async function main(): Promise<void> {
  const config = loadEnvironment();
  const running = await createApp(config);
  const { app } = running;
  await app.listen(config.PORT, config.HOST);
  const url = publicUrl(await app.getUrl());
  const logger = app.get(Logger);
  logger.log(`duo-checkpoints listening on ${url} (API ${url}/api/v4, docs ${url}/api/docs)`, 'Bootstrap');
  await announceFirstRun(app, config, url);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: finishing in-flight requests`, 'Bootstrap');
    const force = setTimeout(() => {
      logger.error(`shutdown took longer than ${config.SHUTDOWN_TIMEOUT_MS} ms; exiting`, undefined, 'Bootstrap');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    endKeepAlive(app.getHttpServer());
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed', 'Bootstrap');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

/**
 * Clients under load keep reusing their keep-alive connections, and a connection that keeps
 * carrying requests never becomes idle, so closing the server would wait forever. From here on,
 * every response says `Connection: close`, and connections idle right now are closed.
 */
function endKeepAlive(server: Server): void {
  server.on('request', (_request, response: ServerResponse) => response.setHeader('Connection', 'close'));
  server.closeIdleConnections();
}

function publicUrl(listening: string): string {
  // Nest reports the bound address; 0.0.0.0 / [::] are not addresses a user can open.
  return listening.replace('[::1]', 'localhost').replace('[::]', 'localhost').replace('0.0.0.0', 'localhost').replace('127.0.0.1', 'localhost');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof EmbeddedDatabaseBusy) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`duo-checkpoints failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
  process.exit(1);
});
