import { Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { AiWorkflowsRoute } from '../../src/auth/ai-workflows-route.decorator.js';
import { configureApp } from '../../src/configure-app.js';
import { loadEnvironment } from '../../src/config/environment.js';
import { openDatabase } from '../../src/database/open-database.js';
import { truncateAll } from './test-app.js';

/** Two routes marked as Duo Workflow routes, the way the workflows controllers are. */
@AiWorkflowsRoute()
@Controller('ai/duo_workflows/probe')
class AiWorkflowsProbeController {
  @Get()
  read() {
    return { read: true };
  }

  @Post()
  write() {
    return { written: true };
  }
}

/** The same routes without the mark. */
@Controller('probe')
class PlainProbeController {
  @Get()
  read() {
    return { read: true };
  }
}

@Module({ controllers: [AiWorkflowsProbeController, PlainProbeController] })
class ProbeModule {}

/**
 * The real app (as main.ts builds it) plus the probe controllers above: it tests the global guard's
 * route-class rule on its own, independently of which Duo Workflow routes exist yet.
 */
export type ProbeApp = {
  app: NestExpressApplication;
  dataSource: DataSource;
  http: ReturnType<typeof request>;
  truncate(): Promise<void>;
  close(): Promise<void>;
};

export async function startProbeApp(): Promise<ProbeApp> {
  const config = loadEnvironment({ DATA_DIR: 'memory://', ...process.env });
  const database = await openDatabase(config);
  const app = await NestFactory.create<NestExpressApplication>(
    { module: class ProbeRoot {}, imports: [AppModule.forRoot(config, database), ProbeModule] },
    { bodyParser: false, bufferLogs: true },
  );
  configureApp(app, config);
  await app.init();
  const dataSource = app.get(DataSource);
  return {
    app,
    http: request(app.getHttpServer()),
    dataSource,
    truncate: () => truncateAll(dataSource),
    close: async () => {
      await app.close();
      await database.stop();
    },
  };
}
