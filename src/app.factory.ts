import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { AppExpressAdapter } from './common/http/express-adapter.js';
import { configureApp } from './configure-app.js';
import type { AppConfig } from './config/environment.js';
import { openDatabase } from './database/open-database.js';

export type RunningApp = {
  app: NestExpressApplication;
  /** Closes the HTTP server (in-flight requests finish), the pool, then the embedded database. */
  close(): Promise<void>;
};

/** Builds the app exactly as the server runs it; main.ts and the e2e tests both start here. */
export async function createApp(config: AppConfig): Promise<RunningApp> {
  const database = await openDatabase(config);
  try {
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database), new AppExpressAdapter(), {
      bodyParser: false,
      bufferLogs: true,
    });
    configureApp(app, config);
    await app.init();
    return {
      app,
      async close() {
        await app.close();
        await database.stop();
      },
    };
  } catch (error) {
    await database.stop();
    throw error;
  }
}
