import { startTestApp, type TestApp } from './test-app.js';
import { workflowOwner } from './workflow-fixtures.js';

export type WorkflowSuite = { t: TestApp; owner: Awaited<ReturnType<typeof workflowOwner>> };

/**
 * The hooks every workflow spec needs: one app per file, clean tables and a fresh workflow owner
 * (a developer of a new project with an api token) per test. Read the fields inside tests.
 */
export function workflowSuite(): WorkflowSuite {
  const suite = {} as WorkflowSuite;
  beforeAll(async () => {
    suite.t = await startTestApp();
  });
  beforeEach(async () => {
    await suite.t.truncate();
    suite.owner = await workflowOwner(suite.t);
  });
  afterAll(() => suite.t.close());
  return suite;
}
