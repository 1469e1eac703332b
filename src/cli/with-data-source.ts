import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/environment.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { openDatabase } from '../database/open-database.js';

/** Opens the same DataSource the server uses (embedded database included), runs `work`, closes everything. */
export async function withDataSource<T>(config: AppConfig, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const database = await openDatabase(config);
  const dataSource = new DataSource(dataSourceOptions(config, database));
  try {
    await dataSource.initialize();
    return await work(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
  }
}
