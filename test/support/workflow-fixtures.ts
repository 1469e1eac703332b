import type { Project } from '../../src/projects/entities/project.entity.js';
import type { User } from '../../src/users/entities/user.entity.js';
import { createProject, createUser, mintToken } from './factories.js';
import type { TestApp } from './test-app.js';

export const WORKFLOWS = '/api/v4/ai/duo_workflows/workflows';

/** A developer of a fresh project with an api token: the usual owner of a workflow. */
export async function workflowOwner(t: TestApp): Promise<{ user: User; project: Project; token: string; auth: { Authorization: string } }> {
  const user = await createUser(t);
  const project = await createProject(t, { members: [[user, 30]] });
  const token = await mintToken(t, user, ['api']);
  return { user, project, token, auth: { Authorization: `Bearer ${token}` } };
}

/** Creates a workflow through the API and returns its body. */
export async function createWorkflow(t: TestApp, auth: Record<string, string>, body: Record<string, unknown>) {
  const response = await t.http.post(WORKFLOWS).set(auth).send(body);
  if (response.status !== 201) throw new Error(`create workflow: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { id: number; thread_id: string; project_id: number };
}
