import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/**
 * Every setting the service reads from the environment, with its default. `.env.example` mirrors
 * this class; keep them together. A wrong or missing value stops the process at boot.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsString() @MinLength(1)
  DATA_DIR = './data';

  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  DB_POOL_SIZE = 10;

  @Transform(toInt) @IsInt() @Min(100)
  DB_STATEMENT_TIMEOUT_MS = 15000;

  @Transform(toInt) @IsInt() @Min(100)
  DB_CONNECT_TIMEOUT_MS = 3000;

  /**
   * Seconds a database connection serves before it is replaced (with prepared statements): each
   * connection plans the request path's statements once, with the tables as they are then, and a
   * plan made while a table was nearly empty scans it whole once it is not.
   */
  @Transform(toInt) @IsInt() @Min(1)
  DB_CONNECTION_LIFETIME_S = 600;

  @Transform(toBoolean) @IsBoolean()
  DB_MIGRATE_ON_START = true;

  /**
   * Named prepared statements on the request path (src/database/sql.ts). Turn off behind a pooler
   * that does not keep a session per client (PgBouncer in transaction mode before 1.21), or a
   * database that serves several clients in one session (the embedded one's socket).
   */
  @Transform(toBoolean) @IsBoolean()
  DB_PREPARED_STATEMENTS = true;

  @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional() @IsString() @Matches(/-----BEGIN PUBLIC KEY-----/, { message: 'JWT_PUBLIC_KEY must be a PEM public key' })
  JWT_PUBLIC_KEY?: string;

  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  JWKS_URL?: string;

  @IsOptional() @IsString()
  JWT_ISSUER?: string;

  @IsOptional() @IsString()
  JWT_AUDIENCE?: string;

  @Transform(toInt) @IsInt() @Min(1) @Max(1024)
  BODY_LIMIT_MB = 32;

  @Transform(toInt) @IsInt() @Min(1024)
  METADATA_LIMIT_BYTES = 1024 * 1024;

  @Transform(toInt) @IsInt() @Min(1024)
  WRITE_DATA_LIMIT_BYTES = 16 * 1024 * 1024;

  @Transform(toBoolean) @IsBoolean()
  RATE_LIMIT_ENABLED = true;

  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_AI_WORKFLOWS = 6000;

  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_API_READ = 2000;

  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_API_WRITE = 600;

  @IsOptional() @IsString()
  CORS_ORIGINS?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @Transform(toInt) @IsInt() @Min(1)
  RETENTION_DAYS = 30;

  /** Minutes between scheduled retention runs; 0 turns the schedule off (the CLI still works). */
  @Transform(toInt) @IsInt() @Min(0)
  RETENTION_INTERVAL_MINUTES = 60;

  /** Workflows purged per transaction by a retention run. */
  @Transform(toInt) @IsInt() @Min(1) @Max(10000)
  RETENTION_BATCH_SIZE = 50;

  /** Workflow ids per partition of the checkpoint tables. */
  @Transform(toInt) @IsInt() @Min(1)
  WORKFLOW_PARTITION_SIZE = 100000;

  @Transform(toInt) @IsInt() @Min(0)
  SHUTDOWN_TIMEOUT_MS = 25000;
}

export class ConfigError extends Error {}

// Optional settings have no default, so they are not own keys of a fresh AppConfig.
const OPTIONAL_VARIABLES = ['DATABASE_URL', 'JWT_SECRET', 'JWT_PUBLIC_KEY', 'JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE', 'CORS_ORIGINS'];
const SECRET_VARIABLES = new Set(['JWT_SECRET', 'DATABASE_URL', 'JWT_PUBLIC_KEY']);

/** Validates the environment; the error names the first bad variable and what is wrong with it. */
export function loadEnvironment(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const present = Object.fromEntries(
    Object.keys(new AppConfig())
      .concat(OPTIONAL_VARIABLES)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const config = plainToInstance(AppConfig, present, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const [first] = errors;
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    const shown = SECRET_VARIABLES.has(first.property) ? '' : ` (got ${JSON.stringify(env[first.property])})`;
    throw new ConfigError(`Invalid environment: ${first.property} ${reasonWithoutName(reason, first.property)}${shown}`);
  }
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET && !config.JWT_PUBLIC_KEY && !config.JWKS_URL) {
    throw new ConfigError('Invalid environment: JWT_SECRET (or JWT_PUBLIC_KEY / JWKS_URL) is required when NODE_ENV=production');
  }
  return config;
}

function reasonWithoutName(reason: string, property: string): string {
  return reason.startsWith(property) ? reason.slice(property.length).trim() : reason;
}
