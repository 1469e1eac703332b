import { PersonalAccessToken } from '../../src/auth/entities/personal-access-token.entity.js';
import { PersonalAccessTokenMinter } from '../../src/auth/personal-access-token-minter.js';
import type { Scope } from '../../src/auth/scopes.js';
import type { AccessLevel } from '../../src/projects/access-level.js';
import { ProjectMember } from '../../src/projects/entities/project-member.entity.js';
import { Project } from '../../src/projects/entities/project.entity.js';
import { User } from '../../src/users/entities/user.entity.js';
import type { TestApp } from './test-app.js';

/** What the factories need of a test app: its database and its providers. */
export type AppHandle = Pick<TestApp, 'app' | 'dataSource'>;

/**
 * Plain functions that put records straight into the test's database. Unique values come from a
 * counter, so tests never collide on usernames or paths.
 */
let sequence = 0;
const next = () => ++sequence;

export async function createUser(t: AppHandle, attributes: Partial<Pick<User, 'username' | 'name' | 'email' | 'admin' | 'state'>> = {}): Promise<User> {
  const n = next();
  const users = t.dataSource.getRepository(User);
  return users.save(users.create({ username: `user${n}`, name: `User ${n}`, email: `user${n}@example.com`, admin: false, state: 'active', ...attributes }));
}

export const createAdmin = (t: AppHandle, attributes: Parameters<typeof createUser>[1] = {}) => createUser(t, { admin: true, ...attributes });

export type ProjectAttributes = Partial<Pick<Project, 'name' | 'path' | 'namespacePath' | 'duoFeaturesEnabled'>> & {
  /** Each member with their access level. */
  members?: [User, AccessLevel][];
};

export async function createProject(t: AppHandle, { members = [], ...attributes }: ProjectAttributes = {}): Promise<Project> {
  const n = next();
  const projects = t.dataSource.getRepository(Project);
  const { id } = await projects.save(projects.create({ name: `Project ${n}`, path: `project-${n}`, namespacePath: `group-${n}`, ...attributes }));
  for (const [user, level] of members) await addMember(t, { id } as Project, user, level);
  return projects.findOneByOrFail({ id });
}

export async function addMember(t: AppHandle, project: Project, user: User, accessLevel: AccessLevel): Promise<ProjectMember> {
  const members = t.dataSource.getRepository(ProjectMember);
  return members.save(members.create({ projectId: project.id, userId: user.id, accessLevel }));
}

export type MintOptions = { expiresAt?: Date; name?: string };

/** A recorded token for `user`, minted the way the API mints them. */
export async function mintToken(t: AppHandle, user: User, scopes: Scope[] = ['api'], options: MintOptions = {}): Promise<string> {
  return (await mintRecordedToken(t, user, scopes, options)).jwt;
}

export async function mintRecordedToken(t: AppHandle, user: User, scopes: Scope[] = ['api'], options: MintOptions = {}) {
  const minted = await t.app.get(PersonalAccessTokenMinter).mint(user, {
    name: options.name ?? 'test',
    scopes,
    expiresAt: options.expiresAt ?? new Date(Date.now() + 60 * 60 * 1000),
  });
  if (minted.status === 'error') throw new Error(`could not mint a test token: ${minted.message}`);
  return minted.payload;
}

export async function findToken(t: AppHandle, id: string): Promise<PersonalAccessToken> {
  return t.dataSource.getRepository(PersonalAccessToken).findOneByOrFail({ id });
}
