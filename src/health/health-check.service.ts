import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/environment.js';
import { hasPendingMigrations } from '../database/migration-runner.js';

export type HealthReport = {
  status: 'ok' | 'unavailable';
  database: 'ok' | 'unreachable';
  migrations: 'current' | 'pending' | 'unknown';
};

@Injectable()
export class HealthCheckService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async check(): Promise<HealthReport> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), this.config.DB_CONNECT_TIMEOUT_MS);
    } catch {
      return { status: 'unavailable', database: 'unreachable', migrations: 'unknown' };
    }
    const pending = await hasPendingMigrations(this.dataSource).catch(() => true);
    return pending
      ? { status: 'unavailable', database: 'ok', migrations: 'pending' }
      : { status: 'ok', database: 'ok', migrations: 'current' };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('health check timed out')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
