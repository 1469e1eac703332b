import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuoWorkflowSaver } from '@duo-checkpoints/langgraph-saver';
import type { BenchDatabase } from '../db/bench-database.js';
import { ServerProcess } from '../service/server-process.js';
import { bootstrap, createProject, mintToken } from '../service/tenant.js';
import { POOL_SIZE, type Contender } from './contender.js';

export type ServiceOptions = {
  /** The repository root, whose dist/ holds the production build. */
  root: string;
  databaseUrl: string;
  /** Node flags for the server (e.g. --cpu-prof). */
  nodeArgs?: string[];
};

/**
 * duo-checkpoints from its production build, in a fresh schema bench_service (the server's
 * connections get it as search_path through PGOPTIONS), reached by DuoWorkflowSaver over HTTP.
 */
export async function startService(db: BenchDatabase, options: ServiceOptions): Promise<Contender> {
  const schema = 'bench_service';
  await db.resetSchema(schema);
  const dataDir = mkdtempSync(join(tmpdir(), 'duo-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    PGOPTIONS: `-c search_path=${schema}`,
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATA_DIR: dataDir,
    DB_POOL_SIZE: String(POOL_SIZE),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_ENABLED: 'false',
  };
  let server: ServerProcess | undefined;
  try {
    await bootstrap(options.root, env);
    server = await ServerProcess.start(options.root, env, options.nodeArgs);
    const projectId = await createProject(server.baseUrl, await mintToken(options.root, env, 'api'));
    // No retries: a failed request must fail the bench, not hide in a slower figure.
    const saver = new DuoWorkflowSaver({ baseUrl: server.baseUrl, token: await mintToken(options.root, env, 'ai_workflows'), projectId, retries: 0 });
    const running = server;
    return {
      name: 'service',
      saver,
      schema,
      checkpointTable: 'duo_workflows_checkpoints',
      keying: { kind: 'workflow', workflowsTable: 'duo_workflows_workflows' },
      memory: () => running.memory(),
      close: async () => {
        await running.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
