import type { AddressInfo } from 'node:net';
import type { Scope } from '../../../src/auth/scopes.js';
import { DuoWorkflowSaver, type DuoWorkflowSaverOptions } from '../../../packages/langgraph-saver/src/index.js';
import { createProject, createUser, mintToken } from '../../support/factories.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** What a saver needs to reach one project as one user. */
export type Tenant = { baseUrl: string; token: string; projectId: number };

/**
 * The real service on a real loopback port (the saver talks HTTP through fetch, as in production),
 * on DATABASE_URL or the embedded database.
 */
export class DuoServer {
  private constructor(
    readonly t: TestApp,
    readonly baseUrl: string,
  ) {}

  /** `env` overrides the app's environment (rate limits, say). */
  static async start(env: Record<string, string> = {}): Promise<DuoServer> {
    const t = await startTestApp(env);
    // On PostgreSQL the tables outlive the app: start clean, as every e2e spec does.
    await t.truncate();
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    return new DuoServer(t, `http://127.0.0.1:${port}`);
  }

  /** A fresh user who develops in a fresh project: nothing written before is visible to it. */
  async tenant(scopes: Scope[] = ['api']): Promise<Tenant> {
    const user = await createUser(this.t);
    const project = await createProject(this.t, { members: [[user, 30]] });
    return { baseUrl: this.baseUrl, token: await mintToken(this.t, user, scopes), projectId: Number(project.id) };
  }

  /** A saver on a fresh tenant, or on `tenant` to see what another saver wrote there. */
  async saver(tenant?: Tenant, options: Partial<DuoWorkflowSaverOptions> = {}): Promise<DuoWorkflowSaver> {
    return new DuoWorkflowSaver({ ...(tenant ?? (await this.tenant())), ...options });
  }

  close(): Promise<void> {
    return this.t.close();
  }
}

/** One server for the spec file that calls this: started before its tests, closed after them. */
export function useDuoServer(env: Record<string, string> = {}): () => DuoServer {
  let server: DuoServer | undefined;
  beforeAll(async () => {
    server = await DuoServer.start(env);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });
  return () => server!;
}
