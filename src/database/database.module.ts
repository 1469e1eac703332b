import { DynamicModule, Global, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/environment.js';
import { DATABASE_TARGET, dataSourceOptions, type DatabaseTarget } from './data-source-options.js';
import { prepareSchema } from './migration-runner.js';
import { poolOf, Sql } from './sql.js';
import { dropStalledConnections } from './stalled-statements.js';

/** Applies pending migrations (and creates partitions ahead) when the app boots, unless DB_MIGRATE_ON_START=false. */
class MigrateOnStart implements OnApplicationBootstrap {
  private readonly logger = new Logger('Migrations');

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.DB_MIGRATE_ON_START) return;
    const { applied, partitions } = await prepareSchema(this.dataSource, this.config);
    if (applied.length > 0) this.logger.log(`applied ${applied.length} migration(s): ${applied.join(', ')}`);
    if (partitions.length > 0) this.logger.log(`created partitions: ${partitions.join(', ')}`);
  }
}

/** A statement with no answer this long after the server-side statement_timeout has a dead connection under it. */
const STALL_MARGIN_MS = 2000;

/** Drops pool connections whose statement goes unanswered (stalled-statements.ts) while the app runs. */
class StalledConnectionWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private stop?: () => void;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.stop = dropStalledConnections(poolOf(this.dataSource), this.config.DB_STATEMENT_TIMEOUT_MS + STALL_MARGIN_MS);
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(target: DatabaseTarget): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config, target),
            // At boot the database may still be starting (compose, CI): retry briefly, then fail loudly.
            retryAttempts: 5,
            retryDelay: 1000,
          }),
        }),
      ],
      providers: [
        { provide: DATABASE_TARGET, useValue: target },
        Sql,
        { provide: MigrateOnStart, inject: [AppConfig, DataSource], useFactory: (c: AppConfig, d: DataSource) => new MigrateOnStart(c, d) },
        { provide: StalledConnectionWatch, inject: [AppConfig, DataSource], useFactory: (c: AppConfig, d: DataSource) => new StalledConnectionWatch(c, d) },
      ],
      exports: [DATABASE_TARGET, Sql],
    };
  }
}
