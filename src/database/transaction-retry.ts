import type { DataSource, EntityManager } from 'typeorm';

// deadlock_detected and serialization_failure: PostgreSQL rolled the transaction back and says
// that running it again can succeed.
const RETRYABLE = new Set(['40P01', '40001']);

/** Runs `work` in a transaction, again (up to `attempts` times) when PostgreSQL asks for a retry. */
export async function transactionWithRetry<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(work);
    } catch (error) {
      const code = (error as { driverError?: { code?: string } }).driverError?.code;
      if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
    }
  }
}
