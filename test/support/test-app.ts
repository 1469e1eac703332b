import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { loadEnvironment, type AppConfig } from '../../src/config/environment.js';
import { OpenApiValidator } from './openapi-validator.js';
import { validatedHttp } from './validated-http.js';

export type TestApp = {
  app: NestExpressApplication;
  config: AppConfig;
  /** Every response it receives is checked against the app's OpenAPI document (see validated-http.ts). */
  http: ReturnType<typeof request>;
  /** The drift check behind `http`, built from this app's /api/docs-json. */
  openApi: OpenApiValidator;
  dataSource: DataSource;
  /** Empties every table but the migrations log, so each test starts clean. */
  truncate(): Promise<void>;
  close(): Promise<void>;
};

/**
 * The app exactly as main.ts builds it, on DATABASE_URL when set, else on an in-memory embedded
 * database. `env` overrides environment variables for this app only.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadEnvironment({ DATA_DIR: 'memory://', ...process.env, ...env });
  const running = await createApp(config);
  const dataSource = running.app.get(DataSource);
  const http = request(running.app.getHttpServer());
  const openApi = new OpenApiValidator((await http.get('/api/docs-json')).body);
  return {
    app: running.app,
    config,
    http: validatedHttp(http, openApi),
    openApi,
    dataSource,
    truncate: () => truncateAll(dataSource),
    close: running.close,
  };
}

export async function truncateAll(dataSource: DataSource): Promise<void> {
  const tables: { tablename: string }[] = await dataSource.query(
    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'",
  );
  if (tables.length === 0) return;
  await dataSource.query(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}
