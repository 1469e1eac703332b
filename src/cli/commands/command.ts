import type { AppConfig } from '../../config/environment.js';

export type CliCommand = {
  description: string;
  /** Returns the process exit code. */
  run(config: AppConfig, flags: Record<string, string>): Promise<number>;
};
