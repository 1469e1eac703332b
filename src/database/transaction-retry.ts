import type { DataSource, EntityManager } from 'typeorm';
import { postgresAsksForRetry } from './database-errors.js';

/** Runs `work` in a transaction, again (up to `attempts` times) when PostgreSQL asks for a retry. */
export async function transactionWithRetry<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(work);
    } catch (error) {
      if (attempt >= attempts || !postgresAsksForRetry(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
    }
  }
}
