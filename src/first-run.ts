import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from './config/environment.js';

/**
 * On the first start, tell the person at the terminal where things are. (The root token is added
 * by the identity module once users exist.)
 */
export async function announceFirstRun(_app: INestApplication, _config: AppConfig, url: string): Promise<void> {
  process.stdout.write(`\n  duo-checkpoints is running\n  API:  ${url}/api/v4\n  Docs: ${url}/api/docs\n\n`);
}
