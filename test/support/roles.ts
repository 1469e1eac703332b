import { AccessLevel } from '../../src/projects/access-level.js';
import type { Project } from '../../src/projects/entities/project.entity.js';
import type { User } from '../../src/users/entities/user.entity.js';
import { createAdmin, createProject, createUser, mintToken } from './factories.js';
import type { TestApp } from './test-app.js';

/** GitLab's request-spec roles on one project: five member levels, a stranger, an administrator. */
export const ROLES = ['guest', 'reporter', 'developer', 'maintainer', 'owner', 'non_member', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const LEVEL: Partial<Record<Role, AccessLevel>> = {
  guest: AccessLevel.GUEST,
  reporter: AccessLevel.REPORTER,
  developer: AccessLevel.DEVELOPER,
  maintainer: AccessLevel.MAINTAINER,
  owner: AccessLevel.OWNER,
};

export type RoleFixture = {
  project: Project;
  users: Record<Role, User>;
  /** `Authorization` headers with an api token per role. */
  auth: Record<Role, { Authorization: string }>;
};

export async function projectWithRoles(t: TestApp, attributes: Parameters<typeof createProject>[1] = {}): Promise<RoleFixture> {
  const users = {} as Record<Role, User>;
  for (const role of ROLES) users[role] = role === 'admin' ? await createAdmin(t) : await createUser(t);
  const members = ROLES.filter((role) => LEVEL[role]).map((role) => [users[role], LEVEL[role]!] as [User, AccessLevel]);
  const project = await createProject(t, { ...attributes, members });
  const auth = {} as RoleFixture['auth'];
  for (const role of ROLES) auth[role] = await bearer(t, users[role]);
  return { project, users, auth };
}

export async function bearer(t: TestApp, user: User, scopes: Parameters<typeof mintToken>[2] = ['api']): Promise<{ Authorization: string }> {
  return { Authorization: `Bearer ${await mintToken(t, user, scopes)}` };
}

/** it.each rows: [role, expected status] for every role, from the roles that succeed. */
export function matrix(allowed: readonly Role[], success: number, denied: number): [Role, number][] {
  return ROLES.map((role) => [role, allowed.includes(role) ? success : role === 'non_member' ? 404 : denied]);
}

export type People = {
  admin: User;
  alice: User;
  carol: User;
  asAdmin: { Authorization: string };
  asAlice: { Authorization: string };
};

/** The cast of the user and token specs: an administrator `boss`, and users `alice` and `carol`. */
export async function people(t: TestApp): Promise<People> {
  const admin = await createAdmin(t, { username: 'boss', name: 'Boss', email: 'boss@example.com' });
  const alice = await createUser(t, { username: 'alice', name: 'Alice', email: 'alice@example.com' });
  const carol = await createUser(t, { username: 'carol', name: 'Carol', email: 'carol@example.com' });
  return { admin, alice, carol, asAdmin: await bearer(t, admin), asAlice: await bearer(t, alice) };
}
